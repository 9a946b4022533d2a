"""The source policy's catalogue (fault types, sanctions ladder, exemptions), effective-dated."""

from __future__ import annotations

import datetime as dt

from yifa.accountability.models import Term
from yifa.workcal.dated import in_force


def terms_on(kind: str, day: dt.date) -> list[Term]:
    """The entries of one kind in force on `day`, lightest first."""
    return list(in_force(Term.objects.filter(kind=kind), day).order_by("rank", "code"))


def term_on(kind: str, code: str, day: dt.date) -> Term | None:
    return in_force(Term.objects.filter(kind=kind, code=code), day).order_by("-effective_from").first()

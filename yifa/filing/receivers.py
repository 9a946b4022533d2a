"""The hook: when a penalty case is decided (its "decide" step committed), the case is measured
against the major-case criterion; a major one gets its filing (idempotent)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from yifa.cases.models import Case
from yifa.filing.actions import open_filing
from yifa.workflow.signals import step_committed


@receiver(step_committed, sender=Case, dispatch_uid="yifa.filing.case_decided")
def case_decided(sender: Any, step: str, record_id: int, acting_user: Any, **kwargs: Any) -> None:
    if step != "decide":
        return
    open_filing(Case.objects.get(pk=record_id), acting_user=acting_user)

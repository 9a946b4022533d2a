"""Form pieces the procedure apps' pages share: the date input, today's date as an initial value,
the agency's officers with a valid certificate (the actions check the certificate again), and the
party's identity code and phone in their stored forms (yifa.lib.idcodes; the actions check again)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from yifa.lib.errors import ActionError
from yifa.lib.idcodes import canonical_party_code, canonical_phone, normalise
from yifa.registry.models import Officer
from yifa.web.i18n import in_language

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def today() -> dt.date:
    """Today in the local time zone (a callable initial value: evaluated when the form is shown)."""
    return timezone.localdate()


def agency_officers(agency_id: Any) -> Any:
    """The agency's officers with a valid certificate (the action checks the certificate again)."""
    return Officer.objects.filter(agency_id=agency_id, status=Officer.Status.ACTIVE).order_by("name_key", "name", "pk")


class CodeField(forms.CharField):
    """An identity code as typed (full-width, with spaces or hyphens): normalised before its length
    is checked; `check_party_code` then checks it against the party's kind."""

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return normalise(text) if isinstance(text, str) else text


class PhoneField(forms.CharField):
    """A phone number, in its stored form (0579-84123456, 13812345678) or refused at the field."""

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        try:
            return canonical_phone(text or "")
        except ActionError as err:
            raise ValidationError(in_language(err)) from None


def check_party_code(form: forms.Form, prefix: str = "party") -> None:
    """In a form's clean(): `<prefix>_code` checked against `<prefix>_kind` (either code where the
    form has no kind), the error shown at the field; the action checks it again."""
    name = f"{prefix}_code"
    code = form.cleaned_data.get(name)
    if not code:
        return
    try:
        form.cleaned_data[name] = canonical_party_code(form.cleaned_data.get(f"{prefix}_kind"), code, field=name)
    except ActionError as err:
        form.add_error(name, in_language(err))

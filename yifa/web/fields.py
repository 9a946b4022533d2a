"""Form pieces the procedure apps' pages share: the date input, today's date as an initial value,
and the agency's officers with a valid certificate (the actions check the certificate again)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from yifa.registry.models import Officer

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def today() -> dt.date:
    """Today in the local time zone (a callable initial value: evaluated when the form is shown)."""
    return timezone.localdate()


def agency_officers(agency_id: Any) -> Any:
    """The agency's officers with a valid certificate (the action checks the certificate again)."""
    return Officer.objects.filter(agency_id=agency_id, status=Officer.Status.ACTIVE).order_by("name")

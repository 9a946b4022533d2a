"""The ledger's forms: the surcharge calculator, a bank statement upload, the report's period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"})


class SurchargeForm(forms.Form):
    fine = forms.DecimalField(label=_("罚款金额（元）"), min_value=0, max_digits=14, decimal_places=2)
    due = forms.DateField(label=_("缴款期限"), widget=DATE)
    paid = forms.DateField(label=_("缴款日期"), widget=DATE)


class StatementForm(forms.Form):
    file = forms.FileField(label=_("银行对账单（CSV）"),
                           help_text=_("UTF-8编码的CSV文件，首行为列名（见上文）。"))


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DATE, required=False)
    end = forms.DateField(label=_("截止日期"), widget=DATE, required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        """The period asked for; by default this year up to today."""
        today = timezone.localdate()
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return data.get("start") or today.replace(month=1, day=1), data.get("end") or today

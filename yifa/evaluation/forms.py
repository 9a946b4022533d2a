from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yifa.evaluation.models import PLAN_PARTS


class ComputeForm(forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)


class ManualScoreForm(forms.Form):
    agency = forms.IntegerField(label=_("执法主体"))
    indicator_code = forms.CharField(label=_("指标代码"), max_length=30)
    value = forms.DecimalField(label=_("得分"), min_value=0, max_value=100, decimal_places=2)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for key, name in PLAN_PARTS:
            self.fields[key] = forms.CharField(label=_(name), max_length=20000,
                                               widget=forms.Textarea(attrs={"rows": 3}))

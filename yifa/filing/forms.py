from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yifa.filing.actions import MAX_DRAW


class DrawForm(forms.Form):
    title = forms.CharField(label=_("抽查名称"), max_length=100)
    closed_from = forms.DateField(label=_("结案日期自"), widget=forms.DateInput(attrs={"type": "date"}))
    closed_to = forms.DateField(label=_("结案日期至"), widget=forms.DateInput(attrs={"type": "date"}))
    agencies_n = forms.IntegerField(label=_("抽取机关数"), min_value=1, max_value=MAX_DRAW)
    cases_n = forms.IntegerField(label=_("每机关抽取案件数"), min_value=1, max_value=MAX_DRAW)


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("检查结果"), choices=[("sound", _("合格")), ("flawed", _("存在问题"))])
    finding = forms.CharField(label=_("检查意见"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

"""Inputs of the random-inspection pages beyond the plan's steps (whose forms derive from
yifa.randomcheck.procedure): the directory, the pool, recusals, a plan and an inspection of a
drawn entity. A form only checks input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from yifa.inspections.forms import inspection_powers
from yifa.inspections.models import InspectionResult
from yifa.law.models import PowerItem
from yifa.lib.pickers import PersonSelect
from yifa.randomcheck.models import Entity, PlanStatus
from yifa.registry.models import Officer, Region
from yifa.web.fields import DATE_INPUT, CodeField, agency_officers
from yifa.web.i18n import tr, translate_form

LABELS = (gettext_noop("待抽取"), gettext_noop("已抽取"), gettext_noop("已公开"))
TEXT_AREA = forms.Textarea(attrs={"rows": 3})


def area_regions(agency: Any) -> Any:
    return Region.objects.filter(path__startswith=agency.region.path).order_by("path")


class _AgencyForm(forms.Form):
    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)
        self.user = user
        self.setup(user)
        translate_form(self)

    def setup(self, user: Any) -> None:
        """Choices drawn from the user's agency."""


class EntityForm(_AgencyForm):
    name = forms.CharField(label=_("名称"), max_length=200)
    credit_code = CodeField(label=_("统一社会信用代码"), max_length=40)
    sector = forms.CharField(label=_("行业"), max_length=50)
    region = forms.ModelChoiceField(label=_("所在区域"), queryset=Region.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200, required=False)

    def setup(self, user: Any) -> None:
        self.fields["region"].queryset = area_regions(user.agency)  # type: ignore[attr-defined]


class InspectorForm(_AgencyForm):
    officer = forms.ModelChoiceField(label=_("执法人员（持有效执法证件）"), queryset=Officer.objects.none(),
                                     widget=PersonSelect)

    def setup(self, user: Any) -> None:
        self.fields["officer"].queryset = agency_officers(user.agency_id)  # type: ignore[attr-defined]


class RecusalForm(_AgencyForm):
    entity = forms.ModelChoiceField(label=_("检查对象"), queryset=Entity.objects.none())
    officer = forms.ModelChoiceField(label=_("回避的执法人员"), queryset=Officer.objects.none(), widget=PersonSelect)
    reason = forms.CharField(label=_("回避理由"), max_length=200)

    def setup(self, user: Any) -> None:
        self.fields["entity"].queryset = Entity.objects.filter(agency_id=user.agency_id).order_by("id")  # type: ignore[attr-defined]
        self.fields["officer"].queryset = Officer.objects.filter(agency_id=user.agency_id).order_by("name")  # type: ignore[attr-defined]


class PlanForm(_AgencyForm):
    title = forms.CharField(label=_("计划名称"), max_length=200)
    scope = forms.CharField(label=_("抽查事项和范围"), widget=TEXT_AREA)
    sector = forms.CharField(label=_("行业（不填为全部）"), max_length=50, required=False)
    region = forms.ModelChoiceField(label=_("区域（不填为全部）"), queryset=Region.objects.none(), required=False)
    ratio = forms.DecimalField(label=_("抽查比例（%）"), max_digits=5, decimal_places=2, required=False)
    count = forms.IntegerField(label=_("抽查数量"), min_value=1, max_value=100_000, required=False,
                               help_text=_("比例和数量填写其一"))
    inspectors_per_entity = forms.IntegerField(label=_("每户检查人员数"), min_value=1, max_value=10, initial=2)
    starts_on = forms.DateField(label=_("检查期间起"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("检查期间止"), widget=DATE_INPUT)

    def setup(self, user: Any) -> None:
        self.fields["region"].queryset = area_regions(user.agency)  # type: ignore[attr-defined]


class InspectForm(_AgencyForm):
    power = forms.ModelChoiceField(label=_("检查事项"), queryset=PowerItem.objects.none())
    inspected_on = forms.DateField(label=_("检查日期"), widget=DATE_INPUT)
    place = forms.CharField(label=_("检查地点"), max_length=200)
    findings = forms.CharField(label=_("检查情况"), widget=TEXT_AREA)
    result = forms.ChoiceField(label=_("检查结果"), choices=InspectionResult.choices)

    def setup(self, user: Any) -> None:
        self.fields["power"].queryset = inspection_powers(user.agency_id)  # type: ignore[attr-defined]


def status_label(status: str) -> Any:
    return tr(PlanStatus(status).label)

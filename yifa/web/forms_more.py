"""Forms for agencies, laws, provisions and their versions, power items, time-limit rules and
the holiday calendar. Like yifa.web.forms they only check input; the actions write."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yifa.accounts.models import SHARED_EDITORS
from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.registry import access
from yifa.registry.models import Agency, Post, Region, Unit
from yifa.web.forms import DATE_INPUT, ScopedModelForm
from yifa.web.i18n import day_count, in_language, is_english, tr
from yifa.workcal import notice
from yifa.workcal.models import DeadlineRule

#: A form-only field: not a column, never handed to the action as data.
CLOSE_PREVIOUS = "close_previous"


def editable_regions(user: Any) -> QuerySet[Region]:
    """Regions in which `user` may create or move an agency (access.can_edit has the last word)."""
    if not access.is_staff_user(user):
        return Region.objects.none()
    if user.is_sysadmin:
        return Region.objects.all()
    if user.role in SHARED_EDITORS and user.is_region_staff:
        return Region.objects.filter(path__startswith=user.region.path)
    return Region.objects.none()


class MoreModelForm(ScopedModelForm):
    """A scoped ModelForm whose many-to-many fields go to the action's `m2m` argument."""

    form_only: tuple[str, ...] = ()

    def _m2m_names(self) -> set[str]:
        return {f.name for f in self._meta.model._meta.many_to_many}

    def action_data(self) -> dict[str, Any]:
        skip = self._m2m_names() | set(self.form_only)
        return {k: v for k, v in super().action_data().items() if k not in skip}

    def m2m_data(self) -> dict[str, list[Any]] | None:
        names = [n for n in self._m2m_names() if n in self.cleaned_data]
        return {n: list(self.cleaned_data[n]) for n in names} or None


class AgencyForm(MoreModelForm):
    class Meta:
        model = Agency
        fields: ClassVar[list[str]] = [
            "name", "short_name", "kind", "sector", "qualification_basis", "region",
            "parent_government", "entrusted_by", "uscc", "address", "phone", "is_active",
        ]
        widgets: ClassVar[dict[str, forms.Widget]] = {"qualification_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["region"].queryset = editable_regions(user).order_by("path")  # type: ignore[attr-defined]
        entrusting = access.visible_agencies(user).order_by("name")
        if self.instance.pk:
            entrusting = entrusting.exclude(pk=self.instance.pk)
        self.fields["entrusted_by"].queryset = entrusting  # type: ignore[attr-defined]


class LawForm(MoreModelForm):
    class Meta:
        model = Law
        fields: ClassVar[list[str]] = ["name", "kind", "issuer", "promulgated_on", "document_number"]
        widgets: ClassVar[dict[str, forms.Widget]] = {"promulgated_on": DATE_INPUT}


class ProvisionForm(MoreModelForm):
    """The law is fixed by the page (the instance carries it)."""

    class Meta:
        model = Provision
        fields: ClassVar[list[str]] = ["article", "label"]


class VersionedForm(MoreModelForm):
    """A form adding an effective-dated version; it may close the version in force until then."""

    form_only = (CLOSE_PREVIOUS,)
    close_previous = forms.BooleanField(
        label=_("同时将此前现行版本的失效日期设为新版本施行日的前一日"), required=False, initial=True,
    )

    def __init__(self, user: Any, *args: Any, adding: bool = True, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        if not adding:
            del self.fields[CLOSE_PREVIOUS]

    def closes_previous(self) -> bool:
        return bool(self.cleaned_data.get(CLOSE_PREVIOUS))


class ProvisionVersionForm(VersionedForm):
    class Meta:
        model = ProvisionVersion
        fields: ClassVar[list[str]] = ["text", "effective_from", "effective_to", "source"]
        widgets: ClassVar[dict[str, forms.Widget]] = {"effective_from": DATE_INPUT, "effective_to": DATE_INPUT,
                   "text": forms.Textarea(attrs={"rows": 6})}


class DeadlineRuleForm(VersionedForm):
    class Meta:
        model = DeadlineRule
        fields: ClassVar[list[str]] = ["code", "name", "count", "unit", "trigger", "citation", "rolls_over",
                                       "rolls_over_citation", "effective_from", "effective_to"]
        widgets: ClassVar[dict[str, forms.Widget]] = {"effective_from": DATE_INPUT, "effective_to": DATE_INPUT}
        help_texts: ClassVar[dict[str, str | Promise]] = {"code": _("同一规则的各版本使用同一编码；法律修改时新增版本，施行日期晚于现行版本。")}


class PowerItemForm(MoreModelForm):
    scoped_fields: ClassVar[dict[str, type[models.Model]]] = {"unit": Unit, "post": Post}

    penalty_types = forms.MultipleChoiceField(
        label=_("处罚种类"), required=False, choices=PowerItem.PenaltyType.choices,
        widget=forms.CheckboxSelectMultiple, help_text=_("仅行政处罚事项填写（《行政处罚法》第九条）。"),
    )

    class Meta:
        model = PowerItem
        fields: ClassVar[list[str]] = [
            "code", "name", "category", "agency", "unit", "post", "procedure",
            "violated_provisions", "penalty_provisions", "time_limit_rule", "fee_standard",
            "penalty_types", "penalty_standard", "responsibility_items", "accountability", "is_active",
        ]
        widgets: ClassVar[dict[str, forms.Widget]] = {"violated_provisions": forms.SelectMultiple(attrs={"size": 8}),
                   "penalty_provisions": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        provisions = access.scoped(Provision, user).select_related("law").order_by("law__name", "article", "label")
        for name in ("violated_provisions", "penalty_provisions"):
            self.fields[name].queryset = provisions  # type: ignore[attr-defined]
        rules = access.scoped(DeadlineRule, user).order_by("code", "effective_from")
        self.fields["time_limit_rule"].queryset = rules  # type: ignore[attr-defined]
        # by name, period and start, never the rule's code (for those who maintain the rules only)
        self.fields["time_limit_rule"].label_from_instance = _rule_label  # type: ignore[attr-defined]


def _rule_label(rule: DeadlineRule) -> str:
    return f"{tr(rule.name)}（{day_count(rule.count, rule.unit)}，{rule.effective_from:%Y-%m-%d}）"


class CalendarNoticeForm(forms.Form):
    """A year's holiday notice as typed lines; every line is checked before anything is saved."""

    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("来源"), max_length=200,
                             widget=forms.TextInput(attrs={"placeholder": _("例如：国办发明电〔2026〕X号")}))
    lines = forms.CharField(
        label=_("节假日调整"), widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_("每行一项：日期 holiday|workday 说明，例如“2027-01-01 holiday 元旦”、"
                    "“2027-02-07 workday 春节调休”。只列工作日放假和周末调休上班的日子。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, text = data.get("year"), data.get("lines")
        if year is None or text is None:
            return data
        try:
            data["exceptions"] = notice.parse_notice(text, year, strict=True)
        except notice.NoticeError as err:
            self.add_error("lines", in_language(err) + ("." if is_english() else "。"))
            return data
        if not data["exceptions"]:
            self.add_error("lines", gettext("请至少填写一行。"))
        return data

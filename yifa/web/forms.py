"""Forms of the internal pages. They only check input; every write goes through the actions."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yifa.lib.workdays import DayUnit
from yifa.registry import access
from yifa.registry.actions import STATUS_MOVES
from yifa.registry.models import Officer, Post, Unit
from yifa.web.i18n import day_count, tr, translate_form
from yifa.workcal.models import DeadlineRule

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-record choices are only what the user may see."""

    scoped_fields: ClassVar[dict[str, type[models.Model]]] = {}

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_form(self)
        self.user = user
        if "agency" in self.fields:
            self.fields["agency"].queryset = access.visible_agencies(user).order_by("name")  # type: ignore[attr-defined]
        for name, model in self.scoped_fields.items():
            if name in self.fields:
                self.fields[name].queryset = access.scoped(model, user).select_related("agency")  # type: ignore[attr-defined]

    def action_data(self) -> dict[str, Any]:
        """The cleaned values to hand to create_record / update_record."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}


class UnitForm(ScopedModelForm):
    class Meta:
        model = Unit
        fields: ClassVar[list[str]] = ["agency", "name", "duties"]


class PostForm(ScopedModelForm):
    scoped_fields: ClassVar[dict[str, type[models.Model]]] = {"unit": Unit}

    class Meta:
        model = Post
        fields: ClassVar[list[str]] = ["agency", "unit", "name", "duties", "headcount"]


class OfficerForm(ScopedModelForm):
    scoped_fields: ClassVar[dict[str, type[models.Model]]] = {"unit": Unit, "post": Post}

    class Meta:
        model = Officer
        fields: ClassVar[list[str]] = [
            "agency", "unit", "post", "name", "resident_id", "certificate_no", "issuing_authority",
            "area", "field", "valid_from", "valid_until", "is_legal_reviewer",
        ]
        widgets: ClassVar[dict[str, forms.Widget]] = {"valid_from": DATE_INPUT, "valid_until": DATE_INPUT}

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        instance = kwargs.get("instance")
        if instance is not None and instance.pk and not access.can_see_full_id(user, instance):
            # Whoever may not read the full ID number may not see it in a form either.
            del self.fields["resident_id"]


class OfficerStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("变更为"))
    reason = forms.CharField(
        label=_("原因"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("例如：涉嫌违法违纪，依规暂扣")}),
    )

    def __init__(self, officer: Officer, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Officer.Status.choices)
        moves = sorted(STATUS_MOVES.get(officer.status, frozenset()))
        self.fields["to_status"].choices = [(m, tr(labels[m])) for m in moves]  # type: ignore[attr-defined]
        self.has_moves = bool(moves)


UNIT_CHOICES = [("", "—"), (DayUnit.WORKING.value, _("工作日")), (DayUnit.CALENDAR.value, _("自然日"))]
MAX_DAYS = 3650


def rule_choices() -> list[tuple[str, str]]:
    """One entry per rule code (named as its newest version); the version in force goes by date."""
    latest: dict[str, DeadlineRule] = {}
    for rule in DeadlineRule.objects.order_by("code", "effective_from"):
        latest[rule.code] = rule
    return [("", gettext("— 不使用规则，按天数计算 —"))] + [
        (code, f"{r.name}（{day_count(r.count, r.unit)}）")
        for code, r in sorted(latest.items(), key=lambda kv: kv[0])
    ]



class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("起算日"), widget=DATE_INPUT,
                            help_text=_("期限从起算日的次日开始计算。"))
    rule = forms.ChoiceField(label=_("法定时限规则"), required=False)
    count = forms.IntegerField(label=_("天数"), required=False, min_value=0, max_value=MAX_DAYS)
    unit = forms.ChoiceField(label=_("计算方式"), required=False, choices=UNIT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rule_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_rule = bool(data.get("rule"))
        has_count = data.get("count") is not None or bool(data.get("unit"))
        if has_rule and has_count:
            raise forms.ValidationError(
                gettext("请在“法定时限规则”和“天数 + 计算方式”中二选一。"))
        if not has_rule and not has_count and not self.errors:
            raise forms.ValidationError(
                gettext("请选择法定时限规则，或填写天数和计算方式。"))
        if has_count and (data.get("count") is None or not data.get("unit")):
            raise forms.ValidationError(
                gettext("按天数计算时，天数和计算方式都要填写。"))
        return data

"""Licensing inputs for the pages that are not steps: receiving an application and a renewal.

The steps' forms derive from their declaration (yifa.licensing.procedure, through
yifa.web.stepforms). A form only parses input; the action decides. Text the action checks (the
applicant's name) is left optional here, so a refusal is the action's own bilingual message with
its article, not a generic "required"; the code and phone are read into their stored forms and a
bad one is shown at its field (yifa.web.fields; the action checks them again).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yifa.law.models import PowerItem
from yifa.licensing.models import ApplicantKind, Handling
from yifa.web.fields import DATE_INPUT, CodeField, PhoneField, check_party_code
from yifa.web.fields import today as _today
from yifa.web.i18n import tr

LIST_HELP = _("每行一项（也可用逗号或顿号分隔）")
_SEPARATORS = re.compile(r"[\n,，、；;]+")


def split_items(text: str) -> list[str]:
    """"申请书、营业执照\\n平面图" → ["申请书", "营业执照", "平面图"] (the action drops repeats)."""
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


def _choices(choices: Any) -> list[tuple[str, str]]:
    return [(str(value), str(tr(label))) for value, label in choices]


def _text_area() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 3})


def _items(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=_text_area(), help_text=LIST_HELP)


def _note(label: Any = None) -> forms.CharField:
    return forms.CharField(label=label or _("意见/说明"), required=False, widget=_text_area())


# --- receiving an application and a renewal --------------------------------------------------


def licensing_powers(agency_id: Any) -> Any:
    """The agency's own licensing items in force: the only ones an application is received under."""
    return PowerItem.objects.filter(agency_id=agency_id, category=PowerItem.Category.LICENSING,
                                    is_active=True).order_by("code")


class ReceiveForm(forms.Form):
    """收到申请: the applicant and what they handed in."""

    power = forms.ModelChoiceField(label=_("许可事项"), queryset=PowerItem.objects.none())
    applicant_kind = forms.ChoiceField(label=_("申请人类型"))
    # The applicant's data, typed by staff: autocomplete="off" (not the user's own; WCAG 1.3.5).
    applicant_name = forms.CharField(label=_("申请人"), required=False, max_length=100,
                                     widget=forms.TextInput(attrs={"autocomplete": "off"}))
    applicant_code = CodeField(label=_("身份证号码/统一社会信用代码"), required=False, max_length=18)
    applicant_address = forms.CharField(label=_("住所（地址）"), required=False, max_length=200,
                                        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    applicant_phone = PhoneField(label=_("联系电话"), required=False, max_length=30,
                                 widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}))
    subject = forms.CharField(label=_("申请事项说明"), required=False, max_length=200)
    materials = _items(_("已提交材料"))
    received_on = forms.DateField(label=_("收到申请材料日期"), widget=DATE_INPUT, initial=_today)
    handling = forms.ChoiceField(label=_("办理方式"), required=False,
                                 help_text=_("统一、联合、集中办理的，办理时间为四十五个工作日（行政许可法第四十二条第二款）"))

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["power"].queryset = licensing_powers(user.agency_id)  # type: ignore[attr-defined]
        self.fields["applicant_kind"].choices = _choices(ApplicantKind.choices)  # type: ignore[attr-defined]
        self.fields["handling"].choices = _choices(Handling.choices)  # type: ignore[attr-defined]

    def clean_handling(self) -> str:
        return self.cleaned_data.get("handling") or Handling.SINGLE

    def clean_materials(self) -> list[str]:
        return split_items(self.cleaned_data.get("materials") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_party_code(self, "applicant")
        return data

    def application_fields(self) -> dict[str, Any]:
        return {k: ("" if v is None else v) for k, v in self.cleaned_data.items() if k not in ("power", "received_on")}


class RenewalForm(forms.Form):
    """延续申请 (ALL art. 50): registered for the holder, at least 30 days before expiry."""

    materials = _items(_("延续申请材料"))
    received_on = forms.DateField(label=_("收到申请材料日期"), widget=DATE_INPUT, initial=_today)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_renewal_%s")
        super().__init__(*args, **kwargs)

    def clean_materials(self) -> list[str]:
        return split_items(self.cleaned_data.get("materials") or "")

"""Case inputs for the web pages beyond the steps (whose forms derive from the procedure's
declaration, yifa.web.stepforms): registering a lead, evidence and preservation.
A form only checks input; the actions decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yifa.cases.models import Case
from yifa.evidence.models import EvidenceKind, PreservationDecision
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError
from yifa.web.fields import DATE_INPUT, CodeField, PhoneField, check_party_code
from yifa.web.fields import today as _today
from yifa.web.i18n import translate_form

TEXT_AREA = forms.Textarea(attrs={"rows": 3})

def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_INPUT, initial=_today)


# --- registering a lead --------------------------------------------------------------------

LEAD_FIELDS: Sequence[str] = (
    "title", "source", "source_detail", "registered_on", "party_kind", "party_name", "party_code",
    "party_address", "party_phone", "party_birth_date", "act_ended_on", "discovered_on", "safety_harm",
)


def penalty_powers(agency_id: Any) -> Any:
    """The agency's own penalty powers: the only ones a lead can be registered under."""
    return PowerItem.objects.filter(agency_id=agency_id, category=PowerItem.Category.PENALTY,
                                    is_active=True).order_by("code")


def penalty_power(agency_id: Any, pk: Any, field: str = "power_id") -> PowerItem:
    """One of them by id (API input); anything else is a refusal naming APL art. 17."""
    power = penalty_powers(agency_id).filter(pk=pk).first()
    if power is None:
        raise ActionError("所选事项不是本机关的行政处罚职权（行政处罚法第十七条）",
                          "The power item is not this agency's penalty power (行政处罚法第十七条)",
                          field=field, rule="行政处罚法第十七条")
    return power


#: The party's code and phone are read into their stored forms (yifa.lib.idcodes).
FORM_CLASSES: dict[str, type[forms.CharField]] = {"party_code": CodeField, "party_phone": PhoneField}


class LeadForm(forms.Form):
    """线索登记: the fields come from the Case model (labels and limits in one place)."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["power"] = forms.ModelChoiceField(label=_("职权事项"), queryset=penalty_powers(user.agency_id))
        for name in LEAD_FIELDS:
            model_field: Any = Case._meta.get_field(name)
            field = model_field.formfield(**({"form_class": FORM_CLASSES[name]} if name in FORM_CLASSES else {}))
            if isinstance(field, forms.DateField):
                field.widget = DATE_INPUT
            if name == "registered_on":
                field.initial = _today
            if name in ("source_detail",):
                field.widget = TEXT_AREA
            if name.startswith("party_"):  # someone else's data: not the officer's own to fill in
                field.widget.attrs["autocomplete"] = "off"
            self.fields[name] = field
        translate_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_party_code(self)
        return data

    def case_fields(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "power"}
        return {k: ("" if v is None and k not in ("party_birth_date",) else v) for k, v in data.items()}


# --- evidence and preservation (APL arts. 46, 56) -----------------------------------------------

#: What a phone's file picker offers (the server judges by content, not by this list).
UPLOAD_ACCEPT = "image/*,video/*,audio/*,application/pdf"


class EvidenceForm(forms.Form):
    """One piece of evidence: a file from the phone's camera or gallery, or a physical item
    described in words (no file)."""

    # Two inputs: `capture` opens the camera directly but then offers nothing else, so the photo
    # has its own input and the file input (gallery, recordings, PDFs) has none.
    photo = forms.FileField(label=_("拍照"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": "image/*", "capture": "environment"}))
    file = forms.FileField(label=_("文件（照片、录像、录音或PDF）"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": UPLOAD_ACCEPT}))
    kind = forms.ChoiceField(label=_("证据种类"))
    title = forms.CharField(label=_("证据名称"), max_length=200)
    description = forms.CharField(label=_("证明内容/说明"), required=False, widget=TEXT_AREA,
                                  help_text=_("没有文件的（如实物），请在此说明"))
    collected_on = _date(_("收集日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "evidence_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EvidenceKind.choices  # type: ignore[attr-defined]
        translate_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("photo") and data.get("file"):
            raise forms.ValidationError(gettext("请拍照或选择文件，一次登记一份。"))
        data["file"] = data.get("file") or data.pop("photo", None)
        if not data.get("file") and not (data.get("description") or "").strip():
            raise forms.ValidationError(gettext("请上传文件，或说明证据（如实物）的情况。"))
        return data


class PreservationForm(forms.Form):
    """先行登记保存, approved by the head (APL art. 56)."""

    items = forms.CharField(label=_("保存物品清单"), widget=TEXT_AREA)
    location = forms.CharField(label=_("保存地点"), max_length=200, required=False)
    reason = forms.CharField(label=_("理由（证据可能灭失或者以后难以取得）"), widget=TEXT_AREA)
    preserved_on = _date(_("保存日期"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "preserve_%s")
        super().__init__(*args, **kwargs)
        translate_form(self)


class PreservationDecisionForm(forms.Form):
    """What becomes of preserved items, within 7 working days."""

    decision = forms.ChoiceField(label=_("处理决定"))
    note = forms.CharField(label=_("处理说明"), required=False, widget=TEXT_AREA)
    decided_on = _date(_("决定日期"))

    def __init__(self, *args: Any, preservation_id: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"decide{preservation_id}_%s")
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = PreservationDecision.choices  # type: ignore[attr-defined]
        translate_form(self)

"""Inputs for the coercive-measure pages beyond the steps (whose forms derive from the procedure's
declaration, yifa.coercion.procedure): proposing a measure, or taking it at once in an emergency.
A form only checks input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from yifa.cases.models import OPEN_STATUSES, Case
from yifa.coercion.models import Measure, MeasureKind, MeasureStatus
from yifa.coercion.procedure import MEASURES
from yifa.lib.pickers import PersonCheckboxes
from yifa.registry.models import Officer
from yifa.web.fields import DATE_INPUT, DATETIME_INPUT, agency_officers
from yifa.web.fields import today as _today
from yifa.web.files import read_upload
from yifa.web.i18n import tr, translate_form

TEXT_AREA = forms.Textarea(attrs={"rows": 3})
#: What a phone's file picker offers for the recording (the server judges by content).
AV_ACCEPT = "video/*,audio/*"

#: The Chinese labels the pages show as data (choices), for makemessages; shown through `tr`.
MEASURE_LABELS = (
    gettext_noop("查封场所、设施或者财物"), gettext_noop("扣押财物"),
    gettext_noop("待批准"), gettext_noop("已批准"), gettext_noop("实施中"), gettext_noop("已解除"),
    gettext_noop("不予批准"),
)


# --- step names as the pages show them (the steps are declared in yifa.coercion.procedure) ---------

EMERGENCY_LABEL = pgettext_lazy("measure step", "情况紧急，当场实施")
APPROVED_LABEL = pgettext_lazy("measure step", "批准")
REFUSED_LABEL = pgettext_lazy("measure step", "不予批准")


def step_label(step: str, measure: Measure | None = None) -> str | Promise:
    if step == "execute" and measure is not None and measure.status == MeasureStatus.PROPOSED:
        return EMERGENCY_LABEL
    return MEASURES.label(step)


# --- proposing (or, in an emergency, carrying out at once) -------------------------------------


def _text(label: Any, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, widget=TEXT_AREA, required=required)



def linkable_cases(agency_id: Any) -> Any:
    """The agency's open cases a measure may belong to (the action checks the agency again)."""
    return Case.objects.filter(agency_id=agency_id, status__in=OPEN_STATUSES).order_by("-id")


class MeasureForm(forms.Form):
    """提出查封、扣押: approval first; in an emergency, carried out on the spot (ACL 19)."""

    kind = forms.ChoiceField(label=_("措施种类"), choices=[("", "—"), *MeasureKind.choices])
    party_name = forms.CharField(label=_("当事人"), max_length=100)
    items = _text(_("查封、扣押的场所、设施或者财物清单"))
    reason = _text(_("理由和依据"))
    case = forms.ModelChoiceField(label=_("所属案件"), queryset=Case.objects.none(), required=False)
    emergency = forms.BooleanField(label=_("情况紧急，需要当场实施（事后24小时内报告负责人补办批准）"), required=False)
    emergency_reason = forms.CharField(label=_("情况紧急、需要当场实施的理由"), widget=TEXT_AREA, required=False,
                                       help_text=_("当场实施时填写"))
    started_on = forms.DateField(label=_("实施日期"), widget=DATE_INPUT, initial=_today, required=False,
                                 help_text=_("当场实施时填写"))
    carried_out_at = forms.DateTimeField(label=_("实施时间"), widget=DATETIME_INPUT, required=False,
                                         help_text=_("当场实施时填写实际实施的时间：24小时内报告负责人，自此起算"))
    officers = forms.ModelMultipleChoiceField(label=_("实施的执法人员（至少2人，出示执法证件）"),
                                              queryset=Officer.objects.none(), required=False,
                                              widget=PersonCheckboxes, help_text=_("当场实施时填写"))
    av_file = forms.FileField(label=_("音像记录（全程录音录像）"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": AV_ACCEPT}),  # no `capture`: a body camera's file or a recording must be choosable
        help_text=_("当场实施时上传：MP4 视频，或 MP3、M4A、WAV 录音"))

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "measure_%s")
        if getattr(user, "officer_id", None):
            kwargs.setdefault("initial", {}).setdefault("officers", [user.officer_id])
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = linkable_cases(user.agency_id)  # type: ignore[attr-defined]
        self.fields["officers"].queryset = agency_officers(user.agency_id)  # type: ignore[attr-defined]
        translate_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("emergency") and data.get("carried_out_at") and not data.get("started_on"):
            data["started_on"] = timezone.localtime(data["carried_out_at"]).date()
        if data.get("emergency") and not data.get("started_on"):
            self.add_error("started_on", gettext("当场实施的，请填写实施日期。"))
        return data

    def measure_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"kind": data["kind"], "party_name": data["party_name"], "items": data["items"],
                "reason": data["reason"], "case": data.get("case")}

    def emergency_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        upload = read_upload(data.get("av_file"))
        return {"started_on": data["started_on"], "officers": list(data.get("officers") or []),
                "av_record": upload.data if upload is not None else None,
                "emergency_reason": data.get("emergency_reason") or "", "carried_out_at": data.get("carried_out_at")}


def kind_label(measure: Measure) -> Any:
    return tr(MeasureKind(measure.kind).label)


def status_label(status: str) -> Any:
    return tr(MeasureStatus(status).label)

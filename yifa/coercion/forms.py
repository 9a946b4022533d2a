"""Inputs for the coercive-measure pages, and the one table of steps the pages and the API share.

A form only checks input. Every step is `perform_step`: the measure as stored, with the version
the caller last saw, handed to exactly one yifa.coercion.actions function — which decides (who
may approve, the emergency rule, two certified officers, the audio/video record, the terms).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from yifa.accounts.models import Role
from yifa.cases.models import OPEN_STATUSES, Case
from yifa.coercion import actions
from yifa.coercion.models import Measure, MeasureKind, MeasureStatus
from yifa.evidence.models import Evidence
from yifa.lib.errors import ActionError
from yifa.registry.models import Officer
from yifa.web.fields import DATE_INPUT, agency_officers
from yifa.web.fields import today as _today
from yifa.web.files import read_upload
from yifa.web.i18n import tr, translate_form
from yifa.web.steps import StepInfo, VersionedStepForm, offered

TEXT_AREA = forms.Textarea(attrs={"rows": 3})
#: What a phone's file picker offers for the recording (the server judges by content).
AV_ACCEPT = "video/*,audio/*"

#: The Chinese labels the pages show as data (choices), for makemessages; shown through `tr`.
MEASURE_LABELS = (
    gettext_noop("查封场所、设施或者财物"), gettext_noop("扣押财物"),
    gettext_noop("待批准"), gettext_noop("已批准"), gettext_noop("实施中"), gettext_noop("已解除"),
    gettext_noop("不予批准"),
)


# --- the audio/video record: an upload, or a recording already in the linked case's evidence ------


def av_evidence(measure: Measure | None) -> Any:
    """Audio/video recordings among the linked case's evidence (entered once, used again here)."""
    if measure is None or measure.case_id is None:
        return Evidence.objects.none()
    return (Evidence.objects.filter(case_id=measure.case_id, file__type_code__in=actions.AV_TYPES)
            .select_related("file").order_by("collected_on", "id"))


def av_bytes(measure: Measure, upload: Any, reference: str) -> bytes | None:
    """The recording's bytes: the upload (size-checked before reading), else the referenced evidence."""
    if upload is not None:
        got = read_upload(upload)
        return got.data if got is not None else None
    if reference:
        evidence = av_evidence(measure).filter(sha256=reference).first()
        if evidence is None or evidence.file is None:
            raise ActionError("所选音像记录不是本案证据。", "That recording is not evidence of the linked case.",
                              field="av_reference")
        return evidence.file.read()
    return None


# --- the steps ---------------------------------------------------------------------------------

Runner = Callable[[Measure, Any, dict[str, Any]], Measure]

RUNNERS: dict[str, Runner] = {
    "approve": lambda m, u, d: actions.approve_measure(m, approve=bool(d["approve"]), note=d.get("note") or "",
                                                       acting_user=u),
    "execute": lambda m, u, d: actions.execute_measure(
        m, started_on=d["started_on"], officers=list(d["officers"]), av_record=d.get("av_record"),
        emergency_reason=d.get("emergency_reason") or "", acting_user=u),
    "regularise": lambda m, u, d: actions.regularise_emergency(m, approve=bool(d["approve"]), acting_user=u),
    "extend": lambda m, u, d: actions.extend_measure(m, reason=d["reason"], acting_user=u),
    "exclude": lambda m, u, d: actions.exclude_testing_days(m, days=d["days"], reason=d["reason"], acting_user=u),
    "release": lambda m, u, d: actions.release_measure(m, released_on=d["released_on"], note=d.get("note") or "",
                                                       acting_user=u),
}


def perform_step(measure: Measure, step: str, version: int, data: dict[str, Any], user: Any) -> Measure:
    """One step, as the caller saw the measure: a stale `version` is refused by the action."""
    measure.version = version
    return RUNNERS[step](measure, user, data)


HEAD, STAFF = "head", "staff"


STEP_INFO: dict[str, StepInfo] = {
    "approve": StepInfo(pgettext_lazy("measure step", "批准或不予批准"), frozenset({MeasureStatus.PROPOSED}), HEAD),
    "execute": StepInfo(pgettext_lazy("measure step", "实施"),
                        frozenset({MeasureStatus.APPROVED, MeasureStatus.PROPOSED}), STAFF),
    "regularise": StepInfo(pgettext_lazy("measure step", "补办批准"), frozenset({MeasureStatus.IN_FORCE}), HEAD,
                           lambda m: m.emergency and m.reported_at is None),
    "extend": StepInfo(pgettext_lazy("measure step", "延长期限"), frozenset({MeasureStatus.IN_FORCE}), HEAD,
                       lambda m: not m.extended),
    "exclude": StepInfo(pgettext_lazy("measure step", "检测期间不计入"), frozenset({MeasureStatus.IN_FORCE}), STAFF),
    "release": StepInfo(pgettext_lazy("measure step", "解除"), frozenset({MeasureStatus.IN_FORCE}), STAFF),
}
STEPS = tuple(STEP_INFO)
assert set(STEPS) == set(RUNNERS)
#: Steps recorded without a form of their own.
OTHER_STEP_LABELS: dict[str, str | Promise] = {"propose": pgettext_lazy("measure step", "提出")}
EMERGENCY_LABEL = pgettext_lazy("measure step", "情况紧急，当场实施")
APPROVED_LABEL = pgettext_lazy("measure step", "批准")
REFUSED_LABEL = pgettext_lazy("measure step", "不予批准")


def step_label(step: str, measure: Measure | None = None) -> str | Promise:
    if step == "execute" and measure is not None and measure.status == MeasureStatus.PROPOSED:
        return EMERGENCY_LABEL
    info = STEP_INFO.get(step)
    return info.label if info else OTHER_STEP_LABELS.get(step, step)


def offered_steps(measure: Measure, user: Any) -> list[str]:
    """The steps whose form this user gets on this measure now (a convenience: the action decides)."""
    if not getattr(user, "is_agency_staff", False) or user.agency_id != measure.agency_id:
        return []
    head = user.role == Role.AGENCY_HEAD
    return offered(STEP_INFO, measure, lambda who: head or who == STAFF)


# --- forms -------------------------------------------------------------------------------------


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_INPUT, initial=_today, required=required)


def _text(label: Any, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, widget=TEXT_AREA, required=required)


def _yes_no(label: Any, yes: Any, no: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=lambda v: v == "1", choices=[("", "—"), ("1", yes), ("0", no)])


class StepForm(VersionedStepForm[Measure]):
    """A step's inputs, plus the measure version the page was rendered with (and the user, whose
    own certificate is ticked)."""

    def __init__(self, measure: Measure, *args: Any, user: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{type(self).__name__.lower()}_%s")
        self.user = user
        super().__init__(measure, *args, **kwargs)


class ApproveForm(StepForm):
    approve = _yes_no(_("负责人意见"), _("批准实施"), _("不予批准"))
    note = _text(_("批准意见"), required=False)


class ExecuteForm(StepForm):
    started_on = _date(_("实施日期"))
    officers = forms.ModelMultipleChoiceField(label=_("实施的执法人员（至少2人，出示执法证件）"),
                                              queryset=Officer.objects.none(), widget=forms.CheckboxSelectMultiple)
    av_file = forms.FileField(label=_("音像记录（全程录音录像）"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": AV_ACCEPT, "capture": "environment"}), help_text=_("MP4 视频，或 MP3、M4A、WAV 录音"))
    av_reference = forms.ChoiceField(label=_("或选用本案证据中的音像记录"), required=False)
    emergency_reason = _text(_("情况紧急、需要当场实施的理由"), required=False)

    def setup(self, measure: Measure) -> None:
        self.fields["officers"].queryset = agency_officers(measure.agency_id)  # type: ignore[attr-defined]
        if getattr(self.user, "officer_id", None):
            self.initial.setdefault("officers", [self.user.officer_id])  # the user's own certificate, ticked
        recordings = list(av_evidence(measure))
        if recordings:
            self.fields["av_reference"].choices = [("", "—")] + [  # type: ignore[attr-defined]
                (e.sha256, f"{e.title}（{e.collected_on:%Y-%m-%d}）") for e in recordings]
        else:
            del self.fields["av_reference"]
        if measure.status == MeasureStatus.PROPOSED:  # not approved: only in an emergency (ACL 19)
            self.fields["emergency_reason"].required = True
        else:
            del self.fields["emergency_reason"]

    def step_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "started_on": data["started_on"], "officers": list(data["officers"]),
            "av_record": av_bytes(self.record, data.get("av_file"), data.get("av_reference") or ""),
            "emergency_reason": data.get("emergency_reason") or "",
        }


class RegulariseForm(StepForm):
    approve = _yes_no(_("负责人意见"), _("同意（补办批准）"), _("不同意，立即解除"))


class ExtendForm(StepForm):
    reason = _text(_("延长理由（情况复杂）"))


class ExcludeForm(StepForm):
    days = forms.IntegerField(label=_("不计入的天数"), min_value=1, max_value=365,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    reason = _text(_("检测、检验、检疫或者技术鉴定事项"))


class ReleaseForm(StepForm):
    released_on = _date(_("解除日期"))
    note = _text(_("解除说明"), required=False)


STEP_FORMS: dict[str, type[StepForm]] = {
    "approve": ApproveForm, "execute": ExecuteForm, "regularise": RegulariseForm, "extend": ExtendForm,
    "exclude": ExcludeForm, "release": ReleaseForm,
}
assert set(STEP_FORMS) == set(STEPS)


# --- proposing (or, in an emergency, carrying out at once) -------------------------------------


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
    officers = forms.ModelMultipleChoiceField(label=_("实施的执法人员（至少2人，出示执法证件）"),
                                              queryset=Officer.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple, help_text=_("当场实施时填写"))
    av_file = forms.FileField(label=_("音像记录（全程录音录像）"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": AV_ACCEPT, "capture": "environment"}),
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
                "emergency_reason": data.get("emergency_reason") or ""}


def kind_label(measure: Measure) -> Any:
    return tr(MeasureKind(measure.kind).label)


def status_label(status: str) -> Any:
    return tr(MeasureStatus(status).label)

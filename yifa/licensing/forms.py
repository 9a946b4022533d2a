"""Licensing inputs for the pages, and the one table of steps both the pages and the API use.

A form only parses input. Every step is `perform_step`: the application handed to exactly one
yifa.licensing.actions function — which decides (status, period, who may act) and refuses with
the article. Text the action checks (missing items, reasons, the licence number, the
applicant's name and code) is left optional here, so a refusal is the action's own bilingual
message with its article, not a generic "required".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yifa.law.models import PowerItem
from yifa.licensing import access, actions
from yifa.licensing.models import ApplicantKind, LicenceApplication, Outcome, Status, SuspensionKind
from yifa.web.fields import DATE_INPUT
from yifa.web.fields import today as _today
from yifa.web.i18n import tr
from yifa.web.steps import StepForm as RecordStepForm
from yifa.web.steps import StepInfo, offered

LIST_HELP = _("每行一项（也可用逗号或顿号分隔）")
_SEPARATORS = re.compile(r"[\n,，、；;]+")


def split_items(text: str) -> list[str]:
    """"申请书、营业执照\\n平面图" → ["申请书", "营业执照", "平面图"] (the action drops repeats)."""
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


def _text_area() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 3})


def _items(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=_text_area(), help_text=LIST_HELP)


def _note(label: Any = None) -> forms.CharField:
    return forms.CharField(label=label or _("意见/说明"), required=False, widget=_text_area())


# --- the steps ------------------------------------------------------------------------------

Runner = Callable[[LicenceApplication, Any, dict[str, Any]], Any]

RUNNERS: dict[str, Runner] = {
    "request_correction": lambda a, u, d: actions.request_correction(
        a, d.get("missing_items") or [], acting_user=u, note=d.get("note") or ""),
    "receive_correction": lambda a, u, d: actions.receive_correction(
        a, materials=d.get("materials") or [], acting_user=u, note=d.get("note") or ""),
    "accept": lambda a, u, d: actions.accept(a, acting_user=u, note=d.get("note") or ""),
    "extend_review": lambda a, u, d: actions.extend_review(a, d.get("reasons") or "", acting_user=u),
    "suspend": lambda a, u, d: actions.suspend_for(
        a, d["kind"], applicant_notified_on=d.get("applicant_notified_on"), reason=d.get("reason") or "",
        acting_user=u),
    "resume": lambda a, u, d: actions.resume(a, acting_user=u, note=d.get("note") or ""),
    "decide": lambda a, u, d: actions.decide(a, d["outcome"], reasons=d.get("reasons") or "", acting_user=u),
    "issue_licence": lambda a, u, d: actions.issue_licence(
        a, number=d.get("number") or "", valid_to=d["valid_to"], valid_from=d.get("valid_from"), acting_user=u),
}


def perform_step(application: LicenceApplication, step: str, data: dict[str, Any], user: Any) -> Any:
    """One step: exactly one action call (it locks the row and checks everything again)."""
    return RUNNERS[step](application, user, data)


#: Offered only to the head of the application's agency (ALL art. 42).
HEAD = "head"

#: Step names, keyed like LicenceStep.step (context "licensing step": "受理" the step, on its
#: button and in the timeline, is not a status).
STEP_INFO: dict[str, StepInfo] = {
    "request_correction": StepInfo(pgettext_lazy("licensing step", "一次告知补正"), frozenset({Status.RECEIVED})),
    "receive_correction": StepInfo(pgettext_lazy("licensing step", "登记补正材料"),
                                   frozenset({Status.CORRECTION_REQUESTED})),
    "accept": StepInfo(pgettext_lazy("licensing step", "受理"), frozenset({Status.RECEIVED})),
    "extend_review": StepInfo(pgettext_lazy("licensing step", "延长决定期限（负责人批准）"),
                              frozenset({Status.ACCEPTED, Status.SUSPENDED}), who=HEAD,
                              when=lambda a: not a.extended),
    "suspend": StepInfo(pgettext_lazy("licensing step", "中止计算期限（听证、检测、专家评审）"),
                        frozenset({Status.ACCEPTED})),
    "resume": StepInfo(pgettext_lazy("licensing step", "恢复计算期限"), frozenset({Status.SUSPENDED})),
    "decide": StepInfo(pgettext_lazy("licensing step", "作出许可决定"), frozenset({Status.ACCEPTED})),
    "issue_licence": StepInfo(pgettext_lazy("licensing step", "颁发许可证件"), frozenset({Status.DECIDED}),
                              when=lambda a: a.outcome == Outcome.GRANTED),
}
STEPS = tuple(STEP_INFO)
assert set(STEPS) == set(RUNNERS)

#: Steps in the record that have no form of their own.
OTHER_STEP_LABELS: dict[str, str | Promise] = {
    "receive": pgettext_lazy("licensing step", "收到申请"),
    "deemed_accepted": pgettext_lazy("licensing step", "逾期未告知补正，视为受理"),
}


def step_label(step: str) -> Any:
    info = STEP_INFO.get(step)
    return info.label if info else OTHER_STEP_LABELS.get(step, step)


def offered_steps(application: LicenceApplication, user: Any) -> list[str]:
    """The steps whose form this user gets now (a convenience for the page: the action decides)."""
    if not access.may_act(user, application.agency_id):
        return []
    head = access.is_head_of(user, application.agency_id)
    return offered(STEP_INFO, application, lambda who: head or who != HEAD)


# --- step forms -----------------------------------------------------------------------------


def _choices(choices: Any) -> list[tuple[str, str]]:
    return [(str(value), str(tr(label))) for value, label in choices]


class StepForm(RecordStepForm[LicenceApplication]):
    """A step's inputs (no version: each action locks the row and checks the status again). Field
    ids are prefixed with the step: several forms share one page."""

    key = ""

    def __init__(self, application: LicenceApplication, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.key}_%s")
        super().__init__(application, *args, **kwargs)


class RequestCorrectionForm(StepForm):
    key = "request_correction"
    missing_items = _items(_("需补正的全部材料"))
    note = _note()

    def clean_missing_items(self) -> list[str]:
        return split_items(self.cleaned_data.get("missing_items") or "")


class ReceiveCorrectionForm(StepForm):
    key = "receive_correction"
    materials = _items(_("收到的补正材料"))
    note = _note()

    def clean_materials(self) -> list[str]:
        return split_items(self.cleaned_data.get("materials") or "")


class AcceptForm(StepForm):
    key = "accept"
    note = _note()


class ExtendForm(StepForm):
    key = "extend_review"
    reasons = forms.CharField(label=_("延长理由（应告知申请人）"), required=False, widget=_text_area())


class SuspendForm(StepForm):
    key = "suspend"
    kind = forms.ChoiceField(label=_("事由"))
    applicant_notified_on = forms.DateField(label=_("书面告知申请人日期"), required=False, widget=DATE_INPUT,
                                            initial=_today)
    reason = _note(_("说明"))

    def setup(self, application: LicenceApplication) -> None:
        self.fields["kind"].choices = _choices(SuspensionKind.choices)  # type: ignore[attr-defined]


class ResumeForm(StepForm):
    key = "resume"
    note = _note()


class DecideForm(StepForm):
    key = "decide"
    outcome = forms.ChoiceField(label=_("许可决定"))
    reasons = forms.CharField(label=_("决定理由（不予许可的必须说明）"), required=False, widget=_text_area())

    def setup(self, application: LicenceApplication) -> None:
        self.fields["outcome"].choices = _choices(Outcome.choices)  # type: ignore[attr-defined]


class IssueLicenceForm(StepForm):
    key = "issue_licence"
    number = forms.CharField(label=_("许可证编号"), required=False, max_length=60)
    valid_from = forms.DateField(label=_("有效期自（默认为发证当日）"), required=False, widget=DATE_INPUT)
    valid_to = forms.DateField(label=_("有效期至"), widget=DATE_INPUT)


STEP_FORMS: dict[str, type[StepForm]] = {
    "request_correction": RequestCorrectionForm, "receive_correction": ReceiveCorrectionForm, "accept": AcceptForm,
    "extend_review": ExtendForm, "suspend": SuspendForm, "resume": ResumeForm, "decide": DecideForm,
    "issue_licence": IssueLicenceForm,
}
assert set(STEP_FORMS) == set(STEPS)
assert all(form.key == key for key, form in STEP_FORMS.items())


# --- receiving an application and a renewal --------------------------------------------------


def licensing_powers(agency_id: Any) -> Any:
    """The agency's own licensing items in force: the only ones an application is received under."""
    return PowerItem.objects.filter(agency_id=agency_id, category=PowerItem.Category.LICENSING,
                                    is_active=True).order_by("code")


class ReceiveForm(forms.Form):
    """收到申请: the applicant and what they handed in."""

    power = forms.ModelChoiceField(label=_("许可事项"), queryset=PowerItem.objects.none())
    applicant_kind = forms.ChoiceField(label=_("申请人类型"))
    applicant_name = forms.CharField(label=_("申请人"), required=False, max_length=100)
    applicant_code = forms.CharField(label=_("身份证号码/统一社会信用代码"), required=False, max_length=18)
    applicant_address = forms.CharField(label=_("住所（地址）"), required=False, max_length=200)
    applicant_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    subject = forms.CharField(label=_("申请事项说明"), required=False, max_length=200)
    materials = _items(_("已提交材料"))

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["power"].queryset = licensing_powers(user.agency_id)  # type: ignore[attr-defined]
        self.fields["applicant_kind"].choices = _choices(ApplicantKind.choices)  # type: ignore[attr-defined]

    def clean_materials(self) -> list[str]:
        return split_items(self.cleaned_data.get("materials") or "")

    def application_fields(self) -> dict[str, Any]:
        return {k: ("" if v is None else v) for k, v in self.cleaned_data.items() if k != "power"}


class RenewalForm(forms.Form):
    """延续申请 (ALL art. 50): registered for the holder, at least 30 days before expiry."""

    materials = _items(_("延续申请材料"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_renewal_%s")
        super().__init__(*args, **kwargs)

    def clean_materials(self) -> list[str]:
        return split_items(self.cleaned_data.get("materials") or "")

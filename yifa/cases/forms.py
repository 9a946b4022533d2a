"""Case inputs for the web pages, and the one table of steps both the pages and the API use.

A form only checks input. Every step is `perform_step`: the case as stored, with the version
the caller last saw, handed to exactly one yifa.cases.actions function — which decides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from yifa.accounts.models import Role
from yifa.cases import actions, rules
from yifa.cases.models import Case, Outcome, Status
from yifa.evidence.models import EvidenceKind, PreservationDecision
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError
from yifa.registry.models import Officer
from yifa.web.fields import DATE_INPUT
from yifa.web.fields import today as _today
from yifa.web.i18n import tr, translate_form
from yifa.web.steps import StepInfo, VersionedStepForm, offered

TEXT_AREA = forms.Textarea(attrs={"rows": 3})

# --- the steps ------------------------------------------------------------------------------

Runner = Callable[[Case, Any, dict[str, Any]], Case]


def _officers(case: Case) -> Any:
    return Officer.objects.filter(agency_id=case.agency_id).order_by("name")


def _lines(text: str) -> list[str]:
    return [p.strip() for p in text.replace("，", ",").replace("、", ",").replace("\n", ",").split(",") if p.strip()]


RUNNERS: dict[str, Runner] = {
    "open": lambda c, u, d: actions.open_case(
        c, opened_on=d["opened_on"], officers=list(d["officers"]), lead=d["lead"], acting_user=u),
    "decline": lambda c, u, d: actions.decline_case(c, reason=d["reason"], on_date=d["on_date"], acting_user=u),
    "assign": lambda c, u, d: actions.assign_officer(c, d["officer"], on_date=d["on_date"], acting_user=u),
    "recuse": lambda c, u, d: actions.recuse_officer(
        c, d["officer"], reason=d["reason"], on_date=d["on_date"], acting_user=u),
    "investigate": lambda c, u, d: actions.close_investigation(
        c, facts=d["facts"], on_date=d["on_date"], acting_user=u),
    "review": lambda c, u, d: actions.review_case(
        c, opinion=d["opinion"], proposed_types=list(d["proposed_types"]), proposed_fine=d.get("proposed_fine"),
        serious=bool(d.get("serious")), on_date=d["on_date"], acting_user=u),
    "legal_review": lambda c, u, d: actions.legal_review(
        c, passed=bool(d["passed"]), opinion=d["opinion"], on_date=d["on_date"], acting_user=u),
    "discuss": lambda c, u, d: actions.collective_discussion(
        c, participants=d["participants"], conclusion=d["conclusion"], on_date=d["on_date"], acting_user=u),
    "notify": lambda c, u, d: actions.notify_case(c, notified_on=d["notified_on"], acting_user=u),
    "waive": lambda c, u, d: actions.waive_rights(c, on_date=d["on_date"], acting_user=u),
    "request_hearing": lambda c, u, d: actions.request_hearing(c, requested_on=d["requested_on"], acting_user=u),
    "schedule_hearing": lambda c, u, d: actions.schedule_hearing(
        c, notice_served_on=d["notice_served_on"], scheduled_for=d["scheduled_for"], chair=d["chair"],
        public=bool(d.get("public", True)), acting_user=u),
    "record_hearing": lambda c, u, d: actions.record_hearing(
        c, held_on=d["held_on"], record_text=d["record_text"], acting_user=u),
    "extend": lambda c, u, d: actions.extend_decision_limit(c, reason=d["reason"], on_date=d["on_date"], acting_user=u),
    "decide": lambda c, u, d: actions.decide_case(
        c, outcome=d["outcome"], decided_types=list(d.get("decided_types") or []), decided_fine=d.get("decided_fine"),
        decided_on=d["decided_on"], reasons=d["reasons"], acting_user=u),
    "serve": lambda c, u, d: actions.serve_decision(
        c, served_on=d["served_on"], method=d["method"], e_consent=bool(d.get("e_consent")), acting_user=u),
    "payment": lambda c, u, d: actions.record_payment(c, paid_on=d["paid_on"], acting_user=u),
    "close": lambda c, u, d: actions.close_case(c, closed_on=d["closed_on"], acting_user=u),
    "archive": lambda c, u, d: actions.archive_case(c, acting_user=u),
    "reinstate": lambda c, u, d: actions.reinstate_case(c, reason=d["reason"], acting_user=u),
}


def perform_step(case: Case, step: str, version: int, data: dict[str, Any], user: Any) -> Case:
    """One step, as the caller saw the case: a stale `version` is refused by the action."""
    case.version = version
    return RUNNERS[step](case, user, data)


# --- who is offered which form (a convenience: the action alone decides) -----------------------

HEAD, CREW, REVIEWER, FINANCE = "head", "crew", "reviewer", "finance"
BEFORE_DECISION = actions.BEFORE_DECISION


def _hearing(case: Case) -> Any:
    """The hearing on the current notice (each notice may have its own: APL 44, 63)."""
    return case.current_hearing


#: Step names (context "case step": "立案" the step, on its button and in the case's record, is
#: not a status).
STEP_INFO: dict[str, StepInfo] = {
    "open": StepInfo(pgettext_lazy("case step", "立案"), frozenset({Status.REGISTERED}), HEAD),
    "decline": StepInfo(pgettext_lazy("case step", "不予立案"), frozenset({Status.REGISTERED}), HEAD),
    "assign": StepInfo(pgettext_lazy("case step", "指派办案人员"), BEFORE_DECISION, HEAD),
    "recuse": StepInfo(pgettext_lazy("case step", "回避"), BEFORE_DECISION, HEAD),
    "investigate": StepInfo(pgettext_lazy("case step", "调查终结"), frozenset({Status.OPENED, Status.INVESTIGATED}),
                            CREW, lambda c: c.status == Status.OPENED or rules.sent_back(c)),
    "review": StepInfo(pgettext_lazy("case step", "审查"), frozenset({Status.INVESTIGATED}), HEAD),
    "legal_review": StepInfo(
        pgettext_lazy("case step", "法制审核"), frozenset({Status.REVIEWED, Status.HEARING}), REVIEWER,
        lambda c: c.status != Status.HEARING or bool((h := _hearing(c)) and h.held_on)),
    "discuss": StepInfo(pgettext_lazy("case step", "集体讨论"), frozenset({Status.REVIEWED, Status.LEGAL_REVIEWED}), HEAD,
                        lambda c: c.serious),
    "notify": StepInfo(pgettext_lazy("case step", "事先告知"),
                       frozenset({Status.REVIEWED, Status.LEGAL_REVIEWED, Status.DISCUSSED}), CREW,
                       rules.reviewed_since_notice),
    "waive": StepInfo(pgettext_lazy("case step", "放弃陈述申辩和听证"), frozenset({Status.NOTIFIED}), CREW,
                      lambda c: not c.hearing_waived),
    "request_hearing": StepInfo(pgettext_lazy("case step", "申请听证"), frozenset({Status.NOTIFIED}), CREW,
                                lambda c: c.hearing_right),
    "schedule_hearing": StepInfo(pgettext_lazy("case step", "听证通知"), frozenset({Status.HEARING}), HEAD,
                                 lambda c: bool((h := _hearing(c)) and h.held_on is None)),
    "record_hearing": StepInfo(pgettext_lazy("case step", "听证笔录"), frozenset({Status.HEARING}), HEAD,
                               lambda c: bool((h := _hearing(c)) and h.scheduled_for and not h.held_on)),
    "extend": StepInfo(pgettext_lazy("case step", "延长办案期限"), BEFORE_DECISION, HEAD,
                       lambda c: bool(c.decision_due) and not c.decision_extended_days),
    "decide": StepInfo(pgettext_lazy("case step", "作出决定"),
                       frozenset({Status.NOTIFIED, Status.HEARING, Status.LEGAL_REVIEWED, Status.DISCUSSED}), HEAD,
                       lambda c: c.notified_on is not None),
    "serve": StepInfo(pgettext_lazy("case step", "送达"), frozenset({Status.DECIDED}), CREW),
    "payment": StepInfo(pgettext_lazy("case step", "登记缴款"), frozenset({Status.SERVED}), FINANCE,
                        lambda c: bool(c.decided_fine) and not c.paid_on),
    "close": StepInfo(pgettext_lazy("case step", "结案"), frozenset({Status.SERVED}), HEAD,
                      lambda c: not c.decided_fine or bool(c.paid_on)),
    "archive": StepInfo(pgettext_lazy("case step", "归档"), frozenset({Status.CLOSED}), CREW),
    "reinstate": StepInfo(pgettext_lazy("case step", "调卷重开"), frozenset({Status.ARCHIVED}), HEAD),
}
STEPS = tuple(STEP_INFO)
assert set(STEPS) == set(RUNNERS)


def fits(user: Any, who: str, crew_ids: set[int]) -> bool:
    if not (getattr(user, "is_agency_staff", False)):
        return False
    head = user.role == Role.AGENCY_HEAD
    if who == HEAD:
        return head
    if who == CREW:
        return head or (user.officer_id is not None and user.officer_id in crew_ids)
    if who == REVIEWER:
        return user.role == Role.LEGAL_REVIEWER
    return head or user.role == Role.FINANCE


def offered_steps(case: Case, user: Any, crew_ids: set[int]) -> list[str]:
    """The steps whose form this user gets on this case in its current status."""
    if getattr(user, "agency_id", None) != case.agency_id:
        return []
    return offered(STEP_INFO, case, lambda who: fits(user, who, crew_ids))


# --- forms ---------------------------------------------------------------------------------


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_INPUT, initial=_today)


def _text(label: Any, *, long: bool = True) -> forms.CharField:
    return forms.CharField(label=label, widget=TEXT_AREA if long else None, max_length=None if long else 200)


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=14, decimal_places=2,
                              widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}))


def penalty_choices(case: Case) -> list[tuple[str, str]]:
    allowed = set(case.power.penalty_types) or set(PowerItem.PenaltyType.values)
    return [(v, str(tr(label))) for v, label in PowerItem.PenaltyType.choices if v in allowed]


class StepForm(VersionedStepForm[Case]):
    """A step's inputs, plus the case version the page was rendered with."""


class OpenForm(StepForm):
    opened_on = _date(_("立案日期"))
    officers = forms.ModelMultipleChoiceField(label=_("办案人员（至少2人）"), queryset=Officer.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)
    lead = forms.ModelChoiceField(label=_("主办人员"), queryset=Officer.objects.none())

    def setup(self, case: Case) -> None:
        qs = _officers(case).filter(status=Officer.Status.ACTIVE)
        self.fields["officers"].queryset = qs  # type: ignore[attr-defined]
        self.fields["lead"].queryset = qs  # type: ignore[attr-defined]


class DeclineForm(StepForm):
    reason = _text(_("不予立案理由"))
    on_date = _date(_("日期"))


class AssignForm(StepForm):
    officer = forms.ModelChoiceField(label=_("执法人员"), queryset=Officer.objects.none())
    on_date = _date(_("指派日期"))

    def setup(self, case: Case) -> None:
        self.fields["officer"].queryset = _officers(case).filter(status=Officer.Status.ACTIVE)  # type: ignore[attr-defined]


class RecuseForm(StepForm):
    officer = forms.ModelChoiceField(label=_("回避的执法人员"), queryset=Officer.objects.none())
    reason = forms.CharField(label=_("回避理由"), max_length=200)
    on_date = _date(_("决定日期"))

    def setup(self, case: Case) -> None:
        assigned = case.assignments.filter(recused=False).values("officer_id")
        self.fields["officer"].queryset = _officers(case).filter(pk__in=assigned)  # type: ignore[attr-defined]


class InvestigateForm(StepForm):
    facts = _text(_("调查认定的违法事实"))
    on_date = _date(_("调查终结日期"))


class ReviewForm(StepForm):
    opinion = _text(_("审查意见"))
    proposed_types = forms.MultipleChoiceField(label=_("拟处罚种类"), widget=forms.CheckboxSelectMultiple)
    proposed_fine = _money(_("拟罚款金额（元）"))
    serious = forms.BooleanField(label=_("情节复杂或重大违法（集体讨论）"), required=False)
    on_date = _date(_("审查日期"))

    def setup(self, case: Case) -> None:
        self.fields["proposed_types"].choices = penalty_choices(case)  # type: ignore[attr-defined]


class LegalReviewForm(StepForm):
    passed = forms.TypedChoiceField(label=_("审核结论"), coerce=lambda v: v == "1",
                                    choices=[("1", _("通过")), ("0", _("不通过，退回补充调查"))])
    opinion = _text(_("审核意见"))
    on_date = _date(_("审核日期"))


class DiscussForm(StepForm):
    participants = forms.CharField(label=_("参加人员"), help_text=_("以逗号或换行分隔，至少2人"), widget=TEXT_AREA)
    conclusion = _text(_("讨论结论"))
    on_date = _date(_("讨论日期"))

    def clean_participants(self) -> list[str]:
        return _lines(self.cleaned_data["participants"])


class NotifyForm(StepForm):
    notified_on = _date(_("告知日期"))


class WaiveForm(StepForm):
    on_date = _date(_("当事人书面放弃的日期"))


class RequestHearingForm(StepForm):
    requested_on = _date(_("申请听证日期"))


class ScheduleHearingForm(StepForm):
    notice_served_on = _date(_("听证通知送达日期"))
    scheduled_for = forms.DateField(label=_("举行日期"), widget=DATE_INPUT)
    chair = forms.ModelChoiceField(label=_("主持人"), queryset=Officer.objects.none())
    public = forms.BooleanField(label=_("公开举行"), required=False, initial=True)

    def setup(self, case: Case) -> None:
        crew = case.assignments.values("officer_id")
        self.fields["chair"].queryset = _officers(case).exclude(pk__in=crew)  # type: ignore[attr-defined]


class RecordHearingForm(StepForm):
    held_on = _date(_("实际举行日期"))
    record_text = _text(_("听证笔录"))


class ExtendForm(StepForm):
    reason = _text(_("延长理由"))
    on_date = _date(_("批准日期"))


class DecideForm(StepForm):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=Outcome.choices)
    decided_types = forms.MultipleChoiceField(label=_("处罚种类"), required=False, widget=forms.CheckboxSelectMultiple)
    decided_fine = _money(_("罚款金额（元）"))
    reasons = _text(_("事实、理由和依据"))
    decided_on = _date(_("决定日期"))

    def setup(self, case: Case) -> None:
        notified = set(case.proposed_types)
        self.fields["decided_types"].choices = [  # type: ignore[attr-defined]
            (v, label) for v, label in penalty_choices(case) if not notified or v in notified]
        self.fields["outcome"].choices = [(v, str(tr(label))) for v, label in Outcome.choices]  # type: ignore[attr-defined]


class ServeForm(StepForm):
    served_on = _date(_("送达日期"))
    method = forms.ChoiceField(label=_("送达方式"), choices=list(actions.SERVICE_METHODS.items()))
    e_consent = forms.BooleanField(label=_("当事人已签署电子送达确认书"), required=False)

    def setup(self, case: Case) -> None:
        self.fields["method"].choices = [  # type: ignore[attr-defined]
            (k, str(tr(v))) for k, v in actions.SERVICE_METHODS.items()]


class PaymentForm(StepForm):
    paid_on = _date(_("缴款日期（以银行回单为准）"))


class CloseForm(StepForm):
    closed_on = _date(_("结案日期"))


class ArchiveForm(StepForm):
    pass


class ReinstateForm(StepForm):
    reason = _text(_("调卷重开理由"))


STEP_FORMS: dict[str, type[StepForm]] = {
    "open": OpenForm, "decline": DeclineForm, "assign": AssignForm, "recuse": RecuseForm,
    "investigate": InvestigateForm, "review": ReviewForm, "legal_review": LegalReviewForm,
    "discuss": DiscussForm, "notify": NotifyForm, "waive": WaiveForm, "request_hearing": RequestHearingForm,
    "schedule_hearing": ScheduleHearingForm, "record_hearing": RecordHearingForm, "extend": ExtendForm,
    "decide": DecideForm, "serve": ServeForm, "payment": PaymentForm, "close": CloseForm,
    "archive": ArchiveForm, "reinstate": ReinstateForm,
}
assert set(STEP_FORMS) == set(STEPS)


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


class LeadForm(forms.Form):
    """线索登记: the fields come from the Case model (labels and limits in one place)."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["power"] = forms.ModelChoiceField(label=_("职权事项"), queryset=penalty_powers(user.agency_id))
        for name in LEAD_FIELDS:
            model_field: Any = Case._meta.get_field(name)
            field = model_field.formfield()
            if isinstance(field, forms.DateField):
                field.widget = DATE_INPUT
            if name == "registered_on":
                field.initial = _today
            if name in ("source_detail",):
                field.widget = TEXT_AREA
            self.fields[name] = field
        translate_form(self)

    def case_fields(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "power"}
        return {k: ("" if v is None and k not in ("party_birth_date",) else v) for k, v in data.items()}


# --- evidence and preservation (APL arts. 46, 56) -----------------------------------------------

#: What a phone's file picker offers (the server judges by content, not by this list).
UPLOAD_ACCEPT = "image/*,video/*,audio/*,application/pdf"


class EvidenceForm(forms.Form):
    """One piece of evidence: a file from the phone's camera or gallery, or a physical item
    described in words (no file)."""

    file = forms.FileField(label=_("文件（拍照、录像、录音或PDF）"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": UPLOAD_ACCEPT, "capture": "environment"}))
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

"""The penalty procedure (行政处罚法), declared once: every step's name, label, the statuses it
leaves from and goes to, who may take it, its inputs and when its form is offered. The steps'
gates and effects are in yifa.cases.actions and yifa.cases.simple (bound with
`PENALTY.performs`); the pages, the API and the step list derive from this declaration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role, User
from yifa.cases.models import Case, CaseOfficer, CaseStep, DecisionChange, Mitigation, Outcome, Status
from yifa.discretion.inputs import AssessIn
from yifa.discretion.service import benchmark_choices, factor_choices
from yifa.law.models import Provision
from yifa.lib import bounds, rows
from yifa.lib.errors import ActionError, refuse
from yifa.registry import access
from yifa.registry.models import Officer
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import ANY_STAFF, Actor, Procedure, RecordId, Ref, Step, StepLog, in_agency, statuses, ui

# --- inputs ---------------------------------------------------------------------------------


#: An officer of the case's agency, by id (an Officer is taken too).
OfficerId = RecordId
#: Money: yuan with two decimal places, never negative, bounded (yifa.lib.bounds.check_money).
Money = bounds.Money
TEXT = ui(widget="textarea")


def _date(title: str, **extra: bool) -> Any:
    return Field(title=title, json_schema_extra=ui(**extra) if extra else None)


class OpenIn(BaseModel):
    opened_on: dt.date = _date(N_("立案日期"))
    officers: list[OfficerId] = Field(title=N_("办案人员（至少2人）"), description="办案人员（执法人员ID，至少2人）")
    lead: OfficerId = Field(title=N_("主办人员"))


class DeclineIn(BaseModel):
    reason: str = Field(title=N_("不予立案理由"), json_schema_extra=TEXT)
    on_date: dt.date = _date(N_("日期"))


class AssignIn(BaseModel):
    officer: OfficerId = Field(title=N_("执法人员"))
    on_date: dt.date = _date(N_("指派日期"))


class RecuseIn(BaseModel):
    officer: OfficerId = Field(title=N_("回避的执法人员"))
    reason: str = Field(title=N_("回避理由"), max_length=200)
    on_date: dt.date = _date(N_("决定日期"))


#: The penalty types are data (cases.PenaltyKind, APL 9): codes of the types in force.
KIND_HELP = ("处罚种类编码（行政处罚法第九条）：warning 警告、criticism 通报批评、fine 罚款、confiscate_gains 没收违法所得、"
             "confiscate_property 没收非法财物、licence_suspend 暂扣许可证件、qualification_lower 降低资质等级、"
             "licence_revoke 吊销许可证件、business_limit 限制开展生产经营活动、suspension 责令停产停业、closure 责令关闭、"
             "practice_ban 限制从业、detention 行政拘留、other 其他")


class InvestigateIn(BaseModel):
    facts: str = Field(title=N_("调查认定的违法事实"), json_schema_extra=TEXT)
    incapacity_found: bool = Field(False, title=N_("查明当事人违法时不能辨认或者不能控制自己行为（行政处罚法第三十一条）"))
    incapacity_basis: str = Field("", title=N_("认定依据（如鉴定意见）"), max_length=200)
    on_date: dt.date = _date(N_("调查终结日期"))


class ReviewIn(BaseModel):
    opinion: str = Field(title=N_("审查意见"), json_schema_extra=TEXT)
    proposed_types: list[str] = Field(title=N_("拟处罚种类"), description=KIND_HELP)
    proposed_fine: Money | None = Field(None, title=N_("拟罚款金额（元）"))
    proposed_gains: Money | None = Field(None, title=N_("拟没收违法所得（元）"))
    proposed_property_value: Money | None = Field(None, title=N_("拟没收非法财物价值（元）"))
    serious: bool = Field(False, title=N_("情节复杂或重大违法（集体讨论）"))
    violated_provisions: list[RecordId] = Field(
        [], title=N_("违反的条款（违则）"),
        description=N_("本案职权事项所列违则中适用于本案的条款（条款ID）；不选则适用职权事项所列全部违则"))
    penalty_provisions: list[RecordId] = Field(
        [], title=N_("处罚依据条款（罚则）"),
        description=N_("本案职权事项所列罚则中适用于本案的条款（条款ID）；不选则适用职权事项所列全部罚则"))
    on_date: dt.date = _date(N_("审查日期"))


class LegalReviewIn(BaseModel):
    passed: bool = Field(title=N_("审核结论"), json_schema_extra=ui(yes=N_("通过"), no=N_("不通过，退回补充调查")))
    opinion: str = Field(title=N_("审核意见"), json_schema_extra=TEXT)
    on_date: dt.date = _date(N_("审核日期"))


class DiscussIn(BaseModel):
    participants: list[str] = Field(title=N_("参加人员"), description=N_("以逗号或换行分隔，至少2人"),
                                    json_schema_extra=ui(widget="lines"))
    conclusion: str = Field(title=N_("讨论结论"), json_schema_extra=TEXT)
    on_date: dt.date = _date(N_("讨论日期"))


class NotifyIn(BaseModel):
    notified_on: dt.date = _date(N_("告知日期"))


class WaiveIn(BaseModel):
    on_date: dt.date = _date(N_("当事人书面放弃的日期"))


class RequestHearingIn(BaseModel):
    requested_on: dt.date = _date(N_("申请听证日期"))


class ScheduleHearingIn(BaseModel):
    notice_served_on: dt.date = _date(N_("听证通知送达日期"))
    scheduled_for: dt.date = _date(N_("举行日期"), today=False)
    chair: OfficerId = Field(title=N_("主持人"))
    public: bool = Field(True, title=N_("公开举行"))


class RecordHearingIn(BaseModel):
    held_on: dt.date = _date(N_("实际举行日期"))
    record_text: str = Field(title=N_("听证笔录"), json_schema_extra=TEXT)


class ExtendIn(BaseModel):
    reason: str = Field(title=N_("延长理由"), json_schema_extra=TEXT)
    on_date: dt.date = _date(N_("批准日期"))


class DecideIn(BaseModel):
    outcome: Outcome = Field(title=N_("处理结果"))
    decided_types: list[str] = Field([], title=N_("处罚种类"), description=KIND_HELP)
    decided_fine: Money | None = Field(None, title=N_("罚款金额（元）"))
    decided_gains: Money | None = Field(None, title=N_("没收违法所得（元）"))
    decided_property_value: Money | None = Field(None, title=N_("没收非法财物价值（元）"))
    mitigation: str = Field("", description="lighter 从轻 / mitigated 减轻", title=N_("从轻或者减轻处罚（已满十四周岁不满十八周岁，行政处罚法第三十条）"))
    detention_transferred: bool = Field(False, title=N_("行政拘留移送公安机关（行政处罚法第十八条第三款）"))
    reasons: str = Field(title=N_("事实、理由和依据"), json_schema_extra=TEXT)
    decided_on: dt.date = _date(N_("决定日期"))
    outside_reasons: str = Field("", title=N_("超出裁量基准的理由（须经法制审核）"), json_schema_extra=TEXT)


SERVICE_METHODS = {"on_the_spot": N_("当场交付"), "direct": N_("直接送达"), "post": N_("邮寄送达"),
                   "electronic": N_("电子送达"), "agent": N_("委托送达"), "notice": N_("公告送达")}


class ServeIn(BaseModel):
    served_on: dt.date = _date(N_("送达日期"))
    method: str = Field(title=N_("送达方式"), description="、".join(f"{k}={v}" for k, v in SERVICE_METHODS.items()))
    e_consent: bool = Field(False, title=N_("当事人已签署电子送达确认书"))


class PaymentIn(BaseModel):
    paid_on: dt.date = _date(N_("缴款日期（以银行回单为准）"))


class CloseIn(BaseModel):
    closed_on: dt.date = _date(N_("结案日期"))


class ReinstateIn(BaseModel):
    """Archiving and reinstating are the agency's own acts, which no statute dates: they are dated
    by the day they are done."""

    reason: str = Field(title=N_("调卷重开理由"), json_schema_extra=TEXT)


class RevokeIn(BaseModel):
    """A decision revoked, changed or voided — by the agency correcting itself (APL 75) or after a
    reconsideration or court ruling: the head records it, with the grounds and the explanation the
    public will read where the decision was published."""

    change: DecisionChange = Field(title=N_("撤销、变更或确认无效"))
    changed_on: dt.date = _date(N_("撤销、变更或确认无效的日期"))
    basis: str = Field(title=N_("依据（复议决定、判决文书号或本机关纠错决定）"), min_length=1, max_length=500)
    reasons: str = Field(title=N_("理由"), min_length=1, max_length=4000, json_schema_extra=TEXT)
    explanation: str = Field(title=N_("公开说明（撤回公示时向社会说明）"), min_length=1, max_length=2000,
                             json_schema_extra=TEXT)


class FileIn(BaseModel):
    filed_on: dt.date = _date(N_("备案日期"))


class CollectIn(BaseModel):
    amount: Money = Field(title=N_("收缴金额（元）"))
    receipt_no: str = Field(title=N_("专用票据号"), max_length=64)
    collected_on: dt.date = _date(N_("收缴日期"))
    hard_to_collect: str = Field("", title=N_("不当场收缴事后难以执行的情形"), json_schema_extra=TEXT)
    remote_area: str = Field("", title=N_("边远、水上、交通不便地区，当事人到银行缴纳确有困难的情形"), max_length=200)
    party_requested: bool = Field(False, title=N_("当事人提出当场缴纳"))


class HandOverIn(BaseModel):
    handed_on: dt.date = _date(N_("交至机关日期"))


class BankIn(BaseModel):
    banked_on: dt.date = _date(N_("缴付银行日期"))


# --- who may act ----------------------------------------------------------------------------


def _on_case(user: Any, case: Case) -> bool:
    return user.officer_id is not None and rows.exists(CaseOfficer, case_id=case.pk, officer_id=user.officer_id,
                                                       recused=False)


def _is_head(user: Any, case: Case) -> bool:
    return bool(user.role == Role.AGENCY_HEAD)


def crew_users(case: Case) -> list[int]:
    """The logins of the case's officers (not recused): whose to-do list its open steps land on."""
    crew = CaseOfficer.objects.filter(case_id=case.pk, recused=False).values("officer_id")
    return list(User.objects.filter(officer_id__in=crew, is_active=True).values_list("id", flat=True))


HEADS = Audience(roles=frozenset({Role.AGENCY_HEAD}))
CREW_USERS = Audience(people=crew_users)

HEAD: Actor[Case] = Actor("head", _is_head, ("须经行政机关负责人批准", "needs the agency head's approval",
                                            "行政处罚法第五十四条"), names_step=True, audience=HEADS)
CREW: Actor[Case] = Actor(
    "crew", lambda u, c: _is_head(u, c) or _on_case(u, c),
    ("只有本案承办的执法人员或负责人可以办理此环节", "Only the case's officers or the head may do this", "行政处罚法第四十二条"),
    audience=CREW_USERS)
#: Nobody records a payment by hand (罚缴分离): the fines ledger (yifa.fines) enters it from the
#: bank's own records, through `cases.actions.settle_from_ledger`; the step stays declared for its
#: record and label, and this actor refuses every user who asks for it.
LEDGER: Actor[Case] = Actor(
    "ledger", lambda u, c: False,
    ("缴款只能依据银行缴款记录由罚没款台账入账，不得手工登记", "Payments enter only from the bank's records, through the "
     "fines ledger; they cannot be recorded by hand", "行政处罚法第六十七条"),
    # The finance officer's list: the fine the bank's records have yet to show paid.
    audience=Audience(roles=frozenset({Role.FINANCE})))
STAFF = ANY_STAFF


def _reviewer_refusal(user: Any, case: Case) -> tuple[str, str, str] | None:
    officer = user.officer
    if officer is None or not officer.is_legal_reviewer or officer.agency_id != case.agency_id:
        return ("法制审核须由具备法制审核资格的人员进行", "Only a qualified legal reviewer may review", "行政处罚法第五十八条第二款")
    if rows.exists(CaseOfficer, case_id=case.pk, officer_id=officer.pk):
        return ("参与调查的执法人员不得审核本案", "An investigator may not review the case", "行政处罚法第五十八条")
    return None


REVIEWER: Actor[Case] = Actor.with_reasons("reviewer", _reviewer_refusal,
                                           audience=Audience(roles=frozenset({Role.LEGAL_REVIEWER})))


# --- which records the inputs name ----------------------------------------------------------


def _not_agency_officer(case: Case, pk: Any, field: str) -> ActionError:
    # Officers' names are public (the portal lists them), so the refusal may name the one chosen.
    name = Officer.objects.filter(pk=pk).values_list("name", flat=True).first() if isinstance(pk, int) else None
    return refuse(f"所选执法人员“{name or pk}”不是本机关的执法人员", f"Officer {pk} is not this agency's officer",
                  "行政处罚法第四十二条", field=field)


#: An officer of the case's agency (APL 42: only the agency's own certified officers enforce).
AGENCY_OFFICER = Ref(Officer, lambda case: {"agency_id": case.agency_id}, _not_agency_officer)
OFFICER_REFS = {"officers": AGENCY_OFFICER, "lead": AGENCY_OFFICER, "officer": AGENCY_OFFICER,
                "chair": AGENCY_OFFICER}


def _not_power_provision(case: Case, pk: Any, field: str) -> ActionError:
    which = "违则" if field == "violated_provisions" else "罚则"
    return refuse(f"所选条款（{pk}）不是本案职权事项的{which}", f"Provision {pk} is not one of the case's power item's "
                  f"{'violated' if field == 'violated_provisions' else 'penalty'} provisions", "行政处罚法第四十条",
                  field=field)


def _power_provision_ids(case: Case, which: str) -> set[int]:
    from yifa.cases.rules import power_provisions
    return {p.pk for p in power_provisions(case.power_id, which)}


@dataclass(frozen=True)
class PowerProvision(Ref):
    """A provision the case's power item lists (its 违则 or 罚则): the only ones a case may cite."""

    which: str = "violated"

    def within(self, record: Any, obj: Any) -> bool:
        return isinstance(obj, Provision) and obj.pk in _power_provision_ids(record, self.which)

    def fetch(self, record: Any, pks: set[Any]) -> dict[Any, Any]:
        allowed = _power_provision_ids(record, self.which) & pks
        return {p.pk: p for p in Provision.objects.filter(pk__in=allowed).select_related("law")}


PROVISION_REFS = {
    "violated_provisions": PowerProvision(Provision, lambda case: {}, _not_power_provision, "violated"),
    "penalty_provisions": PowerProvision(Provision, lambda case: {}, _not_power_provision, "penalty"),
}

# --- choices on the forms -------------------------------------------------------------------


def _officer_choices(qs: Any) -> list[tuple[Any, str]]:
    return [(o.pk, o.name) for o in qs.order_by("name_key", "name", "pk").only("pk", "name")]


def active_officers(case: Any) -> list[tuple[Any, str]]:
    """The active officers of the record's agency (a case's, a measure's ...)."""
    return _officer_choices(Officer.objects.filter(agency_id=case.agency_id, status=Officer.Status.ACTIVE))


def registering_officer(case: Case) -> dict[str, Any]:
    """The officer who registered the lead, preselected as the lead investigator when the head opens
    the case (the obvious choice; the head may change it)."""
    officer_id = (Officer.objects.filter(login__pk=case.created_by_id, agency_id=case.agency_id,
                                         status=Officer.Status.ACTIVE).values_list("pk", flat=True).first())
    return {} if officer_id is None else {"lead": officer_id, "officers": [officer_id]}


def assigned_officers(case: Case) -> list[tuple[Any, str]]:
    assigned = case.assignments.filter(recused=False).values("officer_id")
    return _officer_choices(Officer.objects.filter(agency_id=case.agency_id, pk__in=assigned))


def possible_chairs(case: Case) -> list[tuple[Any, str]]:
    crew = case.assignments.values("officer_id")
    return _officer_choices(Officer.objects.filter(agency_id=case.agency_id).exclude(pk__in=crew))


def penalty_choices(case: Case) -> list[tuple[Any, str]]:
    """The penalty types in force today that the case's power item sets (cases.PenaltyKind)."""
    from yifa.cases.rules import allowed_kinds

    return [(code, kind.name) for code, kind in allowed_kinds(case.power_id, timezone.localdate()).items()]


def _provision_choices(case: Case, which: str) -> list[tuple[Any, str]]:
    from yifa.cases.rules import power_provisions
    return [(p.pk, str(p)) for p in power_provisions(case.power_id, which)]


def violated_choices(case: Case) -> list[tuple[Any, str]]:
    """The power item's 违则, offered at the review (all ticked at first; the case keeps those chosen)."""
    return _provision_choices(case, "violated")


def basis_choices(case: Case) -> list[tuple[Any, str]]:
    """The power item's 罚则, offered at the review."""
    return _provision_choices(case, "penalty")


def review_initial(case: Case) -> dict[str, Any]:
    """The review form starts from what the case already cites (a re-review), else all of the power item's."""
    kept = case.provisions or {}
    return {name: [p["id"] for p in kept.get(which) or []] or [pk for pk, _ in _provision_choices(case, which)]
            for which, name in (("violated", "violated_provisions"), ("penalty", "penalty_provisions"))}


def mitigation_choices(case: Case) -> list[tuple[Any, str]]:
    return list(Mitigation.choices)


def _minor(case: Case) -> bool:
    from yifa.cases.rules import is_minor_to_mitigate
    return is_minor_to_mitigate(case)


def _detention_proposed(case: Case) -> bool:
    return "detention" in case.proposed_types


def notified_penalty_choices(case: Case) -> list[tuple[Any, str]]:
    notified = set(case.proposed_types)
    return [(v, label) for v, label in penalty_choices(case) if not notified or v in notified]


def service_choices(case: Case) -> list[tuple[Any, str]]:
    return list(SERVICE_METHODS.items())


# --- the steps ------------------------------------------------------------------------------

BEFORE_DECISION = statuses(Status.OPENED, Status.INVESTIGATED, Status.REVIEWED, Status.LEGAL_REVIEWED,
                           Status.DISCUSSED, Status.NOTIFIED, Status.HEARING)


#: Where the discretion benchmark may be applied (and re-applied): once the facts are investigated.
AFTER_INVESTIGATION = statuses(Status.INVESTIGATED, Status.REVIEWED, Status.LEGAL_REVIEWED, Status.DISCUSSED,
                               Status.NOTIFIED, Status.HEARING)


def _step(ctx: str = "case step") -> Any:
    return lambda text: pgettext_lazy(ctx, text)


S = _step()


def _sent_back(c: Case) -> bool:
    from yifa.cases.rules import sent_back
    return sent_back(c)


def _reviewed_since_notice(c: Case) -> bool:
    from yifa.cases.rules import reviewed_since_notice
    return reviewed_since_notice(c)


def _hearing_held_or_none(c: Case) -> bool:
    return c.status != Status.HEARING or bool((h := c.current_hearing) and h.held_on)


def _unpaid_fine(c: Case) -> bool:
    """Simple-procedure fines (APL 68), and any fine in a remote area at the party's request (APL 69)."""
    return bool(c.decided_fine) and not c.paid_on


def _revoked(c: Case) -> bool:
    return rows.exists(CaseStep, case_id=c.pk, step="revoke")


def _is_simple(c: Case) -> bool:
    return c.procedure == "simple"


STEPS: list[Step[Case]] = [
    Step("open", S("立案"), statuses(Status.REGISTERED), Status.OPENED, HEAD, OpenIn, OFFICER_REFS,
         dated_by="opened_on", choices={"officers": active_officers, "lead": active_officers}, document="case_opening",
         initial=registering_officer),
    Step("decline", S("不予立案"), statuses(Status.REGISTERED), Status.NOT_OPENED, HEAD, DeclineIn, dated_by="on_date"),
    Step("assign", S("指派办案人员"), BEFORE_DECISION, None, HEAD, AssignIn, OFFICER_REFS, dated_by="on_date",
         choices={"officer": active_officers}, todo=False),
    Step("recuse", S("回避"), BEFORE_DECISION, None, HEAD, RecuseIn, OFFICER_REFS, dated_by="on_date",
         choices={"officer": assigned_officers}, todo=False),
    Step("investigate", S("调查终结"), statuses(Status.OPENED, Status.INVESTIGATED), Status.INVESTIGATED, CREW,
         InvestigateIn, offer_when=lambda c: c.status == Status.OPENED or _sent_back(c), dated_by="on_date"),
    Step("review", S("审查"), statuses(Status.INVESTIGATED), Status.REVIEWED, HEAD, ReviewIn, PROVISION_REFS,
         dated_by="on_date", choices={"proposed_types": penalty_choices, "violated_provisions": violated_choices,
                                      "penalty_provisions": basis_choices}, initial=review_initial),
    Step("legal_review", S("法制审核"), statuses(Status.REVIEWED, Status.HEARING), None, REVIEWER, LegalReviewIn,
         offer_when=_hearing_held_or_none, dated_by="on_date"),
    Step("discuss", S("集体讨论"), statuses(Status.REVIEWED, Status.LEGAL_REVIEWED), Status.DISCUSSED, HEAD,
         DiscussIn, offer_when=lambda c: c.serious, dated_by="on_date"),
    Step("notify", S("事先告知"), statuses(Status.REVIEWED, Status.LEGAL_REVIEWED, Status.DISCUSSED), Status.NOTIFIED,
         CREW, NotifyIn, offer_when=_reviewed_since_notice, dated_by="notified_on", document="prior_notice"),
    Step("waive", S("放弃陈述申辩和听证"), statuses(Status.NOTIFIED), None, CREW, WaiveIn,
         offer_when=lambda c: not c.hearing_waived, dated_by="on_date", todo=False),
    Step("request_hearing", S("申请听证"), statuses(Status.NOTIFIED), Status.HEARING, CREW, RequestHearingIn,
         offer_when=lambda c: c.hearing_right, dated_by="requested_on", todo=False),
    Step("schedule_hearing", S("听证通知"), statuses(Status.HEARING), None, HEAD, ScheduleHearingIn, OFFICER_REFS,
         offer_when=lambda c: bool((h := c.current_hearing) and h.held_on is None), dated_by="notice_served_on",
         choices={"chair": possible_chairs}, document="hearing_notice"),
    Step("record_hearing", S("听证笔录"), statuses(Status.HEARING), None, HEAD, RecordHearingIn,
         offer_when=lambda c: bool((h := c.current_hearing) and h.scheduled_for and not h.held_on),
         dated_by="held_on"),
    Step("extend", S("延长办案期限"), BEFORE_DECISION, None, HEAD, ExtendIn,
         offer_when=lambda c: bool(c.decision_due) and not c.decision_extended_days, dated_by="on_date", todo=False),
    Step("assess", S("适用裁量基准"), AFTER_INVESTIGATION, None, CREW, AssessIn, dated_by="on_date",
         choices={"benchmark": lambda c: benchmark_choices(c.act_ended_on),
                  "factors": lambda c: factor_choices(c.act_ended_on)}, todo=False),
    Step("decide", S("作出决定"), statuses(Status.NOTIFIED, Status.HEARING, Status.LEGAL_REVIEWED, Status.DISCUSSED),
         Status.DECIDED, HEAD, DecideIn, offer_when=lambda c: c.notified_on is not None, dated_by="decided_on",
         choices={"decided_types": notified_penalty_choices, "mitigation": mitigation_choices},
         show={"mitigation": _minor, "detention_transferred": _detention_proposed}, document="penalty_decision"),
    Step("serve", S("送达"), statuses(Status.DECIDED), Status.SERVED, CREW, ServeIn, dated_by="served_on",
         choices={"method": service_choices}, document="service_receipt"),
    Step("payment", S("登记缴款"), statuses(Status.SERVED), None, LEDGER, PaymentIn,
         offer_when=lambda c: bool(c.decided_fine) and not c.paid_on, dated_by="paid_on"),
    Step("file", S("备案"), statuses(Status.SERVED), None, STAFF, FileIn, dated_by="filed_on",
         offer_when=lambda c: _is_simple(c) and not c.steps.filter(step="file").exists()),
    Step("collect", S("当场收缴"), statuses(Status.SERVED), None, CREW, CollectIn, dated_by="collected_on",
         offer_when=_unpaid_fine, todo=False),
    Step("hand_over", S("交付罚款"), statuses(Status.SERVED), None, CREW, HandOverIn, dated_by="handed_on",
         offer_when=lambda c: c.stage_rule == "APL_CASH_TO_AGENCY"),
    Step("bank", S("缴付银行"), statuses(Status.SERVED), None, STAFF, BankIn, dated_by="banked_on",
         offer_when=lambda c: c.stage_rule == "APL_AGENCY_TO_BANK"),
    Step("close", S("结案"), statuses(Status.SERVED), Status.CLOSED, HEAD, CloseIn,
         offer_when=lambda c: not c.decided_fine or bool(c.paid_on), dated_by="closed_on", document="closing_approval"),
    Step("revoke", S("撤销、变更或确认无效"), statuses(Status.DECIDED, Status.SERVED, Status.CLOSED), None, HEAD,
         RevokeIn, offer_when=lambda c: not _revoked(c), dated_by="changed_on", rule="行政处罚法第七十五条", todo=False),
    Step("archive", S("归档"), statuses(Status.CLOSED), Status.ARCHIVED, CREW),
    Step("reinstate", S("调卷重开"), statuses(Status.ARCHIVED), Status.CLOSED, HEAD, ReinstateIn, todo=False),
]


def _visible(user: Any, case: Case) -> bool:
    return access.scoped(Case, user).filter(pk=case.pk).exists()


PENALTY: Procedure[Case] = Procedure(
    Case, steps=STEPS, log=StepLog(CaseStep, "case_id"), visible=_visible, staff_of=in_agency,
    other_labels={"register": S("线索登记"), "decide_on_the_spot": S("当场作出处罚决定"), "hearing": S("听证笔录")},
    worklist=Worklist("cases:detail", title=str, due=lambda c: c.stage_due, audience=CREW_USERS),
)

"""The case endpoints the steps' router does not derive: deciding under the simple procedure
(APL 51–52), the on-the-spot collection and its hand-over as stored (APL 68–71; the collect,
hand_over and bank steps themselves are the PENALTY steps' endpoints), and preservation in
advance (APL 56). Mounted beside yifa.cases.api at /api/cases.

Reads go through yifa.cases.access ("not yours" = 404, like "missing"); every write is exactly
one action call (yifa.cases.simple, yifa.evidence.actions), whose refusals are the API's
bilingual 400/403/404 bodies naming the article; bad input is a 422 before anything runs.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.accounts.models import User
from yifa.accounts.requests import signed_in
from yifa.api.inputs import agency_officer, agency_staff, plain
from yifa.cases import simple
from yifa.cases.access import access_case
from yifa.cases.api import CaseOut, case_out
from yifa.cases.forms import penalty_power
from yifa.cases.models import OnSpotCollection, PartyKind
from yifa.evidence.actions import decide_preservation, record_preservation
from yifa.evidence.models import Preservation, PreservationDecision
from yifa.law.models import PowerItem
from yifa.lib.bounds import Money
from yifa.lib.errors import NotFound
from yifa.lib.idcodes import PartyCode, PhoneNumber

router = Router(tags=["案件"])


# --- the simple procedure (APL 51–52) --------------------------------------------------------


class SimpleDecisionIn(Schema):
    power_id: int = Field(description="本机关的行政处罚事项")
    officer_ids: list[int] = Field(description="在场的执法人员（本机关、持证，至少两名；须包括本人）")
    decided_on: dt.date
    decided_types: list[PowerItem.PenaltyType] = Field(description="仅警告或罚款（行政处罚法第五十一条）")
    decided_fine: Money | None = Field(None, description="罚款金额（元）：公民≤200，法人或其他组织≤3000（参数）")
    facts: str = Field(description="违法事实")
    title: str = ""
    party_kind: PartyKind
    party_name: str
    party_code: PartyCode = Field("", description="身份证号码或统一社会信用代码（校验码须正确）")
    party_address: str = ""
    party_phone: PhoneNumber = ""
    party_birth_date: dt.date | None = None
    act_ended_on: dt.date | None = Field(None, description="违法行为终了日期（默认为决定日期）")
    benchmark: str = Field("", description="裁量基准编码（该职权事项有多个裁量基准时选择）")
    outside_reasons: str = Field("", description="罚款超出裁量基准建议范围的书面理由（行政处罚法第三十四条）")


@router.post("/simple", response={201: CaseOut}, operation_id="decide_simple_case")
def decide_simple(request: HttpRequest, payload: SimpleDecisionIn) -> HttpStatus[dict[str, Any]]:
    """当场作出行政处罚决定 (simple procedure, APL 51–52): decided and served on the spot by the
    agency's certified officers; the case is filed with the agency within the stored period."""
    user = agency_staff(request, "只有执法机关工作人员可以当场作出处罚决定。",
                        "Only an agency's staff may decide on the spot.")
    data = payload.dict()
    power = penalty_power(user.agency_id, data.pop("power_id"))
    officers = [agency_officer(user.agency_id, pk, "officer_ids") for pk in data.pop("officer_ids")]
    party = {k: plain(v) for k, v in data.items() if k.startswith("party_")}
    extra = {k: v for k in ("title", "act_ended_on", "benchmark", "outside_reasons") if (v := data.get(k))}
    case = simple.decide_on_the_spot(
        agency=user.agency, power=power, officers=officers, decided_on=data["decided_on"],
        decided_types=[plain(t) for t in data["decided_types"]], decided_fine=data["decided_fine"],
        facts=data["facts"], acting_user=user, **party, **extra,
    )
    return HttpStatus(201, case_out(case, user))


# --- the on-the-spot collection (APL 68–71) ----------------------------------------------------


class OnSpotCollectionOut(Schema):
    amount: Decimal
    receipt_no: str
    collected_on: dt.date
    hard_to_collect: str
    agency_due: dt.date = Field(description="交至行政机关期限（二个工作日，行政处罚法第七十一条）")
    handed_on: dt.date | None
    bank_due: dt.date | None = Field(description="缴付银行期限（二个工作日）")
    banked_on: dt.date | None


@router.get("/{pk}/collection", response=OnSpotCollectionOut, operation_id="get_onspot_collection")
def get_collection(request: HttpRequest, pk: int) -> OnSpotCollection:
    """The cash collected on the spot for the case and its hand-over (404 if none)."""
    case = access_case(pk, request.user)
    collection = OnSpotCollection.objects.filter(case=case).first()
    if collection is None:
        raise NotFound()
    return collection


# --- preservation in advance (APL 56) ----------------------------------------------------------


class PreservationOut(Schema):
    id: int
    items: str
    location: str
    reason: str
    preserved_on: dt.date
    approved_by: str
    recorded_by: str
    decision_due: dt.date = Field(description="处理决定期限（七个工作日，行政处罚法第五十六条）")
    due_rule: str
    calendar_version: str
    decision: PreservationDecision | None
    decision_note: str
    decided_on: dt.date | None
    decided_in_time: bool | None


def preservation_out(p: Preservation) -> dict[str, Any]:
    return {"id": p.pk, "items": p.items, "location": p.location, "reason": p.reason, "preserved_on": p.preserved_on,
            "approved_by": str(p.approved_by), "recorded_by": str(p.recorded_by), "decision_due": p.decision_due,
            "due_rule": p.due_rule, "calendar_version": p.calendar_version, "decision": p.decision or None,
            "decision_note": p.decision_note, "decided_on": p.decided_on, "decided_in_time": p.decided_in_time}


@router.get("/{pk}/preservations", response=list[PreservationOut], operation_id="list_preservations")
def list_preservations(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    """The case's preservations in advance, in the order made."""
    case = access_case(pk, request.user)
    rows = Preservation.objects.filter(case=case).select_related("approved_by", "recorded_by").order_by(
        "preserved_on", "id")
    return [preservation_out(p) for p in rows]


class PreservationIn(Schema):
    items: str = Field(description="保存物品清单")
    reason: str = Field(description="证据可能灭失或者以后难以取得的情况")
    preserved_on: dt.date
    location: str = ""
    approved_by: int | None = Field(None, description="批准的本机关负责人（用户编号）；本人为负责人的可不填")


@router.post("/{pk}/preservations", response={201: PreservationOut}, operation_id="record_preservation")
def preserve(request: HttpRequest, pk: int, payload: PreservationIn) -> HttpStatus[dict[str, Any]]:
    """先行登记保存 (APL 56): with the head's approval; the decision is due within 7 working days."""
    case = access_case(pk, request.user)
    data = payload.dict()
    approver_id = data.pop("approved_by")
    # An approver outside the case's agency is no approver: the action refuses (APL 56).
    approver = User.objects.filter(pk=approver_id, agency_id=case.agency_id).first() if approver_id else None
    p = record_preservation(case, acting_user=signed_in(request), approved_by=approver, **data)
    return HttpStatus(201, preservation_out(p))


class PreservationDecisionIn(Schema):
    decision: PreservationDecision
    decided_on: dt.date
    note: str = ""


@router.post("/{pk}/preservations/{preservation_id}/decision", response=PreservationOut,
             operation_id="decide_preservation")
def decide(request: HttpRequest, pk: int, preservation_id: int, payload: PreservationDecisionIn) -> dict[str, Any]:
    """What becomes of the preserved items (APL 56), recorded as in time or late."""
    case = access_case(pk, request.user)
    p = Preservation.objects.filter(case=case, pk=preservation_id).first()
    if p is None:
        raise NotFound()
    done = decide_preservation(p, decision=plain(payload.decision), decided_on=payload.decided_on,
                               note=payload.note, acting_user=signed_in(request))
    return preservation_out(done)

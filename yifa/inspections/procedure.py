"""Inspection records (行政检查), declared once on the workflow core: a suspected violation found
on inspection is turned into a registered case (转立案), entered once. The step's body is in
yifa.inspections.actions (bound with `INSPECTIONS.performs`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.cases.models import PartyKind
from yifa.inspections.models import Inspection, InspectionResult, InspectionStatus, InspectionStep
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError, refuse
from yifa.lib.idcodes import PhoneNumber
from yifa.registry import access
from yifa.workflow.steps import ANY_STAFF, Procedure, RecordId, Ref, Step, StepLog, in_agency, statuses, ui


class RegisterCaseIn(BaseModel):
    power: RecordId = Field(title=N_("违法行为对应的行政处罚职权事项"), description="本机关的行政处罚职权事项ID")
    title: str = Field("", title=N_("案由"), max_length=200, description="案由；不填则为“<被检查对象>涉嫌违法案”")
    party_kind: PartyKind = Field(title=N_("当事人类型"))
    party_address: str = Field("", title=N_("住所（地址）"), max_length=200)
    party_phone: PhoneNumber = Field("", title=N_("联系电话"), max_length=30)
    act_ended_on: dt.date = Field(title=N_("违法行为终了日期"), json_schema_extra=ui(today=False))
    safety_harm: bool = Field(False, title=N_("涉及生命健康安全、金融安全且有危害后果"))


def _not_a_penalty_power(inspection: Inspection, pk: Any, field: str) -> ActionError:
    return refuse("所选事项不是本机关的行政处罚职权", "The power item is not this agency's penalty power",
                  "行政处罚法第十七条", field=field)


#: One of the agency's own penalty powers in force (APL 17).
PENALTY_POWER = Ref(PowerItem, lambda i: {"agency_id": i.agency_id, "category": PowerItem.Category.PENALTY,
                                          "is_active": True}, _not_a_penalty_power)


def penalty_power_choices(inspection: Inspection) -> list[tuple[Any, str]]:
    powers = PowerItem.objects.filter(**PENALTY_POWER.scope(inspection)).order_by("code").only("pk", "code", "name")
    return [(p.pk, f"{p.code} {p.name}") for p in powers]


def register_defaults(inspection: Inspection) -> dict[str, Any]:
    """What the record already says: the form starts from it."""
    initial: dict[str, Any] = {"title": f"{inspection.party_name}涉嫌违法案", "party_address": inspection.place,
                               "act_ended_on": inspection.inspected_on, "party_kind": PartyKind.ORGANISATION}
    if inspection.power.category == PowerItem.Category.PENALTY:
        initial["power"] = inspection.power_id
    return initial


STAFF = ANY_STAFF


def _visible(user: Any, inspection: Inspection) -> bool:
    return access.scoped(Inspection, user).filter(pk=inspection.pk).exists()


STEPS: list[Step[Inspection]] = [
    Step("register_case", pgettext_lazy("inspection step", "转立案"), statuses(InspectionStatus.RECORDED),
         InspectionStatus.CASE_REGISTERED, STAFF, RegisterCaseIn, {"power": PENALTY_POWER},
         offer_when=lambda i: i.result == InspectionResult.SUSPECTED,
         choices={"power": penalty_power_choices}, initial=register_defaults),
]

INSPECTIONS: Procedure[Inspection] = Procedure(
    Inspection, steps=STEPS, log=StepLog(InspectionStep, "inspection_id"), visible=_visible, staff_of=in_agency,
    other_labels={"record": pgettext_lazy("inspection step", "现场检查")},
)

"""Inspection endpoints: the list (scoped, with search), one record, record an inspection, and
register a case from a suspected violation. Reads go through yifa.inspections.access ("not
yours" = 404, like "missing"); writes call exactly one yifa.inspections.actions function.
Refusals use the API's error handlers (400/403/404, both languages).
"""

import datetime as dt
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.accounts.requests import signed_in
from yifa.api.inputs import agency_officer, agency_staff, plain
from yifa.api.schemas import OfficerOnRecord
from yifa.api.steps import payload_schema
from yifa.cases.api import CaseOut, case_out
from yifa.inspections import actions
from yifa.inspections.access import access_inspection, inspections_for
from yifa.inspections.forms import inspection_powers
from yifa.inspections.models import Inspection, InspectionResult
from yifa.inspections.procedure import INSPECTIONS
from yifa.inspections.queries import inspection_page, officers_by_name, search
from yifa.lib.errors import ActionError
from yifa.lib.idcodes import PartyCode
from yifa.web.lists import page_number
from yifa.web.parties import party_view

router = Router(tags=["行政检查"])


class InspectionOut(Schema):
    id: int
    agency_id: int
    power_id: int
    power_name: str
    inspected_on: dt.date
    party_name: str
    party_code: str = Field(description="脱敏，除非为机关负责人、管理员或监督人员")
    place: str
    findings: str
    result: InspectionResult
    result_label: str
    random_selection: bool
    case_id: int | None
    recorded_by: str
    recorded_at: dt.datetime
    officers: list[OfficerOnRecord]


class InspectionPageOut(Schema):
    items: list[InspectionOut]
    page: int
    has_next: bool


def inspection_out(i: Inspection, user: Any) -> dict[str, Any]:
    return {
        "id": i.pk, "agency_id": i.agency_id, "power_id": i.power_id, "power_name": i.power.name,
        "inspected_on": i.inspected_on, "party_name": i.party_name,
        "party_code": party_view(user, code=i.party_code)["code"],
        "place": i.place, "findings": i.findings, "result": i.result,
        "result_label": str(InspectionResult(i.result).label), "random_selection": i.random_selection,
        "case_id": i.case_id, "recorded_by": str(i.recorded_by), "recorded_at": i.recorded_at,
        "officers": [{"officer_id": o.pk, "name": o.name, "certificate_no": o.certificate_no}
                     for o in i.officers.all()],  # prefetched by name: officers_by_name
    }


@router.get("", response=InspectionPageOut, operation_id="list_inspections")
def list_inspections(request: HttpRequest, q: str = "", result: str = "", page: int = 1) -> dict[str, Any]:
    """Every inspection record the user may see, newest first; `q` searches the party, the place,
    the findings and the power item's name; `result` filters."""
    qs, _ = search(inspections_for(request.user), q.strip()[:100], result)
    found = inspection_page(qs.select_related("recorded_by").prefetch_related(officers_by_name()), page_number(page))
    return {"items": [inspection_out(r["inspection"], request.user) for r in found.rows], "page": found.number,
            "has_next": found.has_next}


@router.get("/{pk}", response=InspectionOut, operation_id="get_inspection")
def get_inspection(request: HttpRequest, pk: int) -> dict[str, Any]:
    inspection = access_inspection(pk, request.user)
    prefetch_related_objects([inspection], officers_by_name())
    return inspection_out(inspection, request.user)


class InspectionIn(Schema):
    power_id: int = Field(description="检查事项（本机关的行政检查或行政处罚职权事项）")
    inspected_on: dt.date
    officers: list[int] = Field(description="检查人员（执法人员ID，至少2人）")
    party_name: str
    party_code: PartyCode = Field("", description="统一社会信用代码或身份证号码（校验码须正确，不接受脱敏号码）")
    place: str
    findings: str
    result: InspectionResult
    random_selection: bool = False


@router.post("", response={201: InspectionOut}, operation_id="record_inspection")
def record(request: HttpRequest, payload: InspectionIn) -> HttpStatus[dict[str, Any]]:
    """现场检查笔录: at least two certified officers, the place, what was found and the result."""
    user = agency_staff(request, "只有执法机关工作人员可以记录行政检查。", "Only an agency's staff may record an inspection.")
    data = payload.dict()
    power = inspection_powers(user.agency_id).filter(pk=data.pop("power_id")).first()
    if power is None:
        raise ActionError("检查事项不属于本机关职权（行政处罚法第十七条）", "Not this agency's power (行政处罚法第十七条)",
                          field="power_id", rule="行政处罚法第十七条")
    data["officers"] = [agency_officer(user.agency_id, pk, "officers") for pk in data["officers"]]
    data["result"] = plain(data["result"])
    inspection = actions.record_inspection(agency=user.agency, power=power, acting_user=user, **data)
    prefetch_related_objects([inspection], officers_by_name())
    return HttpStatus(201, inspection_out(inspection, user))


class RegisterCaseIn(payload_schema("register_case", INSPECTIONS["register_case"].inputs, "Inspection")):  # type: ignore[misc]
    """The step's declared inputs and the version, with the power item named `power_id` as on the
    other registering endpoints."""

    power: int | None = Field(None, exclude=True)
    power_id: int = Field(description="违法行为对应的本机关行政处罚职权事项")


@router.post("/{pk}/register-case", response={201: CaseOut}, operation_id="register_case_from_inspection")
def register_case(request: HttpRequest, pk: int, payload: RegisterCaseIn) -> HttpStatus[dict[str, Any]]:
    """转立案: a suspected violation becomes a registered lead (source: inspection), linked both
    ways, without entering the party, the date or the findings again. Answers with the new case."""
    inspection = access_inspection(pk, request.user)
    data = payload.model_dump(exclude={"power_id"}) | {"power": payload.power_id}
    case = INSPECTIONS.take("register_case", inspection, version=payload.version, inputs=data,
                            acting_user=signed_in(request))
    return HttpStatus(201, case_out(case, request.user))

"""Recording an inspection, and turning a suspected violation into a registered case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.cases import actions as case_actions
from yifa.cases.models import Case, SourceKind
from yifa.cases.rules import require_agency_staff, require_two_investigators
from yifa.inspections.access import access_inspection as access_inspection  # re-exported: reads live in access.py
from yifa.inspections.models import Inspection, InspectionResult, InspectionStep
from yifa.inspections.procedure import INSPECTIONS
from yifa.law.models import PowerItem
from yifa.lib.bounds import check_past_date
from yifa.lib.errors import ActionError, refuse
from yifa.lib.idcodes import canonical_party_code
from yifa.registry.models import Agency, Officer

if TYPE_CHECKING:
    from yifa.accounts.models import User


def record_inspection(
    *, agency: Agency, power: PowerItem, inspected_on: dt.date, officers: Sequence[Officer], party_name: str,
    place: str, findings: str, result: str, party_code: str = "", random_selection: bool = False, acting_user: User,
) -> Inspection:
    """现场检查笔录: at least two certified officers, the place, what was found and the result."""
    require_agency_staff(acting_user, Case(agency=agency))
    if power.agency_id != agency.pk:
        raise refuse("检查事项不属于本机关职权", "Not this agency's power", "行政处罚法第十七条", field="power")
    check_past_date(inspected_on, "inspected_on", "检查日期")
    require_two_investigators(officers, Case(agency=agency), inspected_on)
    if not findings.strip() or result not in InspectionResult.values:
        raise ActionError("请填写检查情况和检查结果。", "Record the findings and the result.", field="findings")
    # Whoever was found (person or organisation): either code, checked and in its stored form.
    party_code = canonical_party_code(None, party_code)
    inspection = Inspection(
        agency=agency, power=power, inspected_on=inspected_on, party_name=party_name, party_code=party_code,
        place=place, findings=findings, result=result, random_selection=random_selection,
        recorded_by=acting_user, recorded_at=timezone.now(),
    )
    with transaction.atomic():
        inspection.save()
        inspection.officers.set(officers)
        InspectionStep.objects.create(inspection=inspection, step="record", to_status=inspection.status,
                                      at=inspection.recorded_at, on_date=inspected_on, actor=acting_user)
        record("inspection.record", inspection, acting_user=acting_user, after=snapshot(inspection))
    return inspection


@INSPECTIONS.performs("register_case")
def register_case_from(inspection: Inspection, *, power: PowerItem, acting_user: User, **case_fields: Any) -> Case:
    """A suspected violation found on inspection becomes a lead (source: inspection), linked both
    ways, without entering the party, the date or the findings again. Returns the new case."""
    if inspection.result != InspectionResult.SUSPECTED:
        raise ActionError("只有“涉嫌违法”的检查记录可以转立案。", "Only a suspected violation becomes a case.")
    fields = {"title": f"{inspection.party_name}涉嫌违法案", "source": SourceKind.INSPECTION,
              "source_detail": f"{inspection.inspected_on}现场检查：{inspection.findings}",
              "registered_on": inspection.inspected_on, "discovered_on": inspection.inspected_on,
              "party_name": inspection.party_name, "party_code": inspection.party_code}
    fields |= {k: v for k, v in case_fields.items() if not (k == "title" and not str(v).strip())}
    made: list[Case] = []

    def change(locked: Inspection) -> None:
        made.append(case_actions.register_case(agency=locked.agency, power=power, acting_user=acting_user, **fields))
        locked.case = made[0]

    INSPECTIONS.run("register_case", inspection, acting_user=acting_user, on_date=inspection.inspected_on,
                    change=change, data={"power": power.pk})
    return made[0]

"""Recording an inspection, and turning a suspected violation into a registered case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.cases import actions as case_actions
from yifa.cases.models import Case, SourceKind
from yifa.cases.rules import require_agency_staff, require_two_investigators
from yifa.inspections.access import access_inspection as access_inspection  # re-exported: reads live in access.py
from yifa.inspections.models import Inspection, InspectionResult
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError, refuse
from yifa.registry.models import Agency, Officer


def record_inspection(
    *, agency: Agency, power: PowerItem, inspected_on: dt.date, officers: Sequence[Officer], party_name: str,
    place: str, findings: str, result: str, party_code: str = "", random_selection: bool = False, acting_user: Any,
) -> Inspection:
    """现场检查笔录: at least two certified officers, the place, what was found and the result."""
    require_agency_staff(acting_user, Case(agency=agency))
    if power.agency_id != agency.pk:
        raise refuse("检查事项不属于本机关职权", "Not this agency's power", "行政处罚法第十七条", field="power")
    require_two_investigators(officers, Case(agency=agency), inspected_on)
    if not findings.strip() or result not in InspectionResult.values:
        raise ActionError("请填写检查情况和检查结果。", "Record the findings and the result.", field="findings")
    inspection = Inspection(
        agency=agency, power=power, inspected_on=inspected_on, party_name=party_name, party_code=party_code,
        place=place, findings=findings, result=result, random_selection=random_selection,
        recorded_by=acting_user, recorded_at=timezone.now(),
    )
    with transaction.atomic():
        inspection.save()
        inspection.officers.set(officers)
        record("inspection.record", inspection, acting_user=acting_user, after=snapshot(inspection))
    return inspection


def register_case_from(inspection: Inspection, *, power: PowerItem, acting_user: Any, **case_fields: Any) -> Case:
    """A suspected violation found on inspection becomes a lead, linked both ways, entered once."""
    require_agency_staff(acting_user, Case(agency=inspection.agency))
    if inspection.case_id:
        raise ActionError("该检查记录已转立案。", "This inspection already has a case.")
    if inspection.result != InspectionResult.SUSPECTED:
        raise ActionError("只有“涉嫌违法”的检查记录可以转立案。", "Only a suspected violation becomes a case.")
    defaults = {
        "title": f"{inspection.party_name}涉嫌违法案", "source": SourceKind.INSPECTION,
        "source_detail": f"{inspection.inspected_on}现场检查：{inspection.findings}",
        "registered_on": inspection.inspected_on, "discovered_on": inspection.inspected_on,
        "party_name": inspection.party_name, "party_code": inspection.party_code,
    }
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.case_id:
            raise ActionError("该检查记录已转立案。", "This inspection already has a case.")
        case = case_actions.register_case(agency=inspection.agency, power=power, acting_user=acting_user,
                                          **(defaults | case_fields))
        locked.case = case
        locked.save(update_fields=["case"])
        record("inspection.register_case", locked, acting_user=acting_user, after={"case": case.pk})
    return case

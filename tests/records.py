"""One record of each kind, all agency A's, for the tests that walk every page and endpoint (the
access matrix, the API fuzzing): a registered case with a piece of evidence (a stored file), an
inspection, a licence application and a licence issued on another, a proposed coercive measure,
and registry records (unit, post, officer, law, provision and its text, power items).

`url_values(records)` names them the way the URL patterns and the API paths do (`pk`, `doc_id`,
`sha256` …), so a path's parameters can be filled from it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import CASE_FIELDS
from tests.test_licensing import make_power, on, receive

D = dt.date


def agency_a_records(agency_a: Any, officer_a: Any, head_a: Any, penalty_power: Any, crew_a: Any) -> dict[str, Any]:
    from yifa.cases import actions as case_actions
    from yifa.coercion import actions as coercion_actions
    from yifa.complaints.actions import file_complaint
    from yifa.evidence.actions import Upload, add_evidence
    from yifa.inspections.actions import record_inspection
    from yifa.law.models import ProvisionVersion
    from yifa.licensing import actions as licensing_actions
    from yifa.registry.models import Post, Unit

    case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    evidence = add_evidence(case, kind="documentary", title="询问笔录", upload=Upload(b"witness statement\n", "a.txt"),
                            acting_user=head_a, collected_on=D(2026, 9, 1))
    inspection = record_inspection(
        agency=agency_a, power=penalty_power, inspected_on=D(2026, 9, 1), officers=[crew_a["lead"], crew_a["colleague"]],
        party_name="某食品店", place="某路1号", findings="过期食品。", result="suspected", acting_user=officer_a)
    measure = coercion_actions.propose_measure(agency=agency_a, kind="detention", items="过期食品", reason="涉嫌违法。",
                                               party_name="某食品店", acting_user=officer_a)
    licensing_power = make_power(agency_a, "XK-A-001")
    application = receive(licensing_power, officer_a)
    granted = receive(licensing_power, officer_a, D(2026, 9, 30))
    with on(D(2026, 9, 30)):
        granted = licensing_actions.accept(granted, accepted_on=D(2026, 9, 30), acting_user=officer_a)
        granted = licensing_actions.decide(granted, "granted", decided_on=D(2026, 9, 30), acting_user=officer_a)
        licence = licensing_actions.issue_licence(granted, number="JY13307260001", valid_to=D(2031, 9, 29),
                                                  issued_on=D(2026, 9, 30), acting_user=officer_a)
    unit = Unit.objects.create(agency=agency_a, name="执法大队", duties="现场执法")
    post = Post.objects.create(agency=agency_a, unit=unit, name="执法岗", duties="检查", headcount=3)
    provision = penalty_power.penalty_provisions.first()
    version = ProvisionVersion.objects.create(provision=provision, text="违反本法规定……", effective_from=D(2015, 10, 1))
    complaint = file_complaint(kind="complaint", category="conduct", subject="执法态度", content="态度恶劣。",
                               agency=agency_a, anonymous=True, acting_user=None).complaint
    return {**enforcement_and_random_check(agency_a, officer_a, penalty_power), **alert_and_notice(agency_a, case),
            **filing_and_spot_check(agency_a, case),
            **review_and_inspection(agency_a, case),
            **inquiry_record(agency_a, case), **remedy_record(agency_a, case, head_a),
            **evaluation_records(agency_a, head_a),
            "case": case, "evidence": evidence,
            "inspection": inspection, "measure": measure,
            "application": application, "licence": licence, "unit": unit, "post": post,
            "officer": crew_a["lead"], "power": penalty_power, "law": provision.law, "provision": provision,
            "provision_version": version, "agency": agency_a, "region": agency_a.region,
            "complaint": complaint, "login": officer_a}


def enforcement_and_random_check(agency_a: Any, officer_a: Any, penalty_power: Any) -> dict[str, Any]:
    """An enforcement opened on an unpaid served decision; a directory entry, a plan and an item."""
    from tests.test_enforcement import served_case
    from yifa.enforcement.actions import open_enforcement
    from yifa.lib.idcodes import uscc_check_char
    from yifa.randomcheck import actions as randomcheck
    from yifa.randomcheck.models import PlanItem

    unpaid = served_case(agency_a, penalty_power, officer_a, served_on=D(2026, 9, 1))
    enforcement = open_enforcement(unpaid, acting_user=officer_a)
    entity = randomcheck.add_entity(agency=agency_a, name="某食品店", credit_code="92330726MA0000001" + uscc_check_char(
        "92330726MA0000001"), sector="食品销售", region=agency_a.region, acting_user=officer_a)
    plan = randomcheck.create_plan(agency=agency_a, title="食品销售者抽查", scope="进货查验", count=1,
                                   starts_on=D(2026, 10, 8), ends_on=D(2026, 12, 31), acting_user=officer_a)
    item = PlanItem.objects.create(plan=plan, position=1, entity=entity, entity_name=entity.name,
                                   credit_code=entity.credit_code)
    return {"enforcement": enforcement, "plan": plan, "plan_item": item}


def alert_and_notice(agency_a: Any, case: Any) -> dict[str, Any]:
    """An open alert on agency A's case and a supervision notice about it (rows written directly:
    the matrix tries the pages, not the sweep)."""
    from django.utils import timezone

    from yifa.accounts.models import User
    from yifa.supervision.models import Alert, Notice

    now = timezone.now()
    alert = Alert.objects.create(rule="CASE_STAGE_OVERDUE", rule_effective_from=D(2021, 7, 15), citation="行政处罚法第六十条",
                                 severity="red", record_type="cases.Case", record_id=case.pk, agency=agency_a,
                                 evidence={"stage_due": "2026-09-01"}, first_seen=now, last_seen=now, due=D(2026, 9, 1))
    sender = User.objects.filter(role="supervisor").order_by("pk").first() or case.created_by
    notice = Notice.objects.create(alert=alert, agency=agency_a, text="请限期整改。", sent_on=D(2026, 9, 2),
                                   due=D(2026, 9, 9), sent_by=sender)
    return {"alert": alert, "notice": notice}


def filing_and_spot_check(agency_a: Any, case: Any) -> dict[str, Any]:
    """A major-case filing of agency A's case and a spot check that drew it (rows written directly)."""
    from yifa.accounts.models import User
    from yifa.filing.models import Filing, MajorCriterion, SpotCheck, SpotCheckItem

    filing = Filing.objects.create(case=case, agency=agency_a, criterion=MajorCriterion.objects.get(agency=None),
                                   grounds=["罚款"], decided_on=D(2026, 9, 29), due=D(2026, 10, 14),
                                   due_rule="MAJOR_CASE_FILING")
    drawer = User.objects.filter(role="supervisor").order_by("pk").first() or case.created_by
    check = SpotCheck.objects.create(region=agency_a.region, title="案卷抽查", closed_from=D(2026, 9, 1),
                                     closed_to=D(2026, 9, 30), agencies_n=1, cases_n=1, seed="s", method="sha256-rank/1",
                                     candidates_hash="0" * 64, candidates=1, drawn_on=D(2026, 10, 1), drawn_by=drawer)
    item = SpotCheckItem.objects.create(check_run=check, case=case, agency=agency_a, rank=1)
    return {"filing": filing, "spot_check": check, "spot_item": item}


def review_and_inspection(agency_a: Any, case: Any) -> dict[str, Any]:
    """A review round with agency A's case reviewed by an officer of agency B (officer_b when the
    cast is there), and agency A's self-inspection (rows written directly)."""
    from yifa.accounts.models import User
    from yifa.filereview.models import FileReview, ReviewRound, ScoreSheet, SelfInspection

    reviewer = User.objects.filter(role="officer").exclude(agency=agency_a).order_by("pk").first() or case.created_by
    rnd = ReviewRound.objects.create(region=agency_a.region, title="2026年度案卷评查", sheet=ScoreSheet.objects.first(),
                                     closed_from=D(2026, 1, 1), closed_to=D(2026, 11, 30), count=1, seed="s",
                                     method="m", created_by=case.created_by, created_on=D(2026, 12, 1))
    review = FileReview.objects.create(round=rnd, case=case, agency=agency_a, region=agency_a.region,
                                       reviewer=reviewer)
    inspection = SelfInspection.objects.create(agency=agency_a, year=2026, due=D(2026, 12, 31),
                                               checklist=[{"code": "S1", "text": "执法主体资格"}], citation="x")
    return {"review_round": rnd, "file_review": review, "self_inspection": inspection}


def inquiry_record(agency_a: Any, case: Any) -> dict[str, Any]:
    """A fault inquiry on agency A's case (written directly: the matrix tries the pages)."""
    from yifa.accountability.models import Inquiry
    from yifa.accounts.models import User

    opener = User.objects.filter(role="supervisor").order_by("pk").first() or case.created_by
    return {"inquiry": Inquiry.objects.create(agency=agency_a, case=case, source_type="cases.Case", source_id=case.pk,
                                              summary="案件主要证据不足", opened_on=D(2026, 9, 2), due=D(2026, 10, 2),
                                              due_rule="ACC_DECIDE", opened_by=opener)}
def remedy_record(agency_a: Any, case: Any, head_a: Any) -> dict[str, Any]:
    """A reconsideration of agency A's case, pending (written directly: the matrix tries the endpoints)."""
    from yifa.accountability.models import Remedy

    return {"remedy": Remedy.objects.create(case=case, agency=agency_a, kind="reconsideration", body="浦江县人民政府",
                                            filed_on=D(2026, 10, 8), accepted_on=D(2026, 10, 9), recorded_by=head_a)}


def evaluation_records(agency_a: Any, head_a: Any) -> dict[str, Any]:
    """A computed (unpublished) evaluation of the county, a correction and a plan of agency A."""
    from django.utils import timezone

    from yifa.evaluation.models import Correction, Cycle, Plan, PlanVersion

    cycle = Cycle.objects.create(year=2026, region=agency_a.region, as_of=D(2026, 9, 1))
    correction = Correction.objects.create(cycle=cycle, agency=agency_a, text="通报批评，限期改正。", due=D(2026, 11, 1))
    plan = Plan.objects.create(agency=agency_a, year=2026)
    PlanVersion.objects.create(plan=plan, number=1, parts={"organisation": "组织领导"}, written_at=timezone.now(),
                               written_by=head_a)
    return {"cycle": cycle, "correction": correction, "evaluation_plan": plan}


#: A path's first segments → the record its `{pk}` names (longest prefix first).
PATH_RECORDS = {
    "/api/cases/": "case", "/api/coercion/": "measure", "/api/inspections/": "inspection",
    "/api/licensing/applications/": "application", "/api/licensing/licences/": "licence",
    "/api/registry/regions/": "region", "/api/registry/agencies/": "agency", "/api/registry/units/": "unit",
    "/api/registry/posts/": "post", "/api/registry/officers/": "officer", "/api/registry/laws/": "law",
    "/api/registry/provisions/": "provision", "/api/registry/provision-versions/": "provision_version",
    "/api/registry/power-items/": "power", "/api/registry/deadline-rules/": "deadline_rule",
    "/api/registry/legal-parameters/": "legal_parameter",
    "/api/enforcement/": "enforcement", "/enforcement/": "enforcement", "/api/randomcheck/plans/": "plan",
    "/api/randomcheck/items/": "plan_item", "/randomcheck/items/": "plan_item", "/randomcheck/": "plan",
    "/cases/": "case", "/coercion/": "measure", "/inspections/": "inspection", "/licensing/": "application",
    "/licensing/licences/": "licence", "/registry/regions/": "region", "/registry/units/": "unit",
    "/registry/posts/": "post", "/registry/officers/": "officer", "/registry/agencies/": "agency",
    "/registry/laws/": "law", "/registry/powers/": "power", "/registry/provisions/": "provision",
    "/registry/versions/": "provision_version", "/registry/rules/": "deadline_rule",
    "/complaints/manage/": "complaint", "/api/complaints/": "complaint",
    "/supervision/alerts/": "alert", "/supervision/notices/": "notice",
    "/filing/": "filing", "/spotchecks/items/": "spot_item", "/spotchecks/": "spot_check",
    "/filereview/rounds/": "review_round", "/filereview/files/": "file_review", "/filereview/self/": "self_inspection",
    "/accountability/inquiries/": "inquiry",
    "/evaluation/cycles/": "cycle", "/evaluation/corrections/": "correction", "/evaluation/plans/": "evaluation_plan",
    "/portal/circulars/": "cycle",
    "/api/supervision/alerts/": "alert", "/api/supervision/notices/": "notice", "/api/filing/filings/": "filing",
    "/api/filing/spot-checks/items/": "spot_item", "/api/filing/spot-checks/": "spot_check",
    "/api/filereview/rounds/": "review_round", "/api/filereview/files/": "file_review",
    "/api/filereview/self-inspections/": "self_inspection", "/api/evaluation/cycles/": "cycle",
    "/api/evaluation/corrections/": "correction", "/api/evaluation/plans/": "evaluation_plan",
    "/api/accountability/remedies/": "remedy", "/api/accountability/inquiries/": "inquiry",
    "/staff/": "login", "/audit/users/": "login", "/audit/records/": "case",
}


def record_for(path: str, records: dict[str, Any]) -> Any:
    """The record a path's `pk` names, by the longest known prefix of the path (None: no such record)."""
    for prefix in sorted(PATH_RECORDS, key=len, reverse=True):
        if path.startswith(prefix) or f"/{path.lstrip('/')}".startswith(prefix):
            return records.get(PATH_RECORDS[prefix])
    return None


def path_values(path: str, records: dict[str, Any]) -> dict[str, Any]:
    """Values for a path's parameters: agency A's record for `pk`, its evidence file's hash for
    `sha256`, a document id that does not exist (documents are slow to make and not needed here)."""
    from yifa.workcal.models import DeadlineRule, LegalParameter

    extra = {"deadline_rule": DeadlineRule.objects.order_by("pk").first(),
             "legal_parameter": LegalParameter.objects.order_by("pk").first()}
    record = record_for(path, records | extra)
    return {"pk": record.pk if record is not None else 999_999, "sha256": records["evidence"].sha256,
            "doc_id": 999_999, "preservation_id": 999_999, "kind": "case_opening"}

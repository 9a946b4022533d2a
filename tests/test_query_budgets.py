"""Query budgets (issue 14, item 3): every list page and list endpoint runs the same number of
queries whatever the page holds — measured with 5 and with 50 rows of its kind, so a per-row
query (N+1, or a deferred column read on each row) fails.

The lists are enumerated from the URL configuration and the OpenAPI document: every GET page and
operation without a path parameter is either in `LISTS` (with the records it lists) or in
`NOT_LISTS` (with the reason), so a new list without a budget fails `test_every_list_has_a_budget`.

Each measurement also checks that the rows made are on the page (their ASCII labels appear in the
body), so a list that shows nothing cannot pass.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import CASE_FIELDS, client_for, make_agency, make_officer, make_user
from tests.test_access_matrix import operations, web_patterns
from tests.test_licensing import make_power, on, receive

pytestmark = pytest.mark.django_db
D = dt.date

#: Rows in the two measurements: a short page and a full one (the page size is 50).
FEW, MANY = 5, 50


# --- the records each list shows ---------------------------------------------------------------
# A seeder makes `count` more records of its kind, each named by one of `labels` (ASCII, so that it
# appears alike in HTML and in JSON), through the actions where the record has one.

Seeder = Callable[[dict[str, Any], list[str]], None]


def seed_cases(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.cases import actions

    for label in labels:
        actions.register_case(agency=w["agency_a"], power=w["penalty_power"], acting_user=w["officer_a"],
                              **(CASE_FIELDS | {"title": label}))


def seed_measures(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.coercion.actions import propose_measure

    for label in labels:
        propose_measure(agency=w["agency_a"], kind="detention", items="过期食品", reason="涉嫌违法。",
                        party_name=label, acting_user=w["officer_a"])


def seed_inspections(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.inspections.actions import record_inspection

    crew = w["crew_a"]
    for label in labels:
        record_inspection(agency=w["agency_a"], power=w["penalty_power"], inspected_on=D(2026, 9, 1),
                          officers=[crew["lead"], crew["colleague"]], party_name=label, place="某路1号",
                          findings="过期食品。", result="suspected", acting_user=w["officer_a"])


def licensing_power(w: dict[str, Any]) -> Any:
    if "licensing_power" not in w:
        w["licensing_power"] = make_power(w["agency_a"], "XK-A-001")
    return w["licensing_power"]


def seed_applications(w: dict[str, Any], labels: list[str]) -> None:
    for label in labels:
        receive(licensing_power(w), w["officer_a"], applicant_name=label)


def seed_licences(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.licensing import actions

    day = D(2026, 9, 30)
    for label in labels:
        app = receive(licensing_power(w), w["officer_a"], day)
        with on(day):
            app = actions.accept(app, accepted_on=day, acting_user=w["officer_a"])
            app = actions.decide(app, "granted", decided_on=day, acting_user=w["officer_a"])
            actions.issue_licence(app, number=label, valid_to=D(2031, 9, 29), issued_on=day, acting_user=w["officer_a"])


def seed_regions(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.registry.models import Region

    for label in labels:
        Region.objects.create(code=f"3307261{label[-5:]}", name=label, level="town", parent=w["county"])


def seed_agencies(w: dict[str, Any], labels: list[str]) -> None:
    for label in labels:
        make_agency(w["county"], label, label, f"11330726MB{label[-5:]}00Y")


def seed_units(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.registry.models import Unit

    for label in labels:
        Unit.objects.create(agency=w["agency_a"], name=label, duties="现场执法")


def seed_posts(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.registry.models import Post, Unit

    unit = Unit.objects.create(agency=w["agency_a"], name=f"unit-{labels[0]}", duties="现场执法")
    for label in labels:
        Post.objects.create(agency=w["agency_a"], unit=unit, name=label, duties="检查", headcount=3)


def seed_officers(w: dict[str, Any], labels: list[str]) -> None:
    for label in labels:
        make_officer(w["agency_a"], label, 20 + int(label[-5:]))


def seed_laws(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.law.models import Law

    for label in labels:
        Law.objects.create(name=label, kind="law", issuer="全国人民代表大会常务委员会")


def seed_provisions(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.law.models import Law, Provision

    law = Law.objects.create(name=f"law-{labels[0]}", kind="law", issuer="全国人民代表大会常务委员会")
    for number, label in enumerate(labels, 1):
        Provision.objects.create(law=law, article=number, label=label)


def seed_provision_versions(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.law.models import Law, Provision, ProvisionVersion

    law = Law.objects.create(name=f"law-{labels[0]}", kind="law", issuer="全国人民代表大会常务委员会")
    for number, label in enumerate(labels, 1):
        provision = Provision.objects.create(law=law, article=number, label=f"第{number}条")
        ProvisionVersion.objects.create(provision=provision, text=label, effective_from=D(2015, 10, 1))


def seed_powers(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.law.models import PowerItem

    for label in labels:
        PowerItem.objects.create(code=label, name=f"{label} 行政处罚", category="penalty", agency=w["agency_a"],
                                 procedure="penalty_ordinary")


def seed_rules(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.workcal.models import DeadlineRule

    DeadlineRule.objects.exclude(code__startswith="Q").delete()  # the shipped rules would fill the page
    for label in labels:
        DeadlineRule.objects.create(code=label, name=label, count=5, unit="working", trigger="受理",
                                    citation="测试", effective_from=D(2020, 1, 1))


def seed_parameters(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.workcal.models import LegalParameter

    LegalParameter.objects.exclude(code__startswith="Q").delete()  # the shipped ones would fill the page
    for label in labels:
        LegalParameter.objects.create(code=label, name=label, value=Decimal(1), unit="元", citation="测试",
                                      effective_from=D(2020, 1, 1))


def seed_complaints(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.complaints.actions import file_complaint

    for label in labels:
        file_complaint(kind="complaint", category="conduct", subject=label, content="态度恶劣。", agency=w["agency_a"],
                       anonymous=True, acting_user=None)


def seed_alerts(w: dict[str, Any], labels: list[str]) -> None:
    """Agency A's open alerts (rows written directly: the sweep is tested in test_supervision), each
    citing its label; and a notice past its deadline on each (the dashboard lists them)."""
    from django.utils import timezone

    from yifa.cases.models import Case
    from yifa.supervision.models import Alert, Notice

    now, today = timezone.now(), timezone.localdate()
    start = (Alert.objects.order_by("-record_id").values_list("record_id", flat=True).first() or 0) + 1
    for i, label in enumerate(labels):
        alert = Alert.objects.create(rule="CASE_STAGE_OVERDUE", rule_effective_from=D(2021, 7, 15), citation=label,
                                     severity="red", record_type=Case._meta.label, record_id=start + i,
                                     agency=w["agency_a"], evidence={}, first_seen=now, last_seen=now, due=today)
        Notice.objects.create(alert=alert, agency=w["agency_a"], text=label, sent_on=today - dt.timedelta(days=9),
                              due=today - dt.timedelta(days=2), sent_by=w["supervisor"])


def seed_filings(w: dict[str, Any], labels: list[str]) -> None:
    """Agency A's decided cases (made directly), each with its major-case filing."""
    from yifa.cases.models import Case
    from yifa.filing.models import Filing, MajorCriterion

    criterion = MajorCriterion.objects.get(agency=None)
    for label in labels:
        case = Case.objects.create(agency=w["agency_a"], power=w["penalty_power"], created_by=w["officer_a"],
                                   **(CASE_FIELDS | {"title": label, "status": "decided", "outcome": "penalty",
                                                     "decided_on": D(2026, 9, 29)}))
        Filing.objects.create(case=case, agency=w["agency_a"], criterion=criterion, grounds=[label],
                              decided_on=D(2026, 9, 29), due=D(2026, 10, 14), due_rule="MAJOR_CASE_FILING")


def seed_spot_checks(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.filing.models import SpotCheck

    for label in labels:
        SpotCheck.objects.create(region=w["county"], title=label, closed_from=D(2026, 9, 1), closed_to=D(2026, 9, 30),
                                 agencies_n=1, cases_n=1, seed=label, method="sha256-rank/1", candidates_hash="0" * 64,
                                 candidates=1, drawn_on=D(2026, 10, 1), drawn_by=w["supervisor"])
def seed_reviews(w: dict[str, Any], labels: list[str]) -> None:
    """Review rounds titled by the labels, and agencies named by them with their self-inspection
    (rows written directly: the steps are tested in test_filereview)."""
    from django.utils import timezone

    from yifa.filereview.models import ReviewRound, ScoreSheet, SelfInspection
    from yifa.registry.models import Agency

    today, sheet = timezone.localdate(), ScoreSheet.objects.first()
    seed_agencies(w, labels)
    for agency in Agency.objects.filter(name__in=labels):
        ReviewRound.objects.create(region=w["county"], title=agency.name, sheet=sheet, closed_from=today,
                                   closed_to=today, count=1, seed="s", method="m", created_by=w["supervisor"],
                                   created_on=today)
        SelfInspection.objects.create(agency=agency, year=today.year, due=today, checklist=[], citation="x")
def seed_inquiries(w: dict[str, Any], labels: list[str]) -> None:
    """Fault inquiries on agency A (rows written directly: the steps are tested in test_accountability)."""
    from django.utils import timezone

    from yifa.accountability.models import Inquiry

    today = timezone.localdate()
    start = (Inquiry.objects.order_by("-source_id").values_list("source_id", flat=True).first() or 0) + 1
    Inquiry.objects.bulk_create([
        Inquiry(agency=w["agency_a"], source_type="cases.Case", source_id=start + i, summary=label, opened_on=today,
                due=today + dt.timedelta(days=30), due_rule="ACC_DECIDE", opened_by=w["supervisor"])
        for i, label in enumerate(labels)])


def seed_file_reviews(w: dict[str, Any], labels: list[str]) -> None:
    """Agency A's closed cases (made directly), each sampled in one review round (the steps are
    tested in test_filereview and test_api_county)."""
    from django.utils import timezone

    from yifa.cases.models import Case
    from yifa.filereview.models import FileReview, ReviewRound, ScoreSheet

    today = timezone.localdate()
    rnd = ReviewRound.objects.create(region=w["county"], title=f"round-{labels[0]}", sheet=ScoreSheet.objects.first(),
                                     closed_from=today, closed_to=today, count=1, seed="s", method="m",
                                     created_by=w["supervisor"], created_on=today)
    for label in labels:
        case = Case.objects.create(agency=w["agency_a"], power=w["penalty_power"], created_by=w["officer_a"],
                                   **(CASE_FIELDS | {"title": label, "status": "closed"}))
        FileReview.objects.create(round=rnd, case=case, agency=w["agency_a"], region=w["county"],
                                  reviewer=w["officer_a"])


def seed_remedies(w: dict[str, Any], labels: list[str]) -> None:
    """Reconsiderations of agency A's decided cases (made directly: recording is tested in
    test_accountability), each before the body named by its label."""
    from yifa.accountability.models import Remedy
    from yifa.cases.models import Case

    for label in labels:
        case = Case.objects.create(agency=w["agency_a"], power=w["penalty_power"], created_by=w["officer_a"],
                                   **(CASE_FIELDS | {"title": label, "status": "decided", "outcome": "penalty",
                                                     "decided_on": D(2026, 9, 29)}))
        Remedy.objects.create(case=case, agency=w["agency_a"], kind="reconsideration", body=label,
                              filed_on=D(2026, 10, 8), accepted_on=D(2026, 10, 9), recorded_by=w["head_a"])


def seed_plans(w: dict[str, Any], labels: list[str]) -> None:
    """Agencies of the county named by the labels, each with its implementation plan for 2026."""
    from yifa.evaluation.models import Plan
    from yifa.registry.models import Agency

    seed_agencies(w, labels)
    Plan.objects.bulk_create([Plan(agency=a, year=2026) for a in Agency.objects.filter(name__in=labels)])


def seed_evaluated_agencies(w: dict[str, Any], labels: list[str]) -> None:
    """Agencies of the county, and one evaluation cycle open today that evaluates them."""
    from django.utils import timezone

    from yifa.complaints.models import EvaluationCycle

    today = timezone.localdate()
    EvaluationCycle.objects.get_or_create(name="cycle", region=w["county"], defaults={
        "opens_on": today - dt.timedelta(days=1), "closes_on": today + dt.timedelta(days=1)})
    seed_agencies(w, labels)


def seed_corrections(w: dict[str, Any], labels: list[str]) -> None:
    """Agency A's corrections (通报批评，限期改正) from one evaluation of the county."""
    from yifa.evaluation.models import Correction, Cycle

    cycle, _ = Cycle.objects.get_or_create(year=2026, region=w["county"], defaults={"as_of": D(2026, 12, 1)})
    for label in labels:
        Correction.objects.create(cycle=cycle, agency=w["agency_a"], text=label, due=D(2027, 2, 1))


def seed_circulars(w: dict[str, Any], labels: list[str]) -> None:
    """Published evaluations of the county (one a year), each circular titled by its label."""
    from yifa.evaluation.models import Cycle

    for label in labels:
        Cycle.objects.create(year=1000 + int(label[1:]), region=w["county"], as_of=D(2026, 12, 1),
                             status="published", circular_title=label, published_on=D(2026, 12, 20))


def seed_enforcements(w: dict[str, Any], labels: list[str]) -> None:
    from tests.test_enforcement import served_case
    from yifa.cases.models import Case
    from yifa.enforcement.actions import open_enforcement

    for label in labels:
        case = served_case(w["agency_a"], w["penalty_power"], w["officer_a"], served_on=D(2026, 9, 1))
        Case.objects.filter(pk=case.pk).update(party_name=label)
        open_enforcement(case, acting_user=w["officer_a"])


_codes = itertools.count(1)


def seed_check_entities(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.lib.idcodes import uscc_check_char
    from yifa.randomcheck.actions import add_entity

    for label in labels:
        body = f"92330726MA{next(_codes):07d}"
        add_entity(agency=w["agency_a"], name=label, credit_code=body + uscc_check_char(body), sector="食品销售",
                   region=w["county"], acting_user=w["officer_a"])


_serials = itertools.count(100)


def seed_check_inspectors(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.randomcheck.actions import add_inspector

    for label in labels:
        officer = make_officer(w["agency_a"], label, next(_serials))
        add_inspector(agency=w["agency_a"], officer=officer, acting_user=w["officer_a"])


def seed_check_plans(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.randomcheck.actions import create_plan

    for label in labels:
        create_plan(agency=w["agency_a"], title=label, scope="scope", count=1, starts_on=D(2026, 10, 8),
                    ends_on=D(2026, 12, 31), acting_user=w["officer_a"])
def seed_publications(w: dict[str, Any], labels: list[str]) -> None:
    from tests.disclosure_helpers import released, spot_fine

    for label in labels:
        case = spot_fine(w["agency_a"], w["penalty_power"], w["crew_a"], w["officer_a"], party_kind="organisation",
                         party_name=label, party_code="", party_phone="", party_address="")
        released(case, w["officer_a"], w["head_a"])


def seed_published_plans(w: dict[str, Any], labels: list[str]) -> None:
    """Plans as published (the draw and publishing steps are tested in tests/test_randomcheck.py)."""
    from yifa.randomcheck.models import Plan, PlanStatus

    seed_check_plans(w, labels)
    Plan.objects.filter(title__in=labels).update(status=PlanStatus.PUBLISHED, published_on=D(2026, 10, 9))


def seed_seals(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.audit.chain import seal

    for _ in labels:
        seal()


@dataclass(frozen=True)
class ListSpec:
    seed: Seeder
    user: str = "head_a"
    #: False for a page whose query count must not depend on the records but that does not print
    #: them (the transfer page lists the registries one can export, with no rows).
    shows_rows: bool = True


def seed_notices(w: dict[str, Any], labels: list[str]) -> None:
    """Served fine decisions (made directly: the case steps are tested elsewhere), each with its
    payment notice (through the action), paid in part by one statement."""
    from tests.conftest import make_user
    from tests.ledger import statement
    from yifa.cases.models import Case
    from yifa.fines import actions

    finance = make_user(f"finance-{labels[0]}", "finance", agency=w["agency_a"])
    lines = []
    for label in labels:
        case = Case.objects.create(agency=w["agency_a"], power=w["penalty_power"], created_by=w["officer_a"],
                                   **(CASE_FIELDS | {"title": label}), status="served", decided_fine=Decimal(100),
                                   decision_number=label, decided_on=D(2026, 9, 29), served_on=D(2026, 9, 30))
        notice = actions.issue_notice(case, acting_user=finance)
        lines.append((f"B{label}", notice.reference, "10", "2026-10-09"))
    actions.import_statement(statement(*lines), name=labels[0], acting_user=finance)


def seed_property(w: dict[str, Any], labels: list[str]) -> None:
    from yifa.fines import actions

    keeper = make_officer(w["agency_a"], f"keeper-{labels[0]}", 60 + int(labels[0][-3:]))
    for label in labels:
        actions.register_property(case=None, description=label, quantity="1", seized_on=D(2026, 10, 1),
                                  seized_by=w["crew_a"]["lead"], custodian=keeper, location="store",
                                  acting_user=w["head_a"])


def seed_logins(w: dict[str, Any], labels: list[str]) -> None:
    for label in labels:
        make_user(label, "officer", agency=w["agency_a"])


CASES = ListSpec(seed_cases)
LISTS: dict[str, ListSpec] = {
    # web pages (URL patterns)
    "/": ListSpec(seed_cases, "head_a"),  # the head's to-do list: the leads waiting to be opened
    "/notifications/": ListSpec(seed_cases, "head_a"),
    "/cases/": CASES,
    "/cases/all/": CASES,
    "/coercion/": ListSpec(seed_measures),
    "/inspections/": ListSpec(seed_inspections),
    "/licensing/": ListSpec(seed_applications),
    "/licensing/licences/": ListSpec(seed_licences),
    "/enforcement/": ListSpec(seed_enforcements),
    "/randomcheck/": ListSpec(seed_check_plans),
    "/randomcheck/entities/": ListSpec(seed_check_entities),
    "/randomcheck/inspectors/": ListSpec(seed_check_inspectors),
    "/transfer/": ListSpec(seed_units, shows_rows=False),
    "/fines/": ListSpec(seed_notices),
    "/fines/statements/": ListSpec(seed_notices),
    "/fines/property/": ListSpec(seed_property),
    "/registry/regions/": ListSpec(seed_regions, "supervisor"),
    "/registry/agencies/": ListSpec(seed_agencies, "supervisor"),
    "/registry/units/": ListSpec(seed_units, "supervisor"),
    "/registry/posts/": ListSpec(seed_posts, "supervisor"),
    "/registry/officers/": ListSpec(seed_officers, "supervisor"),
    "/registry/laws/": ListSpec(seed_laws, "supervisor"),
    "/registry/powers/": ListSpec(seed_powers, "supervisor"),
    "/registry/rules/": ListSpec(seed_rules, "supervisor"),
    "/complaints/manage/": ListSpec(seed_complaints),
    "/complaints/manage/evaluation/": ListSpec(seed_evaluated_agencies, "supervisor"),
    "/evaluate/": ListSpec(seed_evaluated_agencies),
    "/supervision/": ListSpec(seed_alerts),
    "/supervision/alerts/": ListSpec(seed_alerts),
    "/filing/": ListSpec(seed_filings),
    "/filing/criteria/": ListSpec(seed_agencies, "supervisor"),
    "/spotchecks/": ListSpec(seed_spot_checks, "supervisor"),
    "/filereview/": ListSpec(seed_reviews, "supervisor"),
    "/accountability/": ListSpec(seed_inquiries, "supervisor"),
    "/evaluation/": ListSpec(seed_corrections),
    "/portal/circulars/": ListSpec(seed_circulars),
    "/portal/decisions/": ListSpec(seed_publications),
    "/disclosure/": ListSpec(seed_publications),
    "/portal/agencies/": ListSpec(seed_agencies),
    "/portal/roots/": ListSpec(seed_seals, shows_rows=False),
    "/portal/checks/": ListSpec(seed_published_plans),
    "/staff/": ListSpec(seed_logins),
    "/open/decisions": ListSpec(seed_publications),
    # API operations (the OpenAPI document)
    "GET /api/cases": CASES,
    "GET /api/cases/mine": CASES,
    "GET /api/coercion": ListSpec(seed_measures),
    "GET /api/inspections": ListSpec(seed_inspections),
    "GET /api/licensing/applications": ListSpec(seed_applications),
    "GET /api/licensing/licences": ListSpec(seed_licences),
    "GET /api/enforcement": ListSpec(seed_enforcements),
    "GET /api/randomcheck/plans": ListSpec(seed_check_plans),
    "GET /api/randomcheck/entities": ListSpec(seed_check_entities),
    "GET /api/randomcheck/inspectors": ListSpec(seed_check_inspectors),
    "GET /api/registry/regions": ListSpec(seed_regions, "supervisor"),
    "GET /api/registry/agencies": ListSpec(seed_agencies, "supervisor"),
    "GET /api/registry/units": ListSpec(seed_units, "supervisor"),
    "GET /api/registry/posts": ListSpec(seed_posts, "supervisor"),
    "GET /api/registry/officers": ListSpec(seed_officers, "supervisor"),
    "GET /api/registry/laws": ListSpec(seed_laws, "supervisor"),
    "GET /api/registry/provisions": ListSpec(seed_provisions, "supervisor"),
    "GET /api/registry/provision-versions": ListSpec(seed_provision_versions, "supervisor"),
    "GET /api/registry/power-items": ListSpec(seed_powers, "supervisor"),
    "GET /api/registry/deadline-rules": ListSpec(seed_rules, "supervisor"),
    "GET /api/registry/legal-parameters": ListSpec(seed_parameters, "supervisor"),
    "GET /api/complaints": ListSpec(seed_complaints),
    "GET /api/supervision/alerts": ListSpec(seed_alerts),
    "GET /api/supervision/notices": ListSpec(seed_alerts),
    "GET /api/filing/filings": ListSpec(seed_filings),
    "GET /api/filing/spot-checks": ListSpec(seed_spot_checks, "supervisor"),
    "GET /api/filereview/rounds": ListSpec(seed_reviews, "supervisor"),
    "GET /api/filereview/files": ListSpec(seed_file_reviews),
    "GET /api/filereview/self-inspections": ListSpec(seed_reviews, "supervisor"),
    "GET /api/evaluation/cycles": ListSpec(seed_circulars),
    "GET /api/evaluation/corrections": ListSpec(seed_corrections),
    "GET /api/evaluation/plans": ListSpec(seed_plans, "supervisor"),
    "GET /api/accountability/remedies": ListSpec(seed_remedies),
    "GET /api/accountability/inquiries": ListSpec(seed_inquiries, "supervisor"),
}

#: GET pages and operations without a path parameter that list no records, and why.
NOT_LISTS = {
    "/complaints/manage/evaluation/new/": "a form (opening an evaluation cycle)",
    "/staff/new/": "form (a new login)",
    "/healthz": "liveness probe",
    "/login/": "form", "/logout/": "form", "/password/": "form (one's own password)", "/i18n/setlang/": "language switch (POST)",
    "/deadline/": "the deadline calculator", "/calendar/": "one year's calendar (fixed size)",
    "/cases/new/": "form", "/cases/simple/new/": "form", "/coercion/new/": "form", "/inspections/new/": "form",
    "/licensing/new/": "form",
    "/enforcement/new/": "form", "/randomcheck/new/": "form", "/randomcheck/recusals/": "a form target (POST only)",
    "/registry/agencies/new/": "form", "/registry/units/new/": "form", "/registry/posts/new/": "form",
    "/registry/officers/new/": "form", "/registry/laws/new/": "form", "/registry/powers/new/": "form",
    "/registry/rules/new/": "form",
    "/evaluation/compute/": "a form target (POST only)", "/evaluation/plans/new/": "a form target (POST only)",
    "GET /api/calendar/deadline": "one computed deadline",
    "/complaints/": "the public complaint form", "/complaints/status/": "the public status form",
    "/complaints/status/rate/": "POST only (the rating)",
    "/fines/surcharge/": "the surcharge calculator", "GET /api/fines/surcharge": "one computed surcharge",
    "/portal/": "the public portal's home: links", "/portal/open-data/": "the data dictionary",
    "/portal/open-data/decisions.csv": "a streamed export (its queries: tests/test_portal.py)",
    "/portal/roots/roots.jsonl": "a streamed export of every root", "/portal/roots/keyring.json": "a file",
    "/open/openapi.json": "the open data API's document", "/open/docs": "its docs page",
    "/open/": "the open data API's root (nothing there)",
    "/filereview/rounds/new/": "a form target (POST only)", "/filereview/self/open/": "a form target (POST only)",
}


def parameterless_gets() -> set[str]:
    """Every web page and GET operation whose path names no record (the admin's aside)."""
    documented = {path for _, path in operations().values()}
    pages = {"/" + p for p in web_patterns()
             if "<" not in p and not p.startswith(("admin/", "api/")) and "/" + p not in documented}
    apis = {name for name, (method, path) in operations().items() if method == "get" and "{" not in path}
    return pages | apis


def test_every_list_has_a_budget() -> None:
    found = parameterless_gets()
    assert found - LISTS.keys() - NOT_LISTS.keys() == set(), "a new list page or endpoint needs its row in LISTS"
    assert (LISTS.keys() | NOT_LISTS.keys()) - found == set(), "a row for a page or endpoint that no longer exists"


# --- the measurement ---------------------------------------------------------------------------

_serial = itertools.count(1)


def labels(count: int) -> list[str]:
    """Unique ASCII names (Q + five digits): one per record made in this test."""
    return [f"Q{next(_serial):05d}" for _ in range(count)]


def url_of(name: str) -> str:
    """The list's first page, at its default page size (50 everywhere)."""
    return name.split(" ", 1)[1] if name.startswith("GET ") else name


def measure(client: Any, url: str) -> tuple[int, str, list[str]]:
    from yifa.lib import pagecache

    client.get(url)  # the session, the reference cache and the like warmed up
    pagecache.clear()  # the budget is of the page made, not of the portal's copy of it
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content.decode(), [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def world(county, agency_a, agency_b, officer_a, head_a, supervisor, penalty_power, crew_a) -> dict[str, Any]:
    return {"county": county, "agency_a": agency_a, "agency_b": agency_b, "officer_a": officer_a, "head_a": head_a,
            "supervisor": supervisor, "penalty_power": penalty_power, "crew_a": crew_a}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_queries_do_not_grow_with_the_rows(name: str, world: dict[str, Any]) -> None:
    spec = LISTS[name]
    client = client_for(world[spec.user])
    few = labels(FEW)
    spec.seed(world, few)
    few_count, few_body, _ = measure(client, url_of(name))
    many = few + labels(MANY - FEW)
    spec.seed(world, many[FEW:])
    many_count, many_body, sql = measure(client, url_of(name))
    if spec.shows_rows:
        assert all(label in few_body for label in few), f"{name}: the {FEW} rows made are not all listed"
        shown = sum(label in many_body for label in many)
        # a few records of the fixtures (the county, its agencies, officers) may share the full page
        assert shown >= MANY - 5, f"{name}: {shown} of the {MANY} rows made are listed"
    assert many_count == few_count, (
        f"{name}: {few_count} queries with {FEW} rows, {many_count} with {MANY}; the last three:\n"
        + "\n".join(sql[-3:]))


def test_api_case_rows_read_only_selected_columns() -> None:
    """The API's case row prints only columns the list query selects (a deferred column is a query a row)."""
    from yifa.cases.api import ROW_FIELDS
    from yifa.cases.queries import LIST_COLUMNS

    assert set(ROW_FIELDS) <= set(LIST_COLUMNS)


def test_the_api_case_list_is_five_queries(world: dict[str, Any]) -> None:
    """The 103 queries a page of issue 14: five now (session, user, the page, the reference-data counter twice)."""
    seed_cases(world, labels(MANY))
    count, body, sql = measure(client_for(world["head_a"]), "/api/cases")
    assert body.count('"version"') == MANY
    assert count <= 5, f"{count} queries:\n" + "\n".join(sql)

"""Alerts (预警) and supervision notices (督办), issue 12 items 1 and 9.

Per rule: it fires, a second sweep creates nothing, and the alert resolves when the condition ends
(parametrised over RULE_CASES: one minimal record each, columns set directly). Then the whole sweep
twice, scoping, the steps (a dismissal without a reason changes nothing), notices and the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from tests.conftest import CASE_FIELDS, client_for, make_officer
from tests.helpers import assert_unchanged
from yifa.cases.models import Case, CaseOfficer, CaseStep, OnSpotCollection
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.supervision import actions
from yifa.supervision.access import alerts_for
from yifa.supervision.models import Alert, AlertStep, Notice, SweepRun
from yifa.supervision.rules import BY_CODE, RULES
from yifa.supervision.sweep import sweep

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 10, 15)
TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 10, 15, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def make_case(ctx: dict[str, Any], **extra: Any) -> Case:
    fields = CASE_FIELDS | {"registered_on": days(-40), "discovered_on": days(-40), "act_ended_on": days(-50)}
    return Case.objects.create(agency=ctx["agency"], power=ctx["power"], created_by=ctx["user"],
                               **(fields | {"status": "opened", "opened_on": days(-30)} | extra))


def served(ctx: dict[str, Any], served_on: dt.date, **extra: Any) -> Case:
    return make_case(ctx, **({"status": "served", "outcome": "penalty", "decided_types": ["fine"],
                              "decided_fine": Decimal(5000), "decided_on": served_on, "served_on": served_on,
                              "payment_due": served_on + dt.timedelta(days=15)} | extra))


def upd(obj: Any, **values: Any) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**values)


def crew(ctx: dict[str, Any], case: Case, *officers: Any) -> None:
    for o in officers:
        CaseOfficer.objects.create(case=case, officer=o, assigned_on=days(-30))


def assessment(ctx: dict[str, Any], fine: int) -> Any:
    from yifa.discretion.models import Assessment, Benchmark

    case = served(ctx, days(-5))
    return Assessment.objects.create(case=case, agency=ctx["agency"], benchmark=Benchmark.objects.first(), facts={},
                                     tier="ordinary", band_min=Decimal(1000), band_max=Decimal(5000), explanation={},
                                     assessed_on=days(-5), created_by=ctx["user"], decided=True,
                                     decided_fine=Decimal(fine), outside_band=True)


def collection(ctx: dict[str, Any], **extra: Any) -> OnSpotCollection:
    case = served(ctx, days(-10))
    return OnSpotCollection.objects.create(**({"case": case, "amount": Decimal(100), "receipt_no": "R1",
                                               "collected_on": days(-10), "agency_due": days(-8)} | extra))


def publication(ctx: dict[str, Any], case_id: int, **extra: Any) -> Any:
    from yifa.disclosure.models import Publication

    return Publication.objects.create(**({"agency": ctx["agency"], "kind": "penalty", "source_id": case_id,
                                          "title": "案", "party_name": "某店", "result": "罚款", "decided_on": days(-20),
                                          "publish_due": days(-1), "publish_rule": "x"} | extra))


def application(ctx: dict[str, Any], **values: Any) -> Any:
    from tests.test_licensing import make_power, receive

    app = receive(make_power(ctx["agency"], "XK-SUP-1"), ctx["user"], D(2026, 9, 1))
    upd(app, **values)
    return app


def measure(ctx: dict[str, Any], **values: Any) -> Any:
    from yifa.coercion.actions import propose_measure

    m = propose_measure(agency=ctx["agency"], kind="detention", items="过期食品", reason="涉嫌违法。", party_name="某店",
                        acting_user=ctx["user"])
    upd(m, **values)
    return m


def enforcement(ctx: dict[str, Any], court_until: dt.date) -> Any:
    from yifa.enforcement.models import Enforcement

    case = served(ctx, days(-60))
    return Enforcement.objects.create(agency=ctx["agency"], case=case, opened_on=days(-30),
                                      reconsideration_lapses_on=days(-1), lawsuit_lapses_on=days(-1),
                                      court_until=court_until, opened_by=ctx["user"], party_name="某店",
                                      obligation="缴纳罚款")


def complaint(ctx: dict[str, Any], **values: Any) -> Any:
    from yifa.complaints.actions import file_complaint

    c = file_complaint(kind="complaint", category="conduct", subject="态度", content="态度恶劣。", agency=ctx["agency"],
                       anonymous=True, acting_user=None).complaint
    upd(c, **values)
    return c


def workload(ctx: dict[str, Any]) -> Any:
    busy, other, third = ctx["lead"], ctx["colleague"], make_officer(ctx["agency"], "王五", 21)
    for i in range(10):
        crew(ctx, make_case(ctx, title=f"案{i}"), busy)
    crew(ctx, make_case(ctx), other)
    crew(ctx, make_case(ctx), third)
    return busy


def closed_without(ctx: dict[str, Any]) -> Case:
    return make_case(ctx, status="closed", closed_on=days(-2), outcome="penalty")


def filing(ctx: dict[str, Any], **values: Any) -> Any:
    from yifa.filing.models import Filing, MajorCriterion

    case = served(ctx, days(-16), decided_fine=Decimal(200000))
    return Filing.objects.create(**({"case": case, "agency": ctx["agency"], "decided_on": days(-16),
                                     "criterion": MajorCriterion.objects.get(agency=None), "due_rule": "x"} | values))


def add_steps(case: Case, *names: str) -> None:
    for name in names:
        CaseStep.objects.create(case=case, step=name, at=NOW, on_date=TODAY)


Setup = Callable[[dict[str, Any]], Any]
End = Callable[[dict[str, Any], Any], None]

#: rule → (make the record it fires on; end the condition). The record's id is what the alert names.
RULE_CASES: dict[str, tuple[Setup, End]] = {
    "CASE_STAGE_NEAR": (lambda c: make_case(c, stage_due=days(1)), lambda c, r: upd(r, stage_due=days(30))),
    "CASE_STAGE_OVERDUE": (lambda c: make_case(c, stage_due=days(-1)), lambda c, r: upd(r, status="closed")),
    "CASE_DECISION_NEAR": (lambda c: make_case(c, decision_due=days(2)), lambda c, r: upd(r, status="decided")),
    "CASE_DECISION_OVERDUE": (lambda c: make_case(c, decision_due=days(-5)), lambda c, r: upd(r, status="decided")),
    "CASE_LEGAL_REVIEW_MISSING": (lambda c: served(c, days(-3), serious=True),
                                  lambda c, r: add_steps(r, "legal_review")),
    "CASE_ABOVE_BAND": (lambda c: assessment(c, 9000), lambda c, r: upd(r, outside_reasons="情节特别严重。")),
    "CASE_BELOW_FLOOR": (lambda c: assessment(c, 500), lambda c, r: upd(r, outside_reasons="首次违法且及时改正。")),
    "CASE_FEW_OFFICERS": (lambda c: _with_crew(c, c["lead"]), lambda c, r: crew(c, r, c["colleague"])),
    "CASE_OFFICER_UNCERTIFIED": (lambda c: _with_crew(c, c["lead"], c["expired"]),
                                 lambda c, r: upd(c["expired"], valid_until=D(2030, 1, 1))),
    "CASE_FINE_UNPAID": (lambda c: served(c, days(-30)), lambda c, r: upd(r, paid_on=days(-1))),
    "CASH_NOT_HANDED_OVER": (collection, lambda c, r: upd(r, handed_on=days(-1))),
    "CASH_NOT_BANKED": (lambda c: collection(c, handed_on=days(-9), bank_due=days(-2)),
                        lambda c, r: upd(r, banked_on=days(-1))),
    "CASE_SERVED_UNPUBLISHED": (lambda c: served(c, days(-20)), lambda c, r: publication(c, r.pk)),
    "PUBLICATION_OVERDUE": (lambda c: publication(c, 999), lambda c, r: upd(r, status="released")),
    "CASE_DOUBLE_PENALTY": (lambda c: (served(c, days(-40)), served(c, days(-10)))[1],
                            lambda c, r: upd(r, decided_fine=0)),
    "CASE_CLOSED_WITHOUT_RECORDS": (closed_without, lambda c, r: add_steps(r, "open", "investigate", "decide", "serve")),
    "CASE_REPEATED_EXTENSIONS": (lambda c: _extended(c), lambda c, r: upd(r, status="decided")),
    "OFFICER_WORKLOAD": (workload, lambda c, r: Case.objects.filter(assignments__officer=r).update(status="closed")),
    "LICENCE_DECIDED_LATE": (lambda c: application(c, status="decided", decided_on=days(-2), decided_late=True),
                             lambda c, r: upd(r, decided_late=False)),
    "LICENCE_DECISION_NEAR": (lambda c: application(c, status="accepted", decision_due=days(1)),
                              lambda c, r: upd(r, status="decided")),
    "LICENCE_DECISION_OVERDUE": (lambda c: application(c, status="accepted", decision_due=days(-1)),
                                 lambda c, r: upd(r, status="decided")),
    "LICENCE_CERTIFICATE_OVERDUE": (lambda c: application(c, status="decided", outcome="granted",
                                                          certificate_due=days(-1)),
                                    lambda c, r: upd(r, status="issued")),
    "SEIZURE_NEAR_TERM": (lambda c: measure(c, status="in_force", ends_on=days(2)),
                          lambda c, r: upd(r, status="released")),
    "SEIZURE_PAST_TERM": (lambda c: measure(c, status="in_force", ends_on=days(-1)),
                          lambda c, r: upd(r, status="released")),
    "EMERGENCY_UNREPORTED": (lambda c: measure(c, emergency=True, report_due_at=NOW - dt.timedelta(hours=1)),
                             lambda c, r: upd(r, reported_at=NOW)),
    "COURT_WINDOW_NEAR": (lambda c: enforcement(c, days(2)), lambda c, r: upd(r, status="applied")),
    "COURT_WINDOW_LAPSED": (lambda c: enforcement(c, days(-2)), lambda c, r: upd(r, status="concluded")),
    "COMPLAINT_ACCEPT_OVERDUE": (lambda c: complaint(c, accept_due=days(-1)), lambda c, r: upd(r, status="rejected")),
    "COMPLAINT_HANDLE_NEAR": (lambda c: complaint(c, status="accepted", handle_due=days(1)),
                              lambda c, r: upd(r, status="replied")),
    "COMPLAINT_HANDLE_OVERDUE": (lambda c: complaint(c, status="accepted", handle_due=days(-1)),
                                 lambda c, r: upd(r, status="replied")),
    "MAJOR_CASE_FILING_OVERDUE": (lambda c: filing(c, due=days(-1)), lambda c, r: upd(r, status="submitted")),
}


def _with_crew(ctx: dict[str, Any], *officers: Any) -> Case:
    case = make_case(ctx, opened_on=days(-1))  # entered in the last few days (the rule's window)
    crew(ctx, case, *officers)
    return case


def _extended(ctx: dict[str, Any]) -> Case:
    case = make_case(ctx, decision_due=days(20), decision_extended_days=60)
    add_steps(case, "extend", "extend")
    return case


@pytest.fixture
def ctx(agency_a, officer_a, penalty_power, crew_a):
    expired = make_officer(agency_a, "过期证", 22, valid_until=D(2026, 1, 1))
    return {"agency": agency_a, "user": officer_a, "power": penalty_power, "lead": crew_a["lead"],
            "colleague": crew_a["colleague"], "expired": expired}


def test_at_least_24_rules_each_cited_and_tested():
    assert len(RULES) >= 24
    assert set(RULE_CASES) == set(BY_CODE)
    for rule in RULES:
        assert rule.citation
        assert rule.name
        assert rule.name_en
        assert rule.severity in ("yellow", "red")


@pytest.mark.parametrize("code", sorted(RULE_CASES))
def test_rule_fires_is_idempotent_and_resolves(code, ctx):
    setup, end = RULE_CASES[code]
    rule = BY_CODE[code]
    target = setup(ctx)
    sweep(TODAY, rules=[rule])
    alerts = list(Alert.objects.filter(rule=code))
    # A collection or an assessment fires on its case (their ids agree only by chance on SQLite).
    record_id = target.case_id if rule.record_type == "cases.Case" and not isinstance(target, Case) else target.pk
    assert [(a.record_type, a.record_id, a.status) for a in alerts] == [(rule.record_type, record_id, "open")], code
    assert alerts[0].agency_id == ctx["agency"].pk
    assert alerts[0].citation == rule.citation
    assert alerts[0].evidence
    with assert_unchanged(lambda: list(Alert.objects.values_list("id", "status"))):
        Alert.objects.update(last_seen=NOW)  # the one column a repeated sweep may touch
        sweep(TODAY, rules=[rule])
        Alert.objects.update(last_seen=NOW)
    end(ctx, target)
    sweep(TODAY, rules=[rule])
    assert list(Alert.objects.filter(rule=code).values_list("status", flat=True)) == ["resolved"]
    assert AlertStep.objects.filter(alert__rule=code, step="sweep_resolve").count() == 1


def test_whole_sweep_twice_by_command_and_a_summary_audit_event(ctx):
    from yifa.audit.models import AuditEvent

    make_case(ctx, stage_due=days(-1), status="registered", opened_on=None)
    complaint(ctx, accept_due=days(-1))
    call_command("sweep", "--date", TODAY.isoformat())
    assert set(Alert.objects.values_list("rule", flat=True)) == {"CASE_STAGE_OVERDUE", "COMPLAINT_ACCEPT_OVERDUE"}
    assert AuditEvent.objects.filter(action="supervision.sweep").count() == 1
    from django_q.models import Schedule

    assert Schedule.objects.get(name="supervision-sweep-hourly").func == "yifa.supervision.tasks.run_sweep"
    from yifa.supervision.tasks import run_sweep

    assert run_sweep().startswith("created 0, reopened 0, resolved 0")
    call_command("sweep", "--date", TODAY.isoformat())
    assert Alert.objects.count() == 2
    assert SweepRun.objects.count() == 1
    assert AuditEvent.objects.filter(action="supervision.sweep").count() == 1


def test_concurrent_inserts_make_no_duplicate(ctx):
    """A second sweeper that read before the first wrote: its INSERT … ON CONFLICT DO NOTHING is a no-op."""
    make_case(ctx, stage_due=days(-1), status="registered", opened_on=None)
    rule = BY_CODE["CASE_STAGE_OVERDUE"]
    sweep(TODAY, rules=[rule])
    from yifa.supervision.rules import window

    hit = next(iter(rule.find(window(TODAY))))
    Alert.objects.bulk_create([Alert(rule=rule.code, rule_effective_from=rule.effective_from, citation="x",
                                     severity="red", record_type=rule.record_type, record_id=hit.record_id,
                                     agency_id=hit.agency_id, first_seen=NOW, last_seen=NOW)], ignore_conflicts=True)
    assert Alert.objects.count() == 1


def test_a_recusal_that_leaves_one_officer_fires_on_an_older_case(ctx):
    case = make_case(ctx)  # opened 30 days ago
    crew(ctx, case, ctx["lead"], ctx["colleague"])
    sweep(TODAY, rules=[BY_CODE["CASE_FEW_OFFICERS"]])
    assert not Alert.objects.exists()
    CaseOfficer.objects.filter(case=case, officer=ctx["colleague"]).update(recused=True)
    sweep(TODAY, rules=[BY_CODE["CASE_FEW_OFFICERS"]])
    assert Alert.objects.get().record_id == case.pk


def test_a_dismissed_alert_stays_dismissed_and_a_resolved_one_reopens(ctx, supervisor):
    case = make_case(ctx, stage_due=days(-1), status="registered", opened_on=None)
    rule = BY_CODE["CASE_STAGE_OVERDUE"]
    sweep(TODAY, rules=[rule])
    alert = Alert.objects.get()
    upd(case, status="closed")
    sweep(TODAY, rules=[rule])
    upd(case, status="opened")
    sweep(TODAY, rules=[rule])
    alert.refresh_from_db()
    assert alert.status == "open"
    actions.dismiss(alert, reason="已核实为系统录入延迟。", acting_user=supervisor)
    sweep(TODAY, rules=[rule])
    assert Alert.objects.get().status == "dismissed"


def test_scoping_agencies_see_their_own_supervisors_their_region(ctx, officer_b, supervisor, head_a):
    make_case(ctx, stage_due=days(-1), status="registered", opened_on=None)
    sweep(TODAY)
    assert alerts_for(officer_b).count() == 0
    assert alerts_for(head_a).count() == alerts_for(supervisor).count() == Alert.objects.count() > 0
    alert = Alert.objects.first()
    assert client_for(officer_b).get(f"/supervision/alerts/{alert.pk}/").status_code == 404
    page = client_for(supervisor).get("/supervision/")
    assert page.status_code == 200
    assert ctx["agency"].name in page.content.decode()


def test_dismiss_needs_a_reason_and_the_supervisor(ctx, supervisor, officer_a):
    make_case(ctx, stage_due=days(-1), status="registered", opened_on=None)
    sweep(TODAY)
    alert = Alert.objects.get()
    with assert_unchanged(), pytest.raises(ActionError):
        actions.dismiss(alert, reason="", acting_user=supervisor)
    with assert_unchanged():
        response = client_for(supervisor).post(f"/supervision/alerts/{alert.pk}/steps/dismiss/",
                                               {"version": alert.version, "reason": ""})
    assert response.status_code == 400
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.dismiss(alert, reason="理由充分。", acting_user=officer_a)
    response = client_for(officer_a).post(f"/supervision/alerts/{alert.pk}/steps/acknowledge/",
                                          {"version": alert.version, "note": "正在处理"})
    assert response.status_code == 302
    assert Alert.objects.get().status == "acknowledged"


def test_notice_sent_answered_closed_and_overdue_on_the_dashboard(ctx, supervisor, officer_a, officer_b):
    make_case(ctx, stage_due=days(-1), status="registered", opened_on=None)
    sweep(TODAY)
    alert = Alert.objects.get()
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.send_notice(alert, text="请限期整改。", due=days(5), acting_user=officer_a)
    with assert_unchanged(), pytest.raises(NotFound):
        actions.send_notice(alert, text="请限期整改。", due=days(5), acting_user=officer_b)
    with assert_unchanged():
        assert client_for(supervisor).post(f"/supervision/alerts/{alert.pk}/notice/",
                                           {"text": "请限期整改。", "due": days(-1).isoformat()}).status_code == 400
    response = client_for(supervisor).post(f"/supervision/alerts/{alert.pk}/notice/",
                                           {"text": "请限期整改。", "due": days(5).isoformat()})
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert notice.status == "sent"
    assert notice.agency_id == ctx["agency"].pk
    with time_machine.travel(NOW + dt.timedelta(days=6), tick=False):
        assert "请限期整改" in client_for(supervisor).get("/supervision/").content.decode()
        notice = actions.answer(notice, answered_on=days(6), answer="已整改完毕。", acting_user=officer_a)
        notice = actions.close(notice, closed_on=days(6), acting_user=supervisor)
    assert notice.status == "closed"
    assert [s.step for s in notice.steps.order_by("id")] == ["send", "answer", "close"]


def test_pages_render(ctx, supervisor, officer_a):
    make_case(ctx, stage_due=days(-1), status="registered", opened_on=None)
    sweep(TODAY)
    alert = Alert.objects.get()
    for user in (supervisor, officer_a):
        c = client_for(user)
        assert c.get("/supervision/alerts/?status=open").status_code == 200
        assert c.get(f"/supervision/alerts/{alert.pk}/").status_code == 200
    assert "notice-form" in client_for(supervisor).get(f"/supervision/alerts/{alert.pk}/").content.decode()


def test_an_alert_lands_on_the_responsible_officers_and_the_heads_lists_and_leaves_when_resolved(ctx, head_a,
                                                                                                   officer_b):
    """Issue 12 on issue 13's lists: an alert waits on the person it names and on the head."""
    from yifa.workflow import worklist
    from yifa.workflow.models import Notification

    case = make_case(ctx, stage_due=days(-1), status="registered", opened_on=None)
    rule = BY_CODE["CASE_STAGE_OVERDUE"]
    sweep(TODAY, rules=[rule])
    alert = Alert.objects.get()
    for user in (ctx["user"], head_a):
        items = worklist.for_user(user)
        assert [(i.kind, i.record_id, i.step) for i in items if i.kind == "supervision.alert"] == [
            ("supervision.alert", alert.pk, "acknowledge")]
        assert items[[i.kind for i in items].index("supervision.alert")].title == f"预警：{rule.name}"
    assert worklist.for_user(officer_b) == []
    assert Notification.objects.filter(kind="supervision.alert", user=head_a).count() == 1
    sweep(TODAY, rules=[rule])  # idempotent: nothing new, nobody told twice
    assert Notification.objects.filter(kind="supervision.alert", user=head_a).count() == 1
    upd(case, status="closed")
    sweep(TODAY, rules=[rule])
    assert [i for i in worklist.for_user(head_a) if i.kind == "supervision.alert"] == []


def test_the_workload_rule_runs_again_only_when_its_data_changed(ctx):
    """Officer workload counts every open assignment, so the sweep runs it only when its mark (the
    day, the parameters, the last case step, the assignments, the open cases) changed."""
    from yifa.supervision.models import RuleMark

    rule = BY_CODE["OFFICER_WORKLOAD"]
    busy = workload(ctx)
    sweep(TODAY, rules=[rule])
    assert Alert.objects.get().record_id == busy.pk
    mark = RuleMark.objects.get(rule=rule.code).mark
    Alert.objects.update(status="resolved")  # not a change in the data the rule reads
    counts = sweep(TODAY, rules=[rule])
    assert (counts.created, counts.reopened, counts.resolved) == (0, 0, 0)
    assert Alert.objects.get().status == "resolved"
    add_steps(Case.objects.filter(assignments__officer=busy).first(), "investigate")  # a step: the mark moves
    sweep(TODAY, rules=[rule])
    assert Alert.objects.get().status == "open"
    assert RuleMark.objects.get(rule=rule.code).mark != mark
    sweep(TODAY + dt.timedelta(days=1), rules=[rule])  # a new day: run again (the same alert stands)
    assert Alert.objects.get().status == "open"


def test_the_sweep_reads_into_python_only_what_changed(ctx):
    """A rule given as a query is compared with its open alerts in SQL: a second sweep over the same
    data runs the same few queries at 5 and at 15 open alerts, and writes nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rule = BY_CODE["CASE_STAGE_OVERDUE"]
    queries = []
    for n in (5, 15):
        while Case.objects.count() < n:
            make_case(ctx, title=f"案{Case.objects.count()}", stage_due=days(-1))
        sweep(TODAY, rules=[rule])
        with CaptureQueriesContext(connection) as run:
            counts = sweep(TODAY, rules=[rule])
        assert (counts.created, counts.reopened, counts.resolved, counts.firing) == (0, 0, 0, n)
        assert not [q for q in run.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
        queries.append(len(run.captured_queries))
    assert queries[0] == queries[1] <= 8

"""Demo licences, measures and inspections: walked by the real actions, dated, audited, listed."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from yifa.accounts.models import User
from yifa.audit.chain import verify
from yifa.audit.models import AuditEvent, AuditSeal, ChainHead
from yifa.cases.models import Case
from yifa.coercion.models import Measure, MeasureStatus
from yifa.inspections.models import Inspection, InspectionResult
from yifa.lib.workdays import DayUnit
from yifa.licensing.models import ApplicationKind, Licence, LicenceApplication, Outcome, Status, SuspensionKind
from yifa.workcal.calendar import apply_rule, calendar_version, count_days, load_calendar

D = dt.date
DEMO_TODAY = D(2026, 11, 25)  # the story cases and stories end the day before


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """One build through the CLI for the whole class, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("demo", "--seed", "5", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def officer() -> User:
    return User.objects.get(username="shijian_zhifa")


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def working_days(first: dt.date, last: dt.date) -> int:
    calendar = load_calendar()
    return sum(calendar.is_workday(first + dt.timedelta(days=k)) for k in range((last - first).days + 1))


def expected_deadlines(app: LicenceApplication) -> dict[str, dt.date | None]:
    """Replay the application's steps through the deadline rules, independently of the actions."""
    out: dict[str, dt.date | None] = {"completeness_due": None, "decision_due": None, "certificate_due": None}
    for step in app.steps.order_by("at", "id"):
        if step.step in ("receive", "receive_correction"):
            out["completeness_due"] = apply_rule("ALL_COMPLETENESS", step.on_date).deadline.due
        elif step.step == "accept":
            out["decision_due"] = apply_rule("ALL_DECISION", step.on_date).deadline.due
        elif step.step == "extend_review":
            assert out["decision_due"] is not None
            out["decision_due"] = apply_rule("ALL_DECISION_EXTENSION", out["decision_due"]).deadline.due
        elif step.step == "resume":
            assert out["decision_due"] is not None
            pause = app.suspensions.get(pk=step.data["suspension"])
            assert pause.end == step.on_date
            assert pause.working_days == working_days(pause.start, pause.end)
            out["decision_due"] = count_days(out["decision_due"], pause.working_days, DayUnit.WORKING).due
        elif step.step == "decide" and app.outcome == Outcome.GRANTED:
            out["certificate_due"] = apply_rule("ALL_CERTIFICATE", step.on_date).deadline.due
    return out


@pytest.mark.usefixtures("demo_output")
class TestDemoStories:
    def test_command_reports_the_stories(self, db, demo_output):
        counts = {label: int(n) for label, n in re.findall(r"/ (licence applications|licences|measures|inspections)"
                                                          r"\s+(\d+)", demo_output)}
        assert counts == {"licence applications": 9, "licences": 2, "measures": 5, "inspections": 6}

    def test_applications_in_every_state(self, db):
        agency = officer().agency
        apps = LicenceApplication.objects.filter(agency=agency)
        assert set(apps.values_list("status", flat=True)) == set(Status.values)
        corrected = apps.get(status=Status.CORRECTION_REQUESTED)
        notice = corrected.steps.get(step="request_correction")
        assert corrected.missing_items
        assert notice.data["missing_items"] == corrected.missing_items
        assert notice.on_date <= corrected.completeness_due
        assert apps.filter(status=Status.ACCEPTED, extended=True, extension_approver__role="agency_head").exists()
        assert apps.filter(status=Status.ACCEPTED, extended=False, kind=ApplicationKind.NEW).exists()
        paused = apps.get(status=Status.SUSPENDED)
        assert paused.suspensions.get(end__isnull=True).kind == SuspensionKind.EXPERT
        assert apps.filter(status=Status.DECIDED, outcome=Outcome.REFUSED).exclude(decision_reasons="").exists()
        issued = apps.filter(status=Status.ISSUED, outcome=Outcome.GRANTED)
        assert issued.count() == Licence.objects.filter(agency=agency).count() == 2
        assert not apps.filter(decided_late=True).exists()

    def test_a_licence_near_expiry_has_a_renewal_application(self, db):
        licence = Licence.objects.get(renewal_applications__isnull=False)
        renewal = licence.renewal_applications.get()
        assert renewal.kind == ApplicationKind.RENEWAL
        assert renewal.applicant_name == licence.holder_name
        assert DEMO_TODAY < licence.valid_to <= DEMO_TODAY + dt.timedelta(days=60)
        assert renewal.received_on <= licence.renewal_due == licence.valid_to - dt.timedelta(days=30)
        assert licence.issued_on == licence.application.steps.get(step="issue_licence").on_date

    def test_stored_deadlines_are_what_the_rules_compute(self, db):
        version = calendar_version()
        apps = list(LicenceApplication.objects.prefetch_related("steps", "suspensions"))
        assert len(apps) == 9
        for app in apps:
            stored = {k: getattr(app, k) for k in ("completeness_due", "decision_due", "certificate_due")}
            assert stored == expected_deadlines(app), app.applicant_name
            assert app.received_on == app.steps.filter(step__startswith="receive").order_by("at").last().on_date
            assert app.completeness_rule == "ALL_COMPLETENESS"
            assert app.completeness_calendar == version
            if app.accepted_on:
                assert not app.deemed_accepted
                assert app.accepted_on == app.steps.get(step="accept").on_date
                assert app.decision_rule.startswith("ALL_DECISION")
                assert app.decision_calendar == version
            assert app.suspended_days == sum(s.working_days for s in app.suspensions.all())

    def test_measures_in_every_state(self, db):
        measures = Measure.objects.filter(agency=officer().agency)
        assert measures.count() == 5
        assert measures.get(status=MeasureStatus.PROPOSED).approved_by is None
        running = measures.filter(status=MeasureStatus.IN_FORCE)
        assert running.filter(emergency=False, extended=False).exists()
        emergency = running.get(emergency=True)
        assert emergency.approved_by.role == "agency_head"
        assert emergency.reported_at <= emergency.report_due_at
        # ACL 19: 24 hours from when it was carried out (before it was entered), not from the entry.
        assert emergency.carried_out_at < emergency.steps.get(step="execute").at
        assert emergency.report_due_at == emergency.carried_out_at + dt.timedelta(hours=24)
        assert not emergency.report_overdue_at_entry
        extended = running.get(extended=True)
        first_end = apply_rule("ACL_SEIZURE", extended.started_on).deadline.due
        assert extended.ends_on == apply_rule("ACL_SEIZURE_EXTENSION", first_end).deadline.due
        released = measures.get(status=MeasureStatus.RELEASED)
        assert released.started_on < released.released_on <= released.ends_on
        for m in measures.exclude(status=MeasureStatus.PROPOSED):
            assert m.av_record.type_code == "wav"
            assert m.officers.count() >= 2
            assert m.approved_at is not None
            assert local_day(m.approved_at) <= m.started_on
        assert measures.filter(case__isnull=False).count() >= 3
        for m in measures.filter(case__isnull=False):
            assert m.case.agency_id == m.agency_id
            assert m.case.opened_on <= local_day(m.steps.get(step="propose").at)

    def test_inspections_and_the_case_made_from_one(self, db):
        inspections = Inspection.objects.filter(agency=officer().agency)
        assert inspections.count() == 6
        assert set(inspections.values_list("result", flat=True)) == set(InspectionResult.values)
        assert inspections.filter(random_selection=True).exists()
        found = inspections.get(case__isnull=False)
        case = Case.objects.get(pk=found.case_id)
        assert found.result == InspectionResult.SUSPECTED
        assert case.source == "inspection"
        assert case.party_name == found.party_name
        assert case.registered_on == found.inspected_on
        assert case.steps.filter(step="register").exists()
        assert case.opened_on is not None
        assert case.measures.filter(status=MeasureStatus.IN_FORCE).exists()
        for i in inspections:
            assert i.officers.count() >= 2
            assert local_day(i.recorded_at) == i.inspected_on

    def test_every_record_is_audited_on_its_agency_chain_and_dated_by_its_steps(self, db):
        calendar = load_calendar()
        records = [*LicenceApplication.objects.all(), *Licence.objects.all(), *Measure.objects.all(),
                   *Inspection.objects.all()]
        for obj in records:
            events = AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
            assert events.exists(), obj
            assert set(events.values_list("chain", flat=True)) == {f"agency:{obj.agency_id}"}
            assert not events.filter(actor_id=None).exists()
            for event in events:
                day = local_day(event.at)
                assert calendar.is_workday(day), (obj, event.action, day)
                assert day < DEMO_TODAY, (obj, event.action, day)
        for app in LicenceApplication.objects.all():
            steps = list(app.steps.order_by("at", "id"))
            assert [s.on_date for s in steps] == sorted(s.on_date for s in steps)
            assert all(local_day(s.at) == s.on_date for s in steps)
            events = AuditEvent.objects.filter(object_type="licensing.LicenceApplication", object_id=str(app.pk))
            assert sorted(local_day(e.at) for e in events) == [s.on_date for s in steps]
        out = StringIO()
        call_command("audit", "verify", stdout=out)
        assert out.getvalue().startswith("OK ")

    def test_each_demo_day_and_the_end_are_sealed_and_signed(self, db):
        seals = list(AuditSeal.objects.order_by("id"))
        # The stories' steps (the story cases are written on today's date, before them).
        # (The public's complaints and ratings are story steps too, taken by no user.)
        taken = AuditEvent.objects.filter(Q(actor_id__isnull=False) | Q(action__startswith="complaint."))
        step_days = {local_day(e.at) for e in taken if local_day(e.at) < DEMO_TODAY}
        # One seal at 17:30 of every day a story step was taken, and a last one over everything.
        assert {local_day(s.at) for s in seals[:-1]} == step_days
        assert {timezone.localtime(s.at).time() for s in seals[:-1]} == {dt.time(17, 30)}
        assert len(seals) == len(step_days) + 1
        assert all(s.signature and s.key_id for s in seals)
        assert seals[-1].heads == {h.chain: [h.seq, h.hash] for h in ChainHead.objects.all()}
        verdict = verify()
        assert verdict.ok, verdict.problem
        assert verdict.seals == len(seals)
        assert verdict.notes == ()  # nothing written after the last seal

    def test_the_officer_sees_them_on_the_pages(self, db):
        client = client_for(officer())
        pages = [
            ("/licensing/", "licensing:detail", LicenceApplication.objects.all(), "applicant_name"),
            ("/licensing/licences/", "licensing:licence_detail", Licence.objects.all(), "holder_name"),
            ("/coercion/", "coercion:detail", Measure.objects.all(), "party_name"),
            ("/inspections/", "inspections:detail", Inspection.objects.all(), "party_name"),
        ]
        for url, detail, records, name in pages:
            page = client.get(url)
            assert page.status_code == 200
            html = page.content.decode()
            for obj in records:
                link = reverse(detail, args=[obj.pk])
                assert f'href="{link}"' in html, (url, obj)
                assert getattr(obj, name) in html, (url, obj)
                assert client.get(link).status_code == 200


@pytest.mark.django_db
def test_the_stories_do_not_depend_on_the_day_the_demo_is_built():
    with time_machine.travel(dt.datetime(2028, 3, 1, 15, 0, tzinfo=dt.UTC), tick=False):
        call_command("demo", "--seed", "5", stdout=StringIO())
    received = LicenceApplication.objects.get(status=Status.RECEIVED)
    assert (received.received_on, received.completeness_due) == (D(2026, 11, 24), D(2026, 12, 1))
    stories = AuditEvent.objects.filter(object_type__in=["licensing.LicenceApplication", "coercion.Measure",
                                                         "inspections.Inspection", "licensing.Licence"])
    assert stories.count() > 40
    assert all(local_day(at) < DEMO_TODAY for at in stories.values_list("at", flat=True))
    measure = Measure.objects.get(emergency=True)
    assert measure.started_on == D(2026, 11, 18)
    assert local_day(measure.report_due_at) == D(2026, 11, 19)

"""Coercive-measure pages over HTTP: propose, approve (head only), execute with the audio/video
record, the 30 (+30)-day term in colour, testing days, extension, release; the emergency route
with its 24-hour report. Every refused request also checks that nothing changed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import CASE_FIELDS, client_for
from tests.helpers import assert_unchanged
from tests.test_coercion import VIDEO
from yifa.cases import actions as case_actions
from yifa.coercion import actions
from yifa.coercion.models import Measure
from yifa.evidence.actions import Upload, add_evidence

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def video(name: str = "现场录像.mp4", data: bytes = VIDEO) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "video/mp4")


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def step_forms(html: str) -> list[str]:
    return re.findall(r'<form method="post" action="[^"]+" data-step="(\w+)"', html)


def step_url(measure: Measure, step: str) -> str:
    return reverse("coercion:step", args=[measure.pk, step])


def detail_url(measure: Measure) -> str:
    return reverse("coercion:detail", args=[measure.pk])


PROPOSAL = {"kind": "detention", "party_name": "浦江县某某食品店", "items": "过期食品200箱",
            "reason": "涉嫌经营超过保质期的食品，依据食品安全法第一百一十条。"}


@pytest.fixture
def proposed(agency_a, crew_a, officer_a) -> Measure:
    return actions.propose_measure(agency=agency_a, acting_user=officer_a, **PROPOSAL)


@pytest.fixture
def in_force(proposed, crew_a, officer_a, head_a) -> Measure:
    """Approved, and carried out on 2026-09-29 by two officers: the term ends 2026-10-29."""
    m = actions.approve_measure(proposed, approve=True, acting_user=head_a)
    return actions.execute_measure(m, started_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]],
                                   av_record=VIDEO, acting_user=officer_a)


# --- the full run ------------------------------------------------------------------------------


def test_full_run_through_the_pages(agency_a, crew_a, officer_a, head_a):
    officer, head = client_for(officer_a), client_for(head_a)
    with time_machine.travel(at(D(2026, 9, 29)), tick=False) as clock:
        form = officer.get(reverse("coercion:new"))
        assert form.status_code == 200
        assert 'name="emergency"' in form.content.decode()
        response = officer.post(reverse("coercion:new"), PROPOSAL)
        m = Measure.objects.get()
        assert response.status_code == 302
        assert response.url == detail_url(m)
        assert (m.status, m.agency, m.proposed_by, m.party_name) == ("proposed", agency_a, officer_a, "浦江县某某食品店")

        # The officer may only carry it out in an emergency; approving is the head's.
        assert step_forms(officer.get(detail_url(m)).content.decode()) == ["execute"]
        assert step_forms(head.get(detail_url(m)).content.decode()) == ["approve", "execute"]
        response = head.post(step_url(m, "approve"), {"version": m.version, "approve": "1", "note": "同意扣押"})
        assert response.status_code == 302
        m.refresh_from_db()
        assert (m.status, m.approved_by) == ("approved", head_a)

        html = officer.get(detail_url(m)).content.decode()
        assert step_forms(html) == ["execute"]
        assert 'name="emergency_reason"' not in html
        assert 'enctype="multipart/form-data"' in html
        response = officer.post(step_url(m, "execute"), {
            "version": m.version, "started_on": "2026-09-29", "officers": [crew_a["lead"].pk, crew_a["colleague"].pk],
            "av_record": video()})
        assert response.status_code == 302, response.content.decode()
        m.refresh_from_db()
        assert (m.status, m.started_on, m.ends_on, m.av_record.type_code) == ("in_force", D(2026, 9, 29),
                                                                                D(2026, 10, 29), "mp4")
        assert {o.name for o in m.officers.all()} == {"王建国", "陈晓东"}
        page = officer.get(detail_url(m)).content.decode()
        assert 'data-testid="ends-on">2026-10-29' in page
        assert 'data-deadline="normal"' in page
        assert step_forms(page) == ["exclude", "release"]
        recording = officer.get(reverse("coercion:av_record", args=[m.pk]))
        assert recording.status_code == 200
        assert b"".join(recording.streaming_content) == VIDEO

        clock.move_to(at(D(2026, 10, 20)))
        response = officer.post(step_url(m, "exclude"), {"version": m.version, "days": "5", "reason": "送检"})
        assert response.status_code == 302
        m.refresh_from_db()
        assert (m.ends_on, m.excluded_days) == (D(2026, 11, 3), 5)
        assert step_forms(head.get(detail_url(m)).content.decode()) == ["extend", "exclude", "release"]
        response = head.post(step_url(m, "extend"), {"version": m.version, "reason": "案情复杂，需进一步检验"})
        assert response.status_code == 302
        m.refresh_from_db()
        assert (m.ends_on, m.extended) == (D(2026, 12, 3), True)
        assert "extend" not in step_forms(head.get(detail_url(m)).content.decode())

        # A second extension is refused with its article, and changes nothing.
        with assert_unchanged():
            refused = head.post(step_url(m, "extend"), {"version": m.version, "reason": "再次延长"})
            assert refused.status_code == 400
            text = refused.content.decode()
            assert "查封、扣押期限只能延长一次（行政强制法第二十五条）" in text
            assert "extended only once" not in text  # one language at a time

        clock.move_to(at(D(2026, 12, 1)))
        response = officer.post(step_url(m, "release"), {"version": m.version, "released_on": "2026-12-01",
                                                         "note": "检验合格，解除扣押"})
        assert response.status_code == 302
        m.refresh_from_db()
        assert (m.status, m.released_on) == ("released", D(2026, 12, 1))
        page = officer.get(detail_url(m)).content.decode()
        assert re.findall(r'<li data-step="(\w+)"', page) == ["propose", "approve", "execute", "exclude", "extend",
                                                                "release"]
        assert "检验合格，解除扣押" in page
        assert "head_a" in page
        assert step_forms(page) == []
        listing = officer.get(reverse("coercion:list")).content.decode()
        assert f'data-measure="{m.pk}"' in listing
        assert "已解除" in listing


@pytest.mark.parametrize(("today", "state"), [
    (D(2026, 10, 25), "normal"),   # 4 days before the term ends on 2026-10-29
    (D(2026, 10, 26), "near"),     # 3 days before: yellow
    (D(2026, 10, 29), "near"),     # ends today
    (D(2026, 10, 30), "overdue"),  # red
])
def test_term_colours_on_the_list_and_the_page(today, state, in_force, officer_a):
    with time_machine.travel(at(today), tick=False):
        client = client_for(officer_a)
        listing = client.get(reverse("coercion:list")).content.decode()
        page = client.get(detail_url(in_force)).content.decode()
    card = re.search(rf'<li class="case-card deadline-(\w+)" data-measure="{in_force.pk}"', listing)
    assert card is not None
    assert card.group(1) == state
    assert "2026-10-29" in listing
    assert f'data-deadline="{state}"' in page


def test_list_filters_and_running_first(agency_a, in_force, officer_a, head_a):
    waiting = actions.propose_measure(agency=agency_a, acting_user=officer_a, **(PROPOSAL | {"kind": "seizure"}))
    released = actions.release_measure(
        actions.execute_measure(
            actions.approve_measure(actions.propose_measure(agency=agency_a, acting_user=officer_a, **PROPOSAL),
                                    approve=True, acting_user=head_a),
            started_on=D(2026, 9, 29), officers=list(in_force.officers.all()), av_record=VIDEO, acting_user=officer_a),
        released_on=D(2026, 10, 1), acting_user=officer_a)
    client = client_for(officer_a)
    order = [int(pk) for pk in re.findall(r'data-measure="(\d+)"', client.get(reverse("coercion:list")).content.decode())]
    assert order == [in_force.pk, waiting.pk, released.pk]  # running (term ending first), then the rest
    only = re.findall(r'data-measure="(\d+)"', client.get(reverse("coercion:list") + "?status=released").content.decode())
    assert only == [str(released.pk)]


# --- the emergency route (ACL 19) ------------------------------------------------------------


def emergency_post(crew: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return PROPOSAL | {"emergency": "on", "emergency_reason": "当事人正在转移涉案食品", "started_on": "2026-09-29",
                       "carried_out_at": "2026-09-29T22:00", "officers": [crew["lead"].pk, crew["colleague"].pk], "av_file": video()} | extra


def test_emergency_measure_from_the_propose_form_then_the_24_hour_report(crew_a, officer_a, head_a):
    with time_machine.travel(at(D(2026, 9, 29), 22), tick=False) as clock:
        response = client_for(officer_a).post(reverse("coercion:new"), emergency_post(crew_a))
        m = Measure.objects.get()
        assert response.status_code == 302
        assert response.url == detail_url(m)
        assert (m.status, m.emergency, m.approved_by) == ("in_force", True, None)
        assert m.report_due_at == at(D(2026, 9, 30), 22)
        assert [s.step for s in m.steps.all()] == ["propose", "execute"]
        page = client_for(officer_a).get(detail_url(m)).content.decode()
        assert 'data-testid="awaiting-report"' in page
        assert "2026-09-30 22:00" in page
        assert 'data-deadline="near"' in page  # the report is due within a day
        assert "regularise" in step_forms(client_for(head_a).get(detail_url(m)).content.decode())
        assert "regularise" not in step_forms(page)

        clock.move_to(at(D(2026, 9, 30), 23))  # an hour late: red
        listing = client_for(officer_a).get(reverse("coercion:list")).content.decode()
        assert f'class="case-card deadline-overdue" data-measure="{m.pk}"' in listing
        response = client_for(head_a).post(step_url(m, "regularise"), {"version": m.version, "approve": "1"})
        assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == "in_force"
    assert m.reported_at is not None
    assert m.approved_by == head_a
    assert m.steps.get(step="regularise").data == {"approve": True, "late": True}


def test_emergency_without_reasons_or_recording_leaves_nothing_behind(crew_a, officer_a):
    """The proposal and the execution are one transaction: a refused execution keeps no proposal."""
    with assert_unchanged():
        refused = client_for(officer_a).post(reverse("coercion:new"), emergency_post(crew_a, emergency_reason=""))
        assert refused.status_code == 400
        # Carried out without approval: ACL 18(1) governs (art. 19 is the emergency exception).
        assert "情况紧急需要当场实施的，须写明理由（行政强制法第十八条第（一）项）" in refused.content.decode()
        refused = client_for(officer_a).post(reverse("coercion:new"), emergency_post(crew_a, av_file=video("a.pdf", PDF)))
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "须先上传音像记录" in html
        assert "An audio/video record of the measure is required" not in html  # one language at a time
    assert not Measure.objects.exists()


def test_recording_taken_from_the_linked_cases_evidence(agency_a, penalty_power, crew_a, officer_a, head_a):
    """Entered once: a recording already in the case's evidence serves as the measure's AV record."""
    case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    case = case_actions.open_case(case, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                                  lead=crew_a["lead"], acting_user=head_a)
    evidence = add_evidence(case, kind="audiovisual", title="扣押过程录像", upload=Upload(VIDEO, "扣押.mp4"),
                            collected_on=D(2026, 9, 10), acting_user=officer_a)
    response = client_for(officer_a).post(reverse("coercion:new"), PROPOSAL | {"case": case.pk})
    m = Measure.objects.get()
    assert response.status_code == 302
    assert m.case == case
    m = actions.approve_measure(m, approve=True, acting_user=head_a)
    page = client_for(officer_a).get(detail_url(m)).content.decode()
    assert "扣押过程录像" in page
    assert f'value="{evidence.sha256}"' in page
    data = {"version": m.version, "started_on": "2026-09-29", "officers": [crew_a["lead"].pk, crew_a["colleague"].pk]}
    with assert_unchanged():
        refused = client_for(officer_a).post(step_url(m, "execute"), data | {"av_reference": "0" * 64})
    assert refused.status_code == 400
    response = client_for(officer_a).post(step_url(m, "execute"), data | {"av_reference": evidence.sha256})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == "in_force"
    assert m.av_record.sha256 == evidence.sha256


# --- refusals ------------------------------------------------------------------------------


def test_other_agencys_measure_is_the_same_404_as_a_missing_one(proposed, officer_b):
    client = client_for(officer_b)
    missing = (Measure.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    other = client.get(detail_url(proposed))
    assert other.status_code == client.get(reverse("coercion:detail", args=[missing])).status_code == 404
    assert "过期食品200箱" not in other.content.decode()
    assert f'data-measure="{proposed.pk}"' not in client.get(reverse("coercion:list")).content.decode()
    with assert_unchanged():
        assert client.post(step_url(proposed, "approve"), {"version": proposed.version, "approve": "1"}).status_code == 404
        assert client.get(reverse("coercion:av_record", args=[proposed.pk])).status_code == 404


def test_officer_cannot_approve_only_the_head(proposed, officer_a):
    with assert_unchanged():
        response = client_for(officer_a).post(step_url(proposed, "approve"), {"version": proposed.version, "approve": "1"})
        assert response.status_code == 403  # may see, may not approve
        html = response.content.decode()
        assert "须经行政机关负责人批准（行政强制法第十八条第（一）项）" in html
        assert "need the agency head&#x27;s approval" not in html  # one language at a time


def test_bad_input_is_refused_in_the_page_language_and_changes_nothing(agency_a, in_force, crew_a, officer_a, head_a):
    approved = actions.approve_measure(actions.propose_measure(agency=agency_a, acting_user=officer_a, **PROPOSAL),
                                       approve=True, acting_user=head_a)
    client = client_for(officer_a)
    with assert_unchanged():
        one_officer = client.post(step_url(approved, "execute"), {
            "version": approved.version, "started_on": "2026-09-29", "officers": [crew_a["lead"].pk], "av_record": video()})
        assert one_officer.status_code == 400
        assert "行政强制措施应当由2名以上行政执法人员实施（行政强制法第十八条第（二）项）" in one_officer.content.decode()
        assert "At least 2 officers" not in one_officer.content.decode()  # one language at a time
        not_a_video = client.post(step_url(approved, "execute"), {
            "version": approved.version, "started_on": "2026-09-29",
            "officers": [crew_a["lead"].pk, crew_a["colleague"].pk], "av_record": video("录像.mp4", PDF)})
        assert not_a_video.status_code == 400
        # Full-process AV recording is required by the 3S opinion, not by ACL 18 (statutes.md §6).
        assert "须先上传音像记录（国办发〔2018〕118号）" in not_a_video.content.decode()
        with time_machine.travel(at(D(2026, 10, 20)), tick=False):  # within the term (ACL 25)
            no_reason = client_for(head_a).post(step_url(in_force, "extend"), {"version": in_force.version, "reason": ""})
        assert no_reason.status_code == 400
        assert 'class="errorlist"' in no_reason.content.decode()
        zero_days = client.post(step_url(in_force, "exclude"), {"version": in_force.version, "days": "0", "reason": "送检"})
        assert zero_days.status_code == 400
        assert 'class="errorlist"' in zero_days.content.decode()
        no_items = client.post(reverse("coercion:new"), PROPOSAL | {"items": "  "})
        assert no_items.status_code == 400
        stale = client.post(step_url(in_force, "release"), {"version": in_force.version - 1, "released_on": "2026-10-01"})
        assert stale.status_code == 400
        assert "已被他人更新" in stale.content.decode()
        assert "Someone else has updated" not in stale.content.decode()  # one language at a time
        assert client.post(step_url(in_force, "teleport"), {"version": 1}).status_code == 404
        assert client.get(step_url(in_force, "release")).status_code == 405


def test_who_gets_the_pages(proposed, officer_a, supervisor, citizen):
    for user in (officer_a, supervisor):
        home = client_for(user).get(reverse("home")).content.decode()
        assert reverse("coercion:list") in home
    # Oversight sees the measure but gets no forms, and cannot propose.
    sup = client_for(supervisor)
    assert f'data-measure="{proposed.pk}"' in sup.get(reverse("coercion:list")).content.decode()
    assert step_forms(sup.get(detail_url(proposed)).content.decode()) == []
    assert sup.get(reverse("coercion:new")).status_code == 403
    with assert_unchanged():
        assert sup.post(step_url(proposed, "approve"), {"version": proposed.version, "approve": "1"}).status_code == 403  # may read it, may not act
        assert client_for(citizen).get(reverse("coercion:list")).status_code == 403
        assert client_for(None).get(reverse("coercion:list")).status_code == 302  # to the login page


def test_pages_in_english(proposed, officer_a):
    client = english(client_for(officer_a))
    listing = client.get(reverse("coercion:list")).content.decode()
    assert '<html lang="en">' in listing
    assert ">Search</button>" in listing
    assert ">All</option>" in listing
    assert "<dt>Party</dt>" in listing
    assert "<dt>状态</dt>" not in listing
    assert ">查询</button>" not in listing
    page = client.get(detail_url(proposed)).content.decode()
    assert "<h2>Timeline</h2>" in page
    assert "<h2>Actions</h2>" in page
    assert "<dt>Agency</dt>" in page
    assert "浦江县某某食品店" in page  # data stays as it is
    refused = client.post(step_url(proposed, "approve"), {"version": proposed.version, "approve": "1"})
    assert refused.status_code == 403
    assert "need the agency head&#x27;s approval" in refused.content.decode()

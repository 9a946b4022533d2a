"""Issue 9 items 4–6: the extension only within the term and the lapsed measure flagged (ACL 25,
28(1)(4)); the emergency report counted from when the measure was carried out (ACL 19); every
coercion refusal citing the Administrative Coercion Law article that governs it (ACL 17–19, 25).
Each refusal also checks that nothing changed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import client_for, make_officer
from tests.helpers import assert_unchanged
from tests.test_coercion import VIDEO
from tests.test_coercion_web import PROPOSAL, at, detail_url, step_forms, step_url, video
from yifa.coercion import actions
from yifa.coercion.models import Measure
from yifa.coercion.queries import deadline_state
from yifa.lib.errors import ActionError

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def proposed(agency_a, crew_a, officer_a) -> Measure:
    with time_machine.travel(at(D(2026, 9, 28)), tick=False):
        return actions.propose_measure(agency=agency_a, acting_user=officer_a, **PROPOSAL)


@pytest.fixture
def in_force(proposed, crew_a, officer_a, head_a) -> Measure:
    """Approved, carried out on 2026-09-29: the term ends 2026-10-29 (30 days, ACL 25)."""
    with time_machine.travel(at(D(2026, 9, 29)), tick=False):
        m = actions.approve_measure(proposed, approve=True, acting_user=head_a)
        return actions.execute_measure(m, started_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]],
                                       av_record=VIDEO, acting_user=officer_a)


def api_step(user: Any, m: Measure, step: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(f"/api/coercion/{m.pk}/steps/{step}", data=json.dumps(body),
                                 content_type="application/json")


# --- item 4: ACL 25, 28(1)(4) ---------------------------------------------------------------------


def test_extension_on_the_last_day_of_the_term_is_accepted(in_force, head_a):
    assert in_force.ends_on == D(2026, 10, 29)
    with time_machine.travel(at(D(2026, 10, 29), 17), tick=False):
        m = actions.extend_measure(in_force, reason="案情复杂", acting_user=head_a)
    assert (m.ends_on, m.extended) == (D(2026, 11, 28), True)


def test_extension_after_the_term_ran_out_is_refused_and_changes_nothing(in_force, head_a):
    with time_machine.travel(at(D(2026, 10, 30), 9), tick=False), assert_unchanged():
        with pytest.raises(ActionError) as refused:
            actions.extend_measure(in_force, reason="案情复杂", acting_user=head_a)
        assert refused.value.rule == "行政强制法第二十五条"
        assert "已于2026-10-29届满" in refused.value.zh
        assert "第二十八条第一款第（四）项" in refused.value.zh
        assert "must be released" in refused.value.en
        response = api_step(head_a, in_force, "extend", {"version": in_force.version, "reason": "案情复杂"})
        assert response.status_code == 400
        assert response.json()["rule"] == "行政强制法第二十五条"


def test_lapsed_measure_is_flagged_on_the_page_list_api_and_queryable(in_force, officer_a, head_a):
    with time_machine.travel(at(D(2026, 10, 29)), tick=False):
        assert not Measure.objects.lapsed(D(2026, 10, 29)).exists()
        assert not client_for(officer_a).get(f"/api/coercion/{in_force.pk}").json()["lapsed"]
    with time_machine.travel(at(D(2026, 10, 30)), tick=False):
        assert list(Measure.objects.lapsed(D(2026, 10, 30))) == [in_force]
        page = client_for(head_a).get(detail_url(in_force)).content.decode()
        assert 'data-testid="measure-lapsed"' in page
        assert "extend" not in step_forms(page)  # not offered: release instead
        assert "release" in step_forms(page)
        listing = client_for(officer_a).get(reverse("coercion:list")).content.decode()
        assert 'data-testid="lapsed"' in listing
        api = client_for(officer_a).get("/api/coercion").json()["items"]
        assert [r["lapsed"] for r in api] == [True]
        m = actions.release_measure(in_force, released_on=D(2026, 10, 30), acting_user=officer_a)
    assert m.steps.get(step="release").data["late"] is True
    assert not Measure.objects.lapsed(D(2026, 10, 30)).exists()  # released: no longer lapsed


# --- item 5: ACL 19, the 24 hours from when it was carried out ----------------------------------


def emergency(crew: dict[str, Any], user: Any, agency: Any, carried_out_at: dt.datetime | None) -> Measure:
    return actions.take_emergency_measure(
        agency=agency, acting_user=user, **PROPOSAL, started_on=D(2026, 9, 29),
        officers=[crew["lead"], crew["colleague"]], av_record=VIDEO, emergency_reason="当事人正在转移涉案食品",
        carried_out_at=carried_out_at)


def test_report_due_24_hours_after_it_was_carried_out_not_after_entry(crew_a, officer_a, agency_a):
    with time_machine.travel(at(D(2026, 9, 29), 20), tick=False):
        m = emergency(crew_a, officer_a, agency_a, at(D(2026, 9, 29), 8))
        assert deadline_state(m, at(D(2026, 9, 29), 20)) == "near"
    assert m.carried_out_at == at(D(2026, 9, 29), 8)
    assert m.report_due_at == at(D(2026, 9, 30), 8)  # not 2026-09-30 20:00 (entry + 24 h)
    assert m.report_overdue_at_entry is False
    assert deadline_state(m, at(D(2026, 9, 30), 9)) == "overdue"
    assert list(Measure.objects.report_overdue(at(D(2026, 9, 30), 9))) == [m]


def test_measure_entered_after_24_hours_is_flagged_at_entry(crew_a, officer_a, agency_a):
    with time_machine.travel(at(D(2026, 9, 30), 10), tick=False):
        m = emergency(crew_a, officer_a, agency_a, at(D(2026, 9, 29), 8))
        assert deadline_state(m, at(D(2026, 9, 30), 10)) == "overdue"
        page = client_for(officer_a).get(detail_url(m)).content.decode()
        body = client_for(officer_a).get(f"/api/coercion/{m.pk}").json()
    assert m.report_overdue_at_entry is True
    assert m.steps.get(step="execute").data["report_overdue"] is True
    assert 'data-testid="report-overdue-at-entry"' in page
    assert body["report_overdue_at_entry"] is True
    assert dt.datetime.fromisoformat(body["carried_out_at"]) == at(D(2026, 9, 29), 8)


def test_emergency_time_through_the_form_and_the_api(crew_a, officer_a):
    with time_machine.travel(at(D(2026, 9, 30), 10), tick=False):
        response = client_for(officer_a).post(reverse("coercion:new"), PROPOSAL | {
            "emergency": "on", "emergency_reason": "当事人正在转移涉案食品", "carried_out_at": "2026-09-29T08:30",
            "officers": [crew_a["lead"].pk, crew_a["colleague"].pk], "av_file": video()})
        assert response.status_code == 302, response.content.decode()
        m = Measure.objects.get()
        assert (m.started_on, m.report_due_at, m.report_overdue_at_entry) == (
            D(2026, 9, 29), at(D(2026, 9, 30), 8) + dt.timedelta(minutes=30), True)
        body = client_for(officer_a).post("/api/coercion/emergency", PROPOSAL | {
            "started_on": "2026-09-30", "carried_out_at": "2026-09-30T09:00:00+08:00",
            "officers": [crew_a["lead"].pk, crew_a["colleague"].pk], "emergency_reason": "正在转移",
            "av_record": video()})
        assert body.status_code == 201, body.content.decode()
        assert dt.datetime.fromisoformat(body.json()["report_due_at"]) == at(D(2026, 10, 1), 9)
        assert body.json()["report_overdue_at_entry"] is False


@pytest.mark.parametrize(("carried_out_at", "article", "field"), [
    (None, "行政强制法第十九条", "carried_out_at"),                    # the time is required
    (at(D(2026, 9, 29), 23), None, "carried_out_at"),                  # later than now
    (at(D(2026, 9, 28), 23), None, "carried_out_at"),                  # not on the day it started
])
def test_emergency_time_refused_changes_nothing(crew_a, officer_a, agency_a, carried_out_at, article, field):
    with time_machine.travel(at(D(2026, 9, 29), 20), tick=False), assert_unchanged(), \
            pytest.raises(ActionError) as refused:
        emergency(crew_a, officer_a, agency_a, carried_out_at)
    assert (refused.value.rule, refused.value.field) == (article, field)


# --- item 6: every coercion refusal cites the ACL article that governs it ----------------------


def refusal(call: Any) -> ActionError:
    with assert_unchanged(), pytest.raises(ActionError) as refused:
        call()
    assert "行政处罚法" not in refused.value.zh  # never the penalty law (APL 42/55)
    return refused.value


def test_approval_and_emergency_cite_acl_18_1_and_19(agency_a, in_force, crew_a, officer_a):
    proposed = actions.propose_measure(agency=agency_a, acting_user=officer_a, **PROPOSAL)
    assert refusal(lambda: actions.approve_measure(proposed, approve=True, acting_user=officer_a)).rule == \
        "行政强制法第十八条第（一）项"
    without_approval = refusal(lambda: actions.execute_measure(
        proposed, started_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]], av_record=VIDEO,
        acting_user=officer_a))
    assert without_approval.rule == "行政强制法第十八条第（一）项"  # not ACL 19
    assert refusal(lambda: actions.regularise_emergency(in_force, approve=True, acting_user=officer_a)).rule == \
        "行政强制法第十九条"


def test_officers_cite_acl_18_2(proposed, crew_a, officer_a, head_a, agency_a, other_county):
    with time_machine.travel(at(D(2026, 9, 29)), tick=False):
        m = actions.approve_measure(proposed, approve=True, acting_user=head_a)
        lead = crew_a["lead"]
        expired = make_officer(agency_a, "钱进", 31, valid_until=D(2026, 9, 1))
        elsewhere = make_officer(agency_a, "孙武", 32, area="武义县")

        def execute(officers: list[Any]) -> Any:
            return lambda: actions.execute_measure(m, started_on=D(2026, 9, 29), officers=officers, av_record=VIDEO,
                                                   acting_user=officer_a)

        assert refusal(execute([lead])).rule == "行政强制法第十八条第（二）项"
        for other in (expired, elsewhere):
            cited = refusal(execute([lead, other]))
            assert cited.rule == "行政强制法第十七条第三款、第十八条第（二）项"
            assert other.name in cited.zh
        assert refusal(lambda: actions.execute_measure(
            m, started_on=D(2026, 9, 29), officers=[lead, crew_a["colleague"]], av_record=b"%PDF-1.4",
            acting_user=officer_a)).rule == "国办发〔2018〕118号"


def test_extension_cites_acl_25(in_force, officer_a, head_a):
    with time_machine.travel(at(D(2026, 10, 20)), tick=False):
        assert refusal(lambda: actions.extend_measure(in_force, reason="复杂", acting_user=officer_a)).rule == \
            "行政强制法第二十五条"
        no_reason = refusal(lambda: actions.extend_measure(in_force, reason=" ", acting_user=head_a))
        assert (no_reason.rule, no_reason.field) == ("行政强制法第二十五条", "reason")
        m = actions.extend_measure(in_force, reason="复杂", acting_user=head_a)
        assert refusal(lambda: actions.extend_measure(m, reason="再次", acting_user=head_a)).rule == "行政强制法第二十五条"


def test_web_refusal_names_the_article(in_force, head_a):
    with time_machine.travel(at(D(2026, 11, 2)), tick=False), assert_unchanged():
        response = client_for(head_a).post(step_url(in_force, "extend"), {"version": in_force.version, "reason": "复杂"})
    assert response.status_code in (400, 403, 404)

"""Seizure and detention: approval or emergency report, two officers, AV record, 30 (+30) days."""

import datetime as dt

import pytest
import time_machine

from yifa.audit.models import AuditEvent
from yifa.coercion import actions
from yifa.coercion.models import Measure
from yifa.lib.errors import ActionError, NotFound

pytestmark = pytest.mark.django_db
D = dt.date
VIDEO = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64  # an MP4 header is enough for the type check
TZ = dt.timezone(dt.timedelta(hours=8))


def row(m):
    return Measure.objects.values().get(pk=m.pk), m.steps.count(), AuditEvent.objects.count()


@pytest.fixture
def proposed(agency_a, crew_a, officer_a):
    return actions.propose_measure(agency=agency_a, kind="detention", items="过期食品200箱", reason="涉嫌经营超过保质期的食品",
                                   party_name="浦江县某某食品店", acting_user=officer_a)


def test_approved_detention_runs_30_days_and_once_30_more(proposed, crew_a, officer_a, head_a):
    m = actions.approve_measure(proposed, approve=True, acting_user=head_a)
    m = actions.execute_measure(m, started_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]],
                                av_record=VIDEO, acting_user=officer_a)
    assert (m.status, m.ends_on, m.av_record.type_code) == ("in_force", D(2026, 10, 29), "mp4")
    m = actions.exclude_testing_days(m, days=5, reason="送检", acting_user=officer_a)
    assert m.ends_on == D(2026, 11, 3)
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, 0, tzinfo=TZ), tick=False):  # within the term
        m = actions.extend_measure(m, reason="案情复杂", acting_user=head_a)
        assert m.ends_on == D(2026, 12, 3)
        before = row(m)
        with pytest.raises(ActionError, match=r"只能延长一次.*第二十五条"):
            actions.extend_measure(m, reason="再次延长", acting_user=head_a)
        assert row(m) == before
    m = actions.release_measure(m, released_on=D(2026, 12, 1), acting_user=officer_a)
    assert m.status == "released"
    assert m.steps.get(step="release").data["late"] is False


def test_no_av_record_no_measure(proposed, crew_a, officer_a, head_a):
    m = actions.approve_measure(proposed, approve=True, acting_user=head_a)
    before = row(m)
    for bad in (None, b"%PDF-1.4 not a video"):
        with pytest.raises(ActionError, match="音像记录"):
            actions.execute_measure(m, started_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]],
                                    av_record=bad, acting_user=officer_a)
    assert row(m) == before


def test_two_officers_required(proposed, crew_a, officer_a, head_a):
    m = actions.approve_measure(proposed, approve=True, acting_user=head_a)
    before = row(m)
    with pytest.raises(ActionError, match=r"2名以上.*（行政强制法第十八条第（二）项）") as refused:
        actions.execute_measure(m, started_on=D(2026, 9, 29), officers=[crew_a["lead"]], av_record=VIDEO,
                                acting_user=officer_a)
    assert refused.value.rule == "行政强制法第十八条第（二）项"
    assert row(m) == before


def test_only_the_head_approves(proposed, officer_a, officer_b):
    before = row(proposed)
    with pytest.raises(ActionError, match="第十八条"):
        actions.approve_measure(proposed, approve=True, acting_user=officer_a)
    with pytest.raises(NotFound):
        actions.approve_measure(proposed, approve=True, acting_user=officer_b)
    assert row(proposed) == before


def test_emergency_needs_reasons_and_a_report_within_24_hours(proposed, crew_a, officer_a, head_a):
    before = row(proposed)
    with pytest.raises(ActionError, match="第十八条第（一）项") as refused:
        actions.execute_measure(proposed, started_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]],
                                av_record=VIDEO, acting_user=officer_a)
    assert refused.value.rule == "行政强制法第十八条第（一）项"
    assert row(proposed) == before
    with time_machine.travel(dt.datetime(2026, 9, 29, 22, 0, tzinfo=TZ), tick=False):
        m = actions.execute_measure(proposed, started_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]],
                                    av_record=VIDEO, emergency_reason="当事人正在转移涉案食品",
                                    carried_out_at=dt.datetime(2026, 9, 29, 22, 0, tzinfo=TZ), acting_user=officer_a)
    assert m.emergency
    assert m.report_due_at == dt.datetime(2026, 9, 30, 22, 0, tzinfo=TZ)
    with time_machine.travel(dt.datetime(2026, 9, 30, 23, 0, tzinfo=TZ), tick=False):
        m = actions.regularise_emergency(m, approve=False, acting_user=head_a)
    assert m.status == "released"
    assert m.steps.get(step="regularise").data == {"approve": False, "late": True}

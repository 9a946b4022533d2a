"""The legal office opens a public evaluation cycle on a page; others may not; bad input changes
nothing."""

from __future__ import annotations

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from yifa.audit.models import AuditEvent
from yifa.complaints.models import EvaluationCycle

URL = "/complaints/manage/evaluation/new/"
GOOD = {"name": "2026年度公众评议", "opens_on": "2026-11-01", "closes_on": "2026-12-31",
        "questions": "执法是否规范\n办事是否便民\n\n"}


def test_the_legal_office_opens_a_cycle_for_its_region(supervisor):
    client = client_for(supervisor)
    assert client.get(URL).status_code == 200
    events = AuditEvent.objects.count()
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    cycle = EvaluationCycle.objects.get()
    assert response["Location"].endswith(f"?cycle={cycle.pk}")
    assert (cycle.name, cycle.region_id) == ("2026年度公众评议", supervisor.region_id)
    assert list(cycle.questions.order_by("number").values_list("text", flat=True)) == ["执法是否规范", "办事是否便民"]
    assert AuditEvent.objects.count() == events + 1


def test_only_the_legal_office_opens_one_and_nothing_changes(officer_a, head_a, citizen):
    with assert_unchanged():
        for user in (officer_a, head_a, citizen):
            assert client_for(user).post(URL, GOOD).status_code == 403


def test_bad_input_is_refused_in_the_page_language_and_nothing_changes(supervisor):
    client = client_for(supervisor)
    with assert_unchanged():
        backwards = client.post(URL, GOOD | {"closes_on": "2026-10-01"})
        assert backwards.status_code == 400
        assert "截止日期不能早于开始日期。" in backwards.content.decode()
        assert "cannot close before" not in backwards.content.decode()
        no_questions = client.post(URL, GOOD | {"questions": "  \n "})
        assert no_questions.status_code == 400
        assert client.post(URL, GOOD | {"opens_on": "2026-02-30"}).status_code == 400

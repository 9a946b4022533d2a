"""Public evaluation (issue 11, item 5): a cycle's questionnaire per agency answered without an
account, one answer per person (hashed mobile number), agency and cycle; refusals store nothing;
`public_scores` aggregates per agency; supervisors see the results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_licensing import on

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2026, 11, 10)


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cycle(county, supervisor, agency_a, agency_b):
    from yifa.complaints.evaluation import create_cycle

    with on(DAY):
        return create_cycle(name="2026年度行政执法公众评议", region=county, opens_on=D(2026, 11, 1),
                            closes_on=D(2026, 11, 30), questions=["执法是否公正", "办事是否高效"], acting_user=supervisor)


def answers(cycle: Any, phone: str, scores: tuple[int, int], **extra: Any) -> dict[str, Any]:
    first, second = cycle.questions.order_by("number")
    return {f"q{first.pk}": scores[0], f"q{second.pk}": scores[1], "phone": phone, "comment": "", "website": ""} | extra


def answer(client: Any, cycle: Any, agency: Any, data: dict[str, Any], day: dt.date = DAY) -> Any:
    with on(day):
        return client.post(f"/evaluate/{cycle.pk}/?agency={agency.pk}", data)


def test_the_questionnaire_is_public_and_answered_once_per_person(client, cycle, agency_a):
    from yifa.complaints.models import EvaluationAnswer

    with on(DAY):
        page = client.get("/evaluate/")
        assert cycle.name in page.content.decode()
        assert "执法是否公正" in client.get(f"/evaluate/{cycle.pk}/?agency={agency_a.pk}").content.decode()
    assert answer(client, cycle, agency_a, answers(cycle, "13812345678", (5, 4))).status_code == 201
    stored = EvaluationAnswer.objects.get()
    assert "13812345678" not in stored.voter
    assert len(stored.voter) == 64
    with assert_unchanged():
        again = answer(client, cycle, agency_a, answers(cycle, "138 1234 5678", (1, 1)))
    assert again.status_code == 400
    assert "已评价" in again.content.decode()
    # the same person may evaluate another agency
    assert answer(client, cycle, agency_a, answers(cycle, "13900000000", (3, 3))).status_code == 201


@pytest.mark.parametrize(("data", "status"), [
    ({"phone": "0579-84123456"}, 400),  # a landline is not a mobile number
    ({"phone": ""}, 400),
    ({"website": "spam"}, 400),
])
def test_refusals_store_nothing(client, cycle, agency_a, data, status):
    with assert_unchanged():
        assert answer(client, cycle, agency_a, answers(cycle, "13812345678", (5, 5)) | data).status_code == status


def test_a_missing_rating_is_refused(client, cycle, agency_a):
    data = answers(cycle, "13812345678", (5, 5))
    data.pop(next(k for k in data if k.startswith("q")))
    with assert_unchanged():
        assert answer(client, cycle, agency_a, data).status_code == 400


def test_outside_the_cycle_or_its_region_there_is_no_questionnaire(client, cycle, agency_a, other_county):
    from tests.conftest import make_agency

    elsewhere = make_agency(other_county, "武义县市场监督管理局", "武市监", "11330723MB12345670")
    with assert_unchanged():
        assert answer(client, cycle, agency_a, answers(cycle, "13812345678", (5, 5)), D(2026, 12, 1)).status_code == 404
        assert answer(client, cycle, elsewhere, answers(cycle, "13812345678", (5, 5))).status_code == 404


def test_the_rate_limit(client, cycle, agency_a, settings):
    settings.YIFA_PUBLIC_RATE_LIMIT = 1
    assert answer(client, cycle, agency_a, answers(cycle, "13812345678", (5, 5))).status_code == 201
    with assert_unchanged():
        assert answer(client, cycle, agency_a, answers(cycle, "13900000000", (5, 5))).status_code == 429


def test_public_scores_per_agency(client, cycle, agency_a, agency_b):
    from decimal import Decimal

    from yifa.complaints.evaluation import public_scores

    answer(client, cycle, agency_a, answers(cycle, "13800000001", (5, 4)))
    answer(client, cycle, agency_a, answers(cycle, "13800000002", (3, 4)))
    scores = {s.agency_id: s for s in public_scores(cycle)}
    assert scores[agency_a.pk].answers == 2
    assert scores[agency_a.pk].mean == Decimal("4.00")
    assert scores[agency_a.pk].score == Decimal("75.00")
    assert scores[agency_b.pk].answers == 0
    assert scores[agency_b.pk].mean is None


def test_supervisors_see_the_results_and_agencies_do_not(client, cycle, agency_a, supervisor, officer_a):
    answer(client, cycle, agency_a, answers(cycle, "13800000001", (5, 5)))
    page = client_for(supervisor).get("/complaints/manage/evaluation/")
    assert page.status_code == 200
    assert "5.00" in page.content.decode()
    assert "100.00" in page.content.decode()
    assert client_for(officer_a).get("/complaints/manage/evaluation/").status_code == 403


def test_only_the_legal_office_opens_a_cycle(county, officer_a):
    from yifa.complaints.evaluation import create_cycle
    from yifa.lib.errors import Forbidden

    with assert_unchanged(), pytest.raises(Forbidden), on(DAY):
        create_cycle(name="x", region=county, opens_on=DAY, closes_on=DAY, questions=["q"], acting_user=officer_a)

"""Random inspections (双随机、一公开): the directory and the pool, a plan's reproducible draw
(same seed and directory snapshot → same draw; uniform selection by a chi-square test over many
seeded draws), recusal, two inspectors per entity, inspections recorded against the plan, the
published plans; another agency's directory refused."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from tests.conftest import make_officer
from tests.helpers import assert_unchanged
from yifa.lib.errors import ActionError, NotFound
from yifa.lib.idcodes import uscc_check_char
from yifa.randomcheck import actions, rules
from yifa.randomcheck.models import Plan
from yifa.randomcheck.published import published_plans

pytestmark = pytest.mark.django_db
D = dt.date
TZ = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ), tick=False)


#: "92330726" typed in full-width digits, with a leading space.
FULLWIDTH = " " + "".join(chr(ord(c) + 0xFEE0) for c in "92330726")


def code(serial: int) -> str:
    body = f"92330726MA{serial:07d}"
    return body + uscc_check_char(body)


@pytest.fixture
def directory(agency_a, officer_a, county):
    with at(D(2026, 9, 1)):
        return [actions.add_entity(agency=agency_a, name=f"浦江县第{i}食品店", credit_code=code(i),
                                   sector="食品销售" if i <= 8 else "餐饮服务", region=county, acting_user=officer_a)
                for i in range(1, 13)]


@pytest.fixture
def pool(agency_a, officer_a, crew_a):
    officers = [crew_a["lead"], crew_a["colleague"], crew_a["chair"]] + [
        make_officer(agency_a, f"检查员{i}", 20 + i) for i in range(3)]
    with at(D(2026, 9, 1)):
        for o in officers:
            actions.add_inspector(agency=agency_a, officer=o, acting_user=officer_a)
    return officers


def new_plan(agency, user, **extra):
    fields = {"title": "2026年第四季度食品销售者双随机抽查", "scope": "食品经营许可、进货查验", "sector": "食品销售",
              "count": 3, "starts_on": D(2026, 10, 8), "ends_on": D(2026, 12, 31)} | extra
    with at(D(2026, 9, 30)):
        return actions.create_plan(agency=agency, acting_user=user, **fields)


def drawn(plan, user, seed="浦江-2026Q4"):
    with at(D(2026, 9, 30)):
        return actions.draw_plan(plan, drawn_on=D(2026, 9, 30), seed=seed, acting_user=user)


def assignment(plan):
    return [(i.entity_id, sorted(i.inspectors.values_list("pk", flat=True))) for i in plan.items.order_by("position")]


# --- the directory and the pool ----------------------------------------------------------------


def test_credit_codes_are_checked_and_stored_canonical(agency_a, officer_a, county):
    with at(D(2026, 9, 1)):
        entity = actions.add_entity(agency=agency_a, name="某店", credit_code=FULLWIDTH + "ma0000001" + code(1)[-1],
                                    sector="食品销售", region=county, acting_user=officer_a)
        assert entity.credit_code == code(1)
        with assert_unchanged(), pytest.raises(ActionError):
            actions.add_entity(agency=agency_a, name="某店", credit_code=code(2)[:-1] + "0", sector="食品销售",
                               region=county, acting_user=officer_a)


def test_only_officers_with_valid_certificates_join_the_pool(agency_a, officer_a):
    lapsed = make_officer(agency_a, "过期", 40, valid_until=D(2026, 6, 30))
    with at(D(2026, 9, 1)), assert_unchanged(), pytest.raises(ActionError, match="第四十二条"):
        actions.add_inspector(agency=agency_a, officer=lapsed, acting_user=officer_a)


# --- the draw ----------------------------------------------------------------------------------


def test_same_seed_and_snapshot_give_the_same_draw(agency_a, officer_a, directory, pool):
    first = drawn(new_plan(agency_a, officer_a), officer_a)
    second = drawn(new_plan(agency_a, officer_a), officer_a)
    assert assignment(first) == assignment(second)
    assert len(first.items.all()) == 3
    assert first.candidate_ids == [e.pk for e in directory[:8]]  # the sector's, in id order
    assert first.candidates_hash == rules.ids_hash(first.candidate_ids)
    assert (first.seed, first.method) == ("浦江-2026Q4", "sha256-rank/1")
    # Repeated from the record alone.
    again = actions.repeat_draw(first)
    assert [(e, sorted(again.inspectors[e])) for e in again.entities] == assignment(first)
    other = drawn(new_plan(agency_a, officer_a), officer_a, seed="另一个种子")
    assert assignment(other) != assignment(first)


def test_a_seed_is_generated_and_recorded_when_none_is_given(agency_a, officer_a, directory, pool):
    plan = drawn(new_plan(agency_a, officer_a, ratio=Decimal("25"), count=None), officer_a, seed="")
    assert len(plan.seed) == 32
    assert plan.items.count() == 2  # 25% of 8
    assert plan.steps.get(step="draw").data["seed"] == plan.seed


def test_selection_is_uniform_chi_square():
    """2,000 seeded draws of 5 of 20: each entity's count against the expected 500. The critical
    value of chi-square with 19 degrees of freedom at p = 0.001 is 43.82. Deterministic (fixed seeds)."""
    candidates = list(range(101, 121))
    counts: Counter[int] = Counter()
    for i in range(2000):
        counts.update(rules.draw_entities(f"seed-{i}", candidates, 5))
    expected = 2000 * 5 / 20
    chi2 = sum((counts[c] - expected) ** 2 / expected for c in candidates)
    assert chi2 < 43.82, chi2
    # The same for inspectors: 2 of 6, 1,200 draws, 5 degrees of freedom (critical 20.52).
    picks: Counter[int] = Counter()
    for i in range(1200):
        picks.update(rules.draw_inspectors(f"s{i}", 7, [1, 2, 3, 4, 5, 6], set(), 2))
    chi2 = sum((picks[c] - 400) ** 2 / 400 for c in range(1, 7))
    assert chi2 < 20.52, chi2


def test_a_biased_method_would_fail_the_chi_square():
    """The test above can fail: always taking the first candidates is far off."""
    counts = Counter(c for _ in range(2000) for c in range(101, 106))
    chi2 = sum((counts[c] - 500) ** 2 / 500 for c in range(101, 121))
    assert chi2 > 43.82


def test_recusal_is_respected(agency_a, officer_a, directory, pool):
    # Recuse four of the six inspectors from every candidate: only the other two may be drawn.
    with at(D(2026, 9, 2)):
        for entity in directory[:8]:
            for officer in pool[:4]:
                actions.add_recusal(entity=entity, officer=officer, reason="近亲属经营", acting_user=officer_a)
    plan = drawn(new_plan(agency_a, officer_a, count=8), officer_a)
    for _, inspectors in assignment(plan):
        assert inspectors == sorted(o.pk for o in pool[4:])


def test_fewer_than_two_free_inspectors_is_refused(agency_a, officer_a, directory, pool):
    with at(D(2026, 9, 2)):
        for officer in pool[:5]:
            actions.add_recusal(entity=directory[0], officer=officer, reason="利害关系", acting_user=officer_a)
    plan = new_plan(agency_a, officer_a, count=8)
    with at(D(2026, 9, 30)), assert_unchanged(), pytest.raises(ActionError, match="第四十三条"):
        actions.draw_plan(plan, drawn_on=D(2026, 9, 30), seed="x", acting_user=officer_a)


def test_at_least_two_inspectors_per_entity(agency_a, officer_a):
    with at(D(2026, 9, 30)), assert_unchanged(), pytest.raises(ActionError, match="第四十二条"):
        actions.create_plan(agency=agency_a, title="t", scope="s", count=1, inspectors_per_entity=1,
                            starts_on=D(2026, 10, 8), ends_on=D(2026, 12, 31), acting_user=officer_a)


def test_a_plan_on_another_agencys_directory_is_refused(agency_a, agency_b, officer_a, officer_b, directory, pool):
    with at(D(2026, 9, 30)), assert_unchanged(), pytest.raises(ActionError, match="58号"):
        actions.create_plan(agency=agency_a, title="t", scope="s", count=1, starts_on=D(2026, 10, 8),
                            ends_on=D(2026, 12, 31), acting_user=officer_b)
    plan = new_plan(agency_a, officer_a)
    with at(D(2026, 9, 30)), assert_unchanged(), pytest.raises(NotFound):
        actions.draw_plan(plan, drawn_on=D(2026, 9, 30), seed="x", acting_user=officer_b)
    # Agency B's own plan never sees agency A's directory.
    plan_b = new_plan(agency_b, officer_b)
    with at(D(2026, 9, 30)), assert_unchanged(), pytest.raises(ActionError, match="没有符合条件"):
        actions.draw_plan(plan_b, drawn_on=D(2026, 9, 30), seed="x", acting_user=officer_b)


# --- inspections against the plan, and publication ---------------------------------------------


@pytest.fixture
def inspection_power(agency_a):
    from yifa.law.models import PowerItem

    return PowerItem.objects.create(code="330726-SJ-JC-0001", name="食品经营者监督检查", category="inspection",
                                    agency=agency_a, procedure="inspection")


def test_inspections_are_recorded_against_the_plan_and_published(agency_a, officer_a, head_a, directory, pool,
                                                                 inspection_power):
    plan = drawn(new_plan(agency_a, officer_a), officer_a)
    item = plan.items.order_by("position").first()
    with at(D(2026, 10, 7)), assert_unchanged(), pytest.raises(ActionError, match="58号"):
        actions.record_plan_inspection(item, power=inspection_power, inspected_on=D(2026, 10, 7), place="店内",
                                       findings="未发现问题", result="compliant", acting_user=officer_a)
    with at(D(2026, 10, 9)):
        inspection = actions.record_plan_inspection(item, power=inspection_power, inspected_on=D(2026, 10, 9),
                                                    place="店内", findings="进货查验记录齐全", result="compliant",
                                                    acting_user=officer_a)
    assert inspection.random_selection
    assert inspection.party_code == item.credit_code
    assert sorted(inspection.officers.values_list("pk", flat=True)) == assignment(plan)[0][1]
    with at(D(2026, 10, 9)), assert_unchanged(), pytest.raises(ActionError):
        actions.record_plan_inspection(item, power=inspection_power, inspected_on=D(2026, 10, 9), place="店内",
                                       findings="再次", result="compliant", acting_user=officer_a)
    assert published_plans() == []
    with at(D(2026, 10, 9)):
        actions.publish_plan(Plan.objects.get(pk=plan.pk), published_on=D(2026, 10, 9), acting_user=head_a)
    [public] = published_plans()
    assert (public.title, public.seed, public.candidates, public.candidates_hash) == (
        plan.title, "浦江-2026Q4", 8, plan.candidates_hash)
    assert [i.result for i in public.items] == ["compliant", "", ""]
    assert all(len(i.inspectors) == 2 for i in public.items)


def test_only_the_head_publishes(agency_a, officer_a, directory, pool):
    from yifa.lib.errors import Forbidden

    plan = drawn(new_plan(agency_a, officer_a), officer_a)
    with at(D(2026, 10, 9)), assert_unchanged(), pytest.raises(Forbidden):
        actions.publish_plan(plan, published_on=D(2026, 10, 9), acting_user=officer_a)

"""Discretion benchmarks at the penalty decision: the engine's recommendation (web, API), the
party's history across agencies, decisions outside the band, the stored explanation and flag,
the document's reasoning, and loading the files."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import CASE_FIELDS, client_for
from tests.helpers import assert_unchanged
from yifa.audit.models import AuditEvent
from yifa.cases import actions
from yifa.cases.models import Case, CaseStep
from yifa.discretion import access as discretion_access
from yifa.discretion.loader import BENCHMARK_DIR, read_files
from yifa.discretion.models import Assessment, Benchmark, NoPenaltyItem
from yifa.evidence.actions import add_evidence
from yifa.lib.errors import ActionError, NotFound

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def notified(agency_a, penalty_power, crew_a, officer_a, head_a, time_machine):
    return to_notice(agency_a, penalty_power, crew_a, officer_a, head_a, time_machine)


def to_notice(agency_a, penalty_power, crew_a, officer_a, head_a, time_machine, *, reviewed: bool = False) -> Case:
    time_machine.move_to(dt.datetime(2026, 10, 20, 10, 0))
    c = actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    c = actions.open_case(c, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                          lead=crew_a["lead"], acting_user=head_a)
    add_evidence(c, kind="physical", title="涉案预包装食品", upload=None, acting_user=officer_a,
                 description="现场查获", collected_on=D(2026, 9, 10))
    c = actions.close_investigation(c, facts="未取得许可经营预包装食品，货值金额5000元。", on_date=D(2026, 9, 20),
                                    acting_user=officer_a)
    c = actions.review_case(c, opinion="事实清楚。", proposed_types=["fine", "confiscate_property"],
                            proposed_fine=Decimal("90000"), proposed_property_value=Decimal("5000"), serious=False, on_date=D(2026, 9, 21), acting_user=head_a)
    if reviewed:
        c = actions.legal_review(c, passed=True, opinion="同意。", on_date=D(2026, 9, 22),
                                 acting_user=crew_a["reviewer_login"])
    return actions.notify_case(c, notified_on=D(2026, 9, 22), acting_user=officer_a)


def assess(case: Case, user, **facts) -> Case:
    values = {"benchmark": "food.unlicensed", "amount": Decimal("5000"), "duration_days": 0, "harm": "none",
              "corrected": False, "factors": [], "on_date": D(2026, 9, 23)} | facts
    return actions.assess_case(case, acting_user=user, **values)


def decide(case: Case, user, fine: str | None, outcome: str = "penalty", **extra) -> Case:
    return actions.decide_case(case, outcome=outcome, decided_types=["fine"] if fine else [],
                               decided_fine=Decimal(fine) if fine else None, decided_on=D(2026, 9, 29),
                               reasons="依据食品安全法第一百二十二条。", acting_user=user, **extra)


def prior_case(agency, power, head, code: str, decided_on: dt.date, number: str, party_code: str) -> Case:
    """A decided case of another agency (fixture data standing for an earlier, finished file)."""
    c = Case.objects.create(agency=agency, power=power, title="前案", source="inspection", registered_on=decided_on,
                            party_kind="organisation", party_name="浦江县某某食品店", party_code=party_code,
                            act_ended_on=decided_on, discovered_on=decided_on, status="closed", outcome="penalty",
                            decided_on=decided_on, decision_number=number, created_by=head)
    Assessment.objects.create(case=c, agency=agency, benchmark=Benchmark.objects.get(code=code), facts={},
                              tier="ordinary", explanation={}, assessed_on=decided_on, created_by=head, decided=True)
    return c


@pytest.fixture
def power_b(agency_b):
    from yifa.law.models import PowerItem

    return PowerItem.objects.create(code="330726-ZH-CF-0001", name="食品经营处罚", category="penalty", agency=agency_b,
                                    procedure="penalty_ordinary", penalty_types=["fine"])


def test_shipped_files_are_loaded_after_migrate():
    entries = read_files()
    assert Benchmark.objects.count() == len(entries) >= 30
    assert NoPenaltyItem.objects.filter(kind="first", benchmark_code="food.inspection_records",
                                        lookback_years=2).exists()
    row = Benchmark.objects.get(code="ad.false")
    assert (row.violated_citation, row.penalty_citation) == ("《中华人民共和国广告法》第二十八条",
                                                             "《中华人民共和国广告法》第五十五条第一款")


def test_recommendation_is_shown_and_a_decision_within_the_band_is_kept_with_it(notified, officer_a, head_a):
    c = assess(notified, officer_a)
    a = Assessment.objects.get(case=c)
    assert (a.tier, a.band_min, a.band_max) == ("ordinary", Decimal("65000.00"), Decimal("85000.00"))
    page = client_for(head_a).get(f"/cases/{c.pk}/").content.decode()
    assert 'data-testid="discretion"' in page
    assert "65000.00 – 85000.00" in page
    assert "一般处罚" in page
    body = json.loads(client_for(officer_a).get(f"/api/cases/{c.pk}").content)
    assert body["discretion"]["tier"] == "ordinary"
    assert body["discretion"]["band_min"] == "65000.00"
    assert "第一百二十二条第一款" in body["discretion"]["explanation"]["text"]
    c = decide(c, head_a, "70000")
    a.refresh_from_db()
    assert (a.decided, a.outside_band, a.decided_fine) == (True, False, Decimal("70000.00"))
    step = CaseStep.objects.get(case=c, step="decide")
    assert step.data["discretion"]["band"] == ["65000.00", "85000.00"]
    assert AuditEvent.objects.filter(action__in=["discretion.assess", "discretion.decided"]).count() == 2


def test_a_decision_outside_the_band_needs_reasons_and_legal_review(notified, officer_a, head_a):
    c = assess(notified, officer_a)
    with assert_unchanged(), pytest.raises(ActionError) as no_reasons:
        decide(c, head_a, "40000")
    assert no_reasons.value.field == "outside_reasons"
    assert "国办发〔2022〕27号" in no_reasons.value.zh
    with assert_unchanged(), pytest.raises(ActionError) as no_review:
        decide(c, head_a, "40000", outside_reasons="当事人系残疾人个体经营，经济困难。")
    assert "第五十八条" in no_review.value.zh


def test_a_decision_outside_the_band_is_flagged_and_explained_in_the_document(
        agency_a, penalty_power, crew_a, officer_a, head_a, time_machine, supervisor, officer_b):
    c = to_notice(agency_a, penalty_power, crew_a, officer_a, head_a, time_machine, reviewed=True)
    c = assess(c, officer_a)
    c = decide(c, head_a, "40000", outside_reasons="当事人系残疾人个体经营，经济困难。")
    a = Assessment.objects.get(case=c)
    assert a.outside_band
    assert a.outside_reasons.startswith("当事人系残疾人")
    assert list(discretion_access.outside_band(supervisor)) == [a]
    assert list(discretion_access.outside_band(officer_b)) == []
    doc = actions_document(c, head_a)
    assert "建议罚款65,000.00元至85,000.00元" in doc
    assert "本决定未采用上述建议" in doc


def actions_document(case: Case, user) -> str:
    from yifa.documents.context import context_for_case

    return context_for_case(case)["discretion_reasoning"]


def test_no_assessment_no_check(notified, head_a):
    c = decide(notified, head_a, "40000")
    assert c.status == "decided"
    assert not Assessment.objects.exists()


def test_a_power_with_a_benchmark_is_decided_only_after_the_assessment(
        agency_a, benchmarked_power, crew_a, officer_a, head_a, time_machine):
    """APL 34: the power item's basis (食品安全法第一百二十二条) has a benchmark (food.unlicensed),
    so a penalty decision without the assess step is refused and nothing changes; assessed, it goes."""
    c = to_notice(agency_a, benchmarked_power, crew_a, officer_a, head_a, time_machine)
    with assert_unchanged(), pytest.raises(ActionError, match="行政处罚法第三十四条") as refused:
        decide(c, head_a, "70000")
    assert "food.unlicensed" in refused.value.zh
    c = assess(c, officer_a)
    c = decide(c, head_a, "70000")
    assert c.status == "decided"
    assert Assessment.objects.get(case=c).decided


def test_first_violation_list_checks_the_history_of_every_agency(
        notified, officer_a, head_a, agency_b, power_b, officer_b):
    code = CASE_FIELDS["party_code"]
    # No same-type history: the first-violation list applies (不予处罚).
    c = assess(notified, officer_a, benchmark="food.inspection_records", amount=None, harm="slight", corrected=True)
    first = Assessment.objects.get(case=c)
    assert (first.tier, first.band_min) == ("no_penalty", None)
    assert first.explanation["history"] == []
    assert first.explanation["first_violation"]
    # Another agency decided a same-type case of the same party (same canonical code) 14 months before the act.
    prior = prior_case(agency_b, power_b, officer_b, "food.inspection_records", D(2025, 6, 20), "浦综执罚〔2025〕7号", code)
    # … and a different party's and a different type's case are not matches.
    prior_case(agency_b, power_b, officer_b, "food.inspection_records", D(2025, 6, 21), "浦综执罚〔2025〕8号",
               "91330726MA28F0XY1X")
    prior_case(agency_b, power_b, officer_b, "food.unlicensed", D(2025, 6, 22), "浦综执罚〔2025〕9号", code)
    c = assess(c, officer_a, benchmark="food.inspection_records", amount=None, harm="slight", corrected=True,
               on_date=D(2026, 9, 24))
    again = Assessment.objects.filter(case=c).latest("id")
    assert again.tier == "ordinary"
    assert not again.explanation["first_violation"]
    assert again.explanation["history"] == [{"number": "浦综执罚〔2025〕7号", "agency": agency_b.name,
                                             "date": "2025-06-20"}]
    page = client_for(officer_a).get(f"/cases/{c.pk}/").content.decode()
    assert "浦综执罚〔2025〕7号" in page
    assert prior.title not in page.split('data-testid="discretion"')[1][:2000]
    # Deciding no penalty now goes against the recommendation.
    with assert_unchanged(), pytest.raises(ActionError):
        decide(c, head_a, None, outcome="no_penalty")


def test_assess_refusals_change_nothing(notified, officer_a, officer_b):
    with assert_unchanged(), pytest.raises(ActionError) as unknown:
        assess(notified, officer_a, benchmark="nope")
    assert unknown.value.field == "benchmark"
    with assert_unchanged(), pytest.raises(ActionError) as factor:
        assess(notified, officer_a, factors=["bribery"])
    assert factor.value.field == "factors"
    with assert_unchanged(), pytest.raises(ActionError) as amount:
        assess(notified, officer_a, benchmark="pq.expired", amount=None)
    assert amount.value.field == "amount"
    with assert_unchanged(), pytest.raises(NotFound):  # another agency's officer: as if there were no case
        assess(notified, officer_b)


def test_assess_through_the_api(notified, officer_a):
    client = client_for(officer_a)
    body = {"benchmark": "ad.false", "amount": "100000", "factors": ["confessed"], "on_date": "2026-09-23",
            "version": notified.version}
    answer = client.post(f"/api/cases/{notified.pk}/steps/assess", json.dumps(body), content_type="application/json")
    assert answer.status_code == 200, answer.content
    a = Assessment.objects.get(case=notified)
    assert (a.tier, a.band_min, a.band_max) == ("lighter", Decimal("300000.00"), Decimal("400000.00"))
    assert a.explanation["mitigating"] == ["主动供述行政机关尚未掌握的违法行为"]


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_load_command_is_idempotent_audited_and_all_or_nothing(tmp_path):
    for f in BENCHMARK_DIR.glob("*.yaml"):
        _write(tmp_path, f.name, f.read_text(encoding="utf-8"))
    call_command("benchmarks", "load", str(tmp_path))  # the same files as shipped: nothing to write
    assert not AuditEvent.objects.filter(action="discretion.benchmark_load").exists()
    text = (tmp_path / "fire.yaml").read_text(encoding="utf-8").replace("fine: [1000, 5000]", "fine: [1000, 6000]")
    _write(tmp_path, "fire.yaml", text)
    call_command("benchmarks", "load", str(tmp_path))
    assert Benchmark.objects.get(code="fire.appliances").spec["range"] == [{"fine": [1000, 6000]}]
    assert AuditEvent.objects.filter(action="discretion.benchmark_load").count() == 1
    _write(tmp_path, "broken.yaml", "sector: x\nbenchmarks:\n  - code: x.1\n    violation: v\n")
    with assert_unchanged(), pytest.raises(CommandError, match=r"x\.1"):
        call_command("benchmarks", "load", str(tmp_path))


def test_check_command_runs_the_golden_cases(tmp_path, capsys):
    call_command("benchmarks", "check")
    assert "all pass" in capsys.readouterr().out
    for f in BENCHMARK_DIR.glob("*.yaml"):
        _write(tmp_path, f.name, f.read_text(encoding="utf-8"))
    text = (tmp_path / "fire.yaml").read_text(encoding="utf-8").replace("band: [2200, 3800]", "band: [2200, 3900]", 1)
    _write(tmp_path, "fire.yaml", text)
    with pytest.raises(CommandError, match="1 golden"):
        call_command("benchmarks", "check", str(tmp_path))


def test_assess_through_the_step_form(notified, officer_a):
    from django.urls import reverse

    client = client_for(officer_a)
    page = client.get(reverse("cases:detail", args=[notified.pk])).content.decode()
    assert 'value="food.unlicensed"' in page
    assert 'value="after_warning"' in page
    response = client.post(reverse("cases:step", args=[notified.pk, "assess"]), {
        "version": notified.version, "benchmark": "food.unlicensed", "amount": "20000", "duration_days": "0",
        "harm": "none", "factors": ["after_warning"], "on_date": "2026-09-23"})
    assert response.status_code == 302, response.content.decode()[:2000]
    a = Assessment.objects.get(case=notified)
    assert (a.tier, a.band_min, a.band_max) == ("heavier", Decimal("300000.00"), Decimal("400000.00"))
    page = client.get(response.url).content.decode()
    assert "从重处罚" in page
    assert "被责令改正后拒不改正或者继续实施" in page


def test_the_benchmark_in_force_when_the_act_ended_applies():
    from yifa.discretion.service import benchmark_on

    assert benchmark_on("pq.expired", D(2019, 1, 1)).code == "pq.expired"
    with pytest.raises(ActionError) as before:
        benchmark_on("pq.expired", D(2018, 12, 28))  # before the 2018 revision the file covers
    assert before.value.field == "benchmark"


@pytest.mark.parametrize(("change", "problem"), [
    ({"tiers": [{"tier": "ordinary", "all": {"moon_phase": 1}}]}, "unknown condition"),
    ({"range": [{"fine": [100, 50]}]}, "is not a range"),
    ({"bands": {"lighter": [0, 0.5]}}, "no band for"),
    ({"also": ["flogging"]}, "unknown non-monetary"),
    ({"tiers": [{"tier": "harsher", "all": {}}]}, "unknown tier"),
])
def test_a_bad_spec_is_refused_naming_the_benchmark(change, problem):
    from yifa.discretion.engine import SpecError, compile_spec

    spec = next(e.spec for e in read_files() if e.code == "fire.exits") | change
    with pytest.raises(SpecError, match=problem) as refused:
        compile_spec(spec)
    assert str(refused.value).startswith("fire.exits:")

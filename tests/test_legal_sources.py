"""The shipped law data checked against the texts (issues 10 and 12): benchmark rows say which text
and version they were read against, a citation down to the item still links to the provision Yifa
holds, and the seeded rules and catalogues carry checked citations (dated where the law changed)."""

from __future__ import annotations

import datetime as dt

import pytest

from yifa.accountability.terms import term_on, terms_on
from yifa.discretion.loader import enclosing_labels, read_files, sync
from yifa.discretion.models import Benchmark

pytestmark = pytest.mark.django_db
D = dt.date
UNCHECKED = ("未能核对", "待核实", "待核对", "凭记忆")


def test_at_least_thirty_benchmarks_are_checked_against_a_named_text_and_version():
    checked = [e for e in read_files()
               if str(e.spec.get("checked", "")).startswith("对照《") and "LawRefBook/Laws" in e.spec["checked"]
               and "修正）" in e.spec["checked"] and not any(m in e.spec["checked"] for m in UNCHECKED)]
    assert len(checked) >= 30
    # Each names the very provisions the row cites.
    for entry in checked:
        assert entry.spec["violated"]["label"] in entry.spec["checked"]
        assert entry.spec["penalty"]["label"] in entry.spec["checked"]


def test_a_citation_down_to_the_item_links_to_the_paragraph_yifa_holds():
    from yifa.law.models import Law, Provision, ProvisionVersion

    law = Law.objects.create(name="中华人民共和国消防法", kind="law", issuer="全国人民代表大会常务委员会")
    paragraph = Provision.objects.create(law=law, article=60, label="第六十条第一款")
    version = ProvisionVersion.objects.create(provision=paragraph, text="单位违反本法规定……", source="公报",
                                              effective_from=D(2021, 4, 29))
    Benchmark.objects.filter(code__startswith="fire.").delete()
    sync([e for e in read_files() if e.code in ("fire.exits", "fire.exits_individual")])
    exits = Benchmark.objects.get(code="fire.exits")
    assert exits.penalty_citation == "《中华人民共和国消防法》第六十条第一款第三项"
    assert exits.penalty_version == version
    # Another paragraph of the same article is not linked to the first one's text.
    assert Benchmark.objects.get(code="fire.exits_individual").penalty_version is None


def test_enclosing_labels():
    assert enclosing_labels("第六十条第一款第三项") == ["第六十条第一款第三项", "第六十条第一款", "第六十条"]
    assert enclosing_labels("第五十七条第一项") == ["第五十七条第一项", "第五十七条"]
    assert enclosing_labels("第一百二十二条") == ["第一百二十二条"]
    assert enclosing_labels("第三十二条、第三十九条") == []  # several provisions: linked to none


def test_fault_types_cite_the_review_law_in_force_on_the_day():
    before, after = term_on("fault", "improper", D(2023, 6, 1)), term_on("fault", "improper", D(2024, 6, 1))
    assert before is not None
    assert after is not None
    assert before.pk != after.pk
    assert "行政复议法（2017年修正）第二十八条" in before.citation
    assert "行政复议法（2023年修订）第六十三条第一款第一项" in after.citation
    for day in (D(2023, 12, 31), D(2024, 1, 1)):
        codes = [t.code for t in terms_on("fault", day)]
        assert len(codes) == len(set(codes)) == 8


def test_seeded_rules_and_catalogues_carry_no_unverified_citation():
    from yifa.accountability.models import Term
    from yifa.evaluation.models import GradeBand, Indicator
    from yifa.filereview.models import ScoreSheet, SelfInspectionRule
    from yifa.filing.models import MajorCriterion
    from yifa.workcal.models import DeadlineRule, LegalParameter

    for model in (DeadlineRule, LegalParameter, MajorCriterion, Term, Indicator, GradeBand, ScoreSheet,
                  SelfInspectionRule):
        for citation in model.objects.values_list("citation", flat=True):
            assert not any(m in citation for m in UNCHECKED), (model.__name__, citation)
    filing = DeadlineRule.objects.get(code="MAJOR_CASE_FILING", effective_from=D(2021, 7, 15))
    assert (filing.count, filing.unit) == (15, "calendar")
    assert filing.citation.startswith("县级设定")
    publish = LegalParameter.objects.get(code="SUP_PUBLISH_DAYS")
    assert "7个工作日" in publish.citation
    assert "DISCLOSURE_PUBLISH" in publish.citation

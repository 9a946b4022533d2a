"""The documents say what the case found and chose (issue 13, item 3): the facts of the investigation's
conclusion, every period the party must know with its date (from the deadline rules), the provisions
chosen at the review (the same articles in every line), and a preview that takes no number."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import CASE_FIELDS, client_for
from tests.helpers import assert_unchanged
from tests.test_discretion import assess
from yifa.cases import actions
from yifa.cases.models import Case
from yifa.documents import actions as document_actions
from yifa.documents import render
from yifa.documents.context import context_for_case, zh_count
from yifa.documents.models import Document, DocumentCounter
from yifa.evidence.actions import add_evidence
from yifa.lib.errors import ActionError

pytestmark = pytest.mark.django_db
D = dt.date
FACTS = "当事人于2026年8月在其经营场所销售超过保质期的面包20袋，货值金额600元。"


@pytest.fixture(autouse=True)
def quick_documents(settings, tmp_path, monkeypatch):
    """The documents' words are what is tested: no CJK font is needed and no PDF is rendered."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(render, "cjk_font", lambda: "Noto Serif CJK SC")
    monkeypatch.setattr(document_actions, "attach_pdf", lambda doc, acting_user: doc)


@pytest.fixture
def food_law(penalty_power):
    """The power item lists two 违则 (art. 34, 35) and two 罚则 (art. 122, 124); 34 and 124 have
    dated texts, the version of 124 in force when the act ended being the 2021 one."""
    from yifa.law.models import Law, Provision, ProvisionVersion

    law = Law.objects.get(name="中华人民共和国食品安全法")
    made = {n: Provision.objects.get_or_create(law=law, article=n, label=label)[0]
            for n, label in ((34, "第三十四条"), (35, "第三十五条"), (122, "第一百二十二条"), (124, "第一百二十四条"))}
    ProvisionVersion.objects.create(provision=made[34], text="禁止生产经营下列食品……（十）超过保质期的食品",
                                    effective_from=D(2015, 10, 1), source="主席令第21号")
    ProvisionVersion.objects.create(provision=made[124], text="旧文本", effective_from=D(2015, 10, 1),
                                    effective_to=D(2021, 4, 28), source="主席令第21号")
    new_124 = ProvisionVersion.objects.create(provision=made[124], text="违反本法规定……处五万元以上十万元以下罚款……",
                                              effective_from=D(2021, 4, 29), source="主席令第81号")
    penalty_power.violated_provisions.set([made[34], made[35]])
    penalty_power.penalty_provisions.set([made[122], made[124]])
    other = Provision.objects.create(law=law, article=126, label="第一百二十六条")  # not the power item's
    return {**made, "other": other, "v124": new_124}


def investigated(agency_a, penalty_power, crew_a, officer_a, head_a) -> Case:
    c = actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                              **CASE_FIELDS | {"source_detail": "群众举报：某食品店出售过期面包。"})
    c = actions.open_case(c, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                          lead=crew_a["lead"], acting_user=head_a)
    add_evidence(c, kind="physical", title="超过保质期的面包", upload=None, acting_user=officer_a,
                 collected_on=D(2026, 9, 10))
    return actions.close_investigation(c, facts="经查，" + FACTS, on_date=D(2026, 9, 20), acting_user=officer_a)


def docx_text(doc: Document) -> str:
    from docx import Document as open_docx

    opened = open_docx(io.BytesIO(doc.docx.read()))
    cells = [c.text for t in opened.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in opened.paragraphs] + cells)


def test_the_notice_and_decision_say_the_found_facts_dated_periods_and_chosen_articles(
        agency_a, penalty_power, crew_a, officer_a, head_a, food_law):
    c = investigated(agency_a, penalty_power, crew_a, officer_a, head_a)
    c = actions.review_case(c, opinion="事实清楚。", proposed_types=["fine"], proposed_fine=Decimal("50000"),
                            serious=False, on_date=D(2026, 9, 21), acting_user=head_a,
                            violated_provisions=[food_law[34]], penalty_provisions=[food_law[124]])
    # Stored on the case with the version in force when the act ended (APL 37).
    assert [p["label"] for p in c.provisions["violated"]] == ["《中华人民共和国食品安全法》第三十四条"]
    [basis] = c.provisions["penalty"]
    assert (basis["id"], basis["version_id"], basis["effective_from"]) == (food_law[124].pk, food_law["v124"].pk,
                                                                           "2021-04-29")
    c = actions.notify_case(c, notified_on=D(2026, 9, 22), acting_user=officer_a)
    notice = docx_text(document_actions.generate_document(c, "prior_notice", acting_user=officer_a))
    assert f"经查，{FACTS}" in notice
    assert "群众举报" not in notice  # not the lead's source text
    # 3 working days from 09-22: 09-23, 09-24, (09-25 Mid-Autumn Festival), 09-28 (the rule's own count).
    assert "收到本告知书之日起三个工作日内（至2026年9月28日）提出" in notice
    assert "逾期（2026年9月28日后）未提出的，视为放弃上述权利" in notice
    assert "违反了《中华人民共和国食品安全法》第三十四条的规定" in notice
    assert "依据《中华人民共和国食品安全法》第一百二十四条的规定" in notice
    assert "第三十五条" not in notice
    assert "第一百二十二条" not in notice

    c = actions.waive_rights(c, on_date=D(2026, 9, 23), acting_user=officer_a)
    # Art. 124 has a benchmark (APL 34): assessed before the decision, under the row for the articles
    # the case cites (corrected, slight harm: 从轻).
    c = assess(c, officer_a, benchmark="food.pathogen_exceeded", harm="slight", corrected=True)
    c = actions.decide_case(c, outcome="penalty", decided_types=["fine"], decided_fine=Decimal("50000"),
                            decided_on=D(2026, 9, 29), reasons="依据食品安全法第一百二十四条。", acting_user=head_a)
    c = actions.serve_decision(c, served_on=D(2026, 9, 30), method="direct", acting_user=officer_a)
    decision = docx_text(document_actions.generate_document(c, "penalty_decision", acting_user=officer_a))
    assert f"经查，{FACTS}" in decision
    assert "自收到本决定书之日起十五日内（至2026年10月15日）" in decision
    assert "六十日内（至2026年11月30日）向" in decision  # 60 days from 09-30 = 11-29, a Sunday: rolled over
    assert "六个月内（至2027年3月30日）依法向" in decision
    assert "第三十四条" in decision
    assert "第三十五条" not in decision
    receipt = docx_text(document_actions.generate_document(c, "service_receipt", acting_user=officer_a))
    assert "缴纳罚款：至2026年10月15日" in receipt
    assert "申请行政复议：至2026年11月30日" in receipt


def test_without_a_choice_the_review_cites_the_power_items_provisions(agency_a, penalty_power, crew_a, officer_a,
                                                                        head_a, food_law):
    c = investigated(agency_a, penalty_power, crew_a, officer_a, head_a)
    assert context_for_case(c)["facts"] == FACTS
    web = client_for(head_a)
    page = web.get(f"/cases/{c.pk}/").content.decode()
    # The review form offers the power item's provisions, all ticked at first (editable).
    for provision in (food_law[34], food_law[35]):
        assert f'name="violated_provisions" value="{provision.pk}"' in page
    assert f'value="{food_law["other"].pk}"' not in page
    assert "《中华人民共和国食品安全法》第一百二十四条" in page
    answer = web.post(f"/cases/{c.pk}/steps/review/", {
        "version": c.version, "opinion": "事实清楚。", "proposed_types": ["fine"], "proposed_fine": "5000",
        "on_date": "2026-09-21"})  # nothing ticked: the power item's provisions
    assert answer.status_code == 302, answer.content.decode()
    c.refresh_from_db()
    ctx = context_for_case(c)
    assert ctx["violated_provisions"] == ["《中华人民共和国食品安全法》第三十四条", "《中华人民共和国食品安全法》第三十五条"]
    assert ctx["penalty_provisions"] == ["《中华人民共和国食品安全法》第一百二十二条",
                                         "《中华人民共和国食品安全法》第一百二十四条"]


def test_a_provision_not_of_the_power_item_is_refused_and_nothing_changes(agency_a, penalty_power, crew_a, officer_a,
                                                                            head_a, food_law):
    c = investigated(agency_a, penalty_power, crew_a, officer_a, head_a)
    body: dict[str, Any] = {"opinion": "事实清楚。", "proposed_types": ["fine"], "proposed_fine": "5000",
                            "serious": False, "on_date": "2026-09-21", "version": c.version}
    api = client_for(head_a)
    for wrong in ({"violated_provisions": [food_law["other"].pk]},
                  {"violated_provisions": [food_law[124].pk]},  # a 罚则 offered as the 违则
                  {"penalty_provisions": [food_law[34].pk, 999_999]}):
        with assert_unchanged():
            answer = api.post(f"/api/cases/{c.pk}/steps/review", data=json.dumps(body | wrong),
                              content_type="application/json")
        assert answer.status_code == 400, answer.content
        assert answer.json()["field"] == next(iter(wrong))
    with assert_unchanged(), pytest.raises(ActionError, match="不是本案职权事项的违则"):
        actions.review_case(c, opinion="事实清楚。", proposed_types=["fine"], proposed_fine=Decimal("5000"),
                            serious=False, on_date=D(2026, 9, 21), acting_user=head_a,
                            violated_provisions=[food_law["other"]])
    # The API takes a valid choice and shows it on the case.
    done = api.post(f"/api/cases/{c.pk}/steps/review", content_type="application/json",
                    data=json.dumps(body | {"violated_provisions": [food_law[35].pk],
                                            "penalty_provisions": [food_law[122].pk]}))
    assert done.status_code == 200, done.content
    assert [p["id"] for p in done.json()["provisions"]["violated"]] == [food_law[35].pk]


def test_the_preview_takes_no_number(agency_a, penalty_power, crew_a, officer_a, head_a, food_law):
    c = investigated(agency_a, penalty_power, crew_a, officer_a, head_a)
    c = actions.review_case(c, opinion="事实清楚。", proposed_types=["fine"], proposed_fine=Decimal("5000"),
                            serious=False, on_date=D(2026, 9, 21), acting_user=head_a,
                            violated_provisions=[food_law[34]], penalty_provisions=[food_law[124]])
    c = actions.notify_case(c, notified_on=D(2026, 9, 22), acting_user=officer_a)
    web = client_for(officer_a)
    url = f"/cases/{c.pk}/documents/prior_notice/preview/"
    counters = lambda: list(DocumentCounter.objects.values_list("kind__code", "year", "last"))  # noqa: E731
    for _ in range(2):
        with assert_unchanged(counters):
            page = web.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "（预览，未编号）" in html
        assert f"经查，{FACTS}" in html
        assert "至2026年9月28日" in html
        assert "script-src" not in page["Content-Security-Policy"]
        assert "default-src 'none'" in page["Content-Security-Policy"]
    assert web.post(url).status_code == 405
    with assert_unchanged():
        assert client_for(crew_a["reviewer_login"]).get(url).status_code == 403  # not on the case
    made = web.post(f"/cases/{c.pk}/documents/prior_notice/")
    assert made.status_code == 302
    assert Document.objects.get(case=c, kind__code="prior_notice").serial == 1  # no gap after the previews


def test_counts_in_words():
    assert [zh_count(n) for n in (3, 5, 10, 15, 20, 60, 99)] == ["三", "五", "十", "十五", "二十", "六十", "九十九"]

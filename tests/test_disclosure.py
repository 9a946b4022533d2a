"""The publication lifecycle (issue 11 item 2): the draft made from the served decision by the
workflow core's on-commit hook, masking, the 7-working-day deadline and its overdue flag,
release (head only), withdrawal (410 with the explanation), take-down after the term by the
scheduled task, and the bigram search."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django_q.models import Schedule

from tests.conftest import client_for
from tests.disclosure_helpers import DECIDED, PARTY_ADDRESS, PARTY_ID, PARTY_PHONE, released, spot_fine
from tests.helpers import assert_unchanged
from tests.test_case_gates import Flow
from yifa.audit.chain import verify
from yifa.audit.models import AuditEvent
from yifa.cases import actions as case_actions
from yifa.disclosure import actions, search
from yifa.disclosure.access import public_records
from yifa.disclosure.models import Publication, PublicationStatus, PublicationStep
from yifa.disclosure.procedure import PUBLIC_CHAIN
from yifa.lib.errors import ActionError, Forbidden, NotFound

pytestmark = pytest.mark.django_db
D = dt.date
NOW = dt.datetime(2026, 10, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def spot(agency_a, penalty_power, crew_a, officer_a):
    return spot_fine(agency_a, penalty_power, crew_a, officer_a)


def test_serving_a_decision_drafts_its_public_record_on_commit(agency_a, penalty_power, crew_a, officer_a, head_a,
                                                                django_capture_on_commit_callbacks):
    flow = Flow(agency_a, penalty_power, crew_a, officer_a, head_a, crew_a["reviewer_login"])
    case = flow.decided_small()
    assert not Publication.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        case = case_actions.serve_decision(case, served_on=D(2026, 9, 30), method="direct", acting_user=officer_a)
    pub = Publication.objects.get()
    assert (pub.kind, pub.source_id, pub.status) == ("penalty", case.pk, PublicationStatus.DRAFT)
    # From the case's own data: number, party (an organisation: name and credit code), result, basis.
    assert pub.document_number == case.decision_number
    assert pub.document_number
    assert (pub.party_name, pub.party_code) == (case.party_name, case.party_code)
    assert pub.result == "罚款40,000.00元"
    assert "第一百三十三条" in pub.legal_basis
    assert case.party_address not in pub.search_text
    assert PublicationStep.objects.get(publication=pub).step == "draft"
    # 7 working days from the decision of 09-29 (National Day 10-01..07 is not counted; 10-10 is a make-up day).
    assert pub.publish_due == D(2026, 10, 14)
    # Served again (a second commit of the same hook): still one record.
    case_actions_hook = actions.draft_from_case(case, acting_user=officer_a)
    assert case_actions_hook.pk == pub.pk
    assert Publication.objects.count() == 1


def test_a_step_that_rolls_back_drafts_nothing(agency_a, penalty_power, crew_a, officer_a, head_a,
                                               django_capture_on_commit_callbacks):
    flow = Flow(agency_a, penalty_power, crew_a, officer_a, head_a, crew_a["reviewer_login"])
    case = flow.decided_small()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionError):
        case_actions.serve_decision(case, served_on=D(2026, 9, 1), method="direct", acting_user=officer_a)
    assert not Publication.objects.exists()


def test_an_individual_is_masked_everywhere(spot, officer_a):
    pub = actions.draft_from_case(spot, acting_user=officer_a)
    assert pub.party_name == "张**"
    assert pub.party_code == ""
    assert pub.party_is_person
    for text in (pub.title, pub.facts, pub.result, pub.search_text):
        assert PARTY_ID not in text
        assert PARTY_PHONE not in text
        assert PARTY_ADDRESS not in text
        assert "张三丰" not in text
    assert pub.title == "张**占道经营案"
    assert "[已隐去]" in pub.facts


def test_only_the_agency_staff_draft_and_only_a_head_releases(spot, officer_a, officer_b, head_a):
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.draft_from_case(spot, acting_user=officer_b)
    pub = actions.draft_from_case(spot, acting_user=officer_a)
    with assert_unchanged(), pytest.raises(Forbidden) as info:
        actions.release(pub, released_on=D(2026, 9, 30), acting_user=officer_a)
    assert "国办发〔2018〕118号" in info.value.zh
    with assert_unchanged(), pytest.raises(NotFound):
        actions.release(pub, released_on=D(2026, 9, 30), acting_user=officer_b)
    with assert_unchanged(), pytest.raises(ActionError):
        actions.release(pub, released_on=D(2026, 9, 1), acting_user=head_a)  # before the decision
    pub = actions.release(pub, released_on=D(2026, 9, 30), acting_user=head_a)
    assert pub.status == PublicationStatus.RELEASED
    assert len(pub.released_hash) == 64
    # A natural person's record stays up 2 years from the decision (the parameter).
    assert pub.take_down_on == D(2028, 9, 28)


def test_release_and_withdrawal_go_to_the_public_chain(spot, officer_a, head_a):
    pub = released(spot, officer_a, head_a)
    event = AuditEvent.objects.get(chain=PUBLIC_CHAIN)
    assert event.action == "publication.release"
    assert event.after["released_hash"] == pub.released_hash
    assert PARTY_ID not in event.payload
    assert "张三丰" not in event.payload
    assert AuditEvent.objects.filter(chain=f"agency:{pub.agency_id}", action="publication.draft").count() == 1
    assert verify().ok


def test_overdue_drafts_are_flagged(spot, officer_a, head_a):
    pub = actions.draft_from_case(spot, acting_user=officer_a)
    assert pub.publish_due == D(2026, 10, 13)  # 7 working days from 09-28 across National Day
    assert list(actions.overdue(D(2026, 10, 13))) == []
    assert list(actions.due_soon(D(2026, 10, 12))) == [pub]
    assert list(actions.due_soon(D(2026, 10, 9))) == []
    assert list(actions.overdue(D(2026, 10, 14))) == [pub]
    actions.release(pub, released_on=D(2026, 10, 9), acting_user=head_a)
    assert list(actions.overdue(D(2026, 10, 14))) == []


def test_withdrawn_record_answers_410_with_its_explanation(spot, officer_a, head_a):
    pub = released(spot, officer_a, head_a)
    assert Client().get(f"/portal/decisions/{pub.pk}/").status_code == 200
    with assert_unchanged(), pytest.raises(ActionError):
        actions.withdraw(pub, reason="revoked", changed_on=D(2026, 9, 1), withdrawn_on=D(2026, 10, 9),
                         explanation="复议撤销", acting_user=head_a)
    pub = actions.withdraw(pub, reason="revoked", changed_on=D(2026, 10, 8), withdrawn_on=D(2026, 10, 9),
                           explanation="该决定已被县人民政府行政复议决定撤销。", acting_user=head_a)
    assert pub.withdraw_due == D(2026, 10, 12)  # 3 working days (10-10 is a make-up working day)
    response = Client().get(f"/portal/decisions/{pub.pk}/")
    assert response.status_code == 410
    assert "该决定已被县人民政府行政复议决定撤销。" in response.content.decode()
    api = Client().get(f"/open/decisions/{pub.pk}")
    assert api.status_code == 410
    assert api.json()["explanation"].startswith("该决定已被")
    assert not public_records().exists()


def test_the_scheduled_task_takes_records_down_after_their_term(spot, officer_a, head_a, agency_a, penalty_power,
                                                                 crew_a):
    person = released(spot, officer_a, head_a)
    assert Schedule.objects.filter(func="yifa.disclosure.tasks.take_down").exists()
    from yifa.disclosure.tasks import take_down

    assert take_down() == "0 taken down, 0 withdrawn"
    with time_machine.travel(dt.datetime(2028, 9, 28, 1, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        assert take_down() == "1 taken down, 0 withdrawn"
        assert take_down() == "0 taken down, 0 withdrawn"  # run twice: nothing more
    person.refresh_from_db()
    assert person.status == PublicationStatus.TAKEN_DOWN
    assert person.taken_down_on == D(2028, 9, 28)
    assert Client().get(f"/portal/decisions/{person.pk}/").status_code == 410
    assert PublicationStep.objects.filter(publication=person, step="take_down", actor=None).count() == 1


def test_an_organisation_stays_up_five_years(agency_a, penalty_power, crew_a, officer_a, head_a):
    case = spot_fine(agency_a, penalty_power, crew_a, officer_a, party_kind="organisation",
                     party_name="浦江县某某食品店", party_code="92330726MA2ABCDE1B")
    pub = released(case, officer_a, head_a)
    assert pub.take_down_on == D(2031, 9, 28)
    assert pub.party_name == "浦江县某某食品店"
    assert pub.party_code == "92330726MA2ABCDE1B"


def test_search_finds_chinese_substrings_through_the_bigram_index(agency_a, penalty_power, crew_a, officer_a, head_a):
    a = released(spot_fine(agency_a, penalty_power, crew_a, officer_a, party_kind="organisation",
                           party_name="浦江县某某食品店", party_code="92330726MA2ABCDE1B"), officer_a, head_a)
    b = released(spot_fine(agency_a, penalty_power, crew_a, officer_a), officer_a, head_a)
    everything = public_records()
    assert set(search.matching(everything, "食品店")) == {a}
    assert set(search.matching(everything, "某食品")) == {a}
    assert set(search.matching(everything, "占道经营")) == {a, b}
    assert set(search.matching(everything, "92330726ma2abcde1b")) == {a}  # any case
    assert set(search.matching(everything, "店")) == {a}
    assert set(search.matching(everything, "食")) == {a, b}  # the legal basis: 食品安全法
    assert set(search.matching(everything, "经营 食品店")) == {a}
    assert not search.matching(everything, "占道占道").exists()  # both bigrams indexed, the string is not there
    assert not search.matching(everything.filter(pk=b.pk), "张三丰").exists()  # the masked name is not searchable
    assert search.query_tokens("占道经营") == ["占道", "经营", "道经"]


def test_draft_refuses_an_unserved_or_unpunished_case(agency_a, penalty_power, crew_a, officer_a, head_a):
    flow = Flow(agency_a, penalty_power, crew_a, officer_a, head_a, crew_a["reviewer_login"])
    case = flow.decided_small()
    with assert_unchanged(), pytest.raises(ActionError) as info:
        actions.draft_from_case(case, acting_user=officer_a)
    assert "第四十八条" in info.value.zh


def test_rules_are_data_with_their_citation():
    from yifa.workcal.calendar import rule_on
    from yifa.workcal.parameters import parameter_row

    assert rule_on("DISCLOSURE_PUBLISH", DECIDED).count == 7
    assert rule_on("DISCLOSURE_WITHDRAW", DECIDED).count == 3
    assert "国办发〔2018〕118号" in rule_on("DISCLOSURE_PUBLISH", DECIDED).citation
    assert parameter_row("DISCLOSURE_TERM_ORG", DECIDED).value == 5
    assert parameter_row("DISCLOSURE_TERM_PERSON", DECIDED).value == 2


def test_makemigrations_is_clean():
    call_command("makemigrations", "disclosure", "--check", "--dry-run", verbosity=0)


def test_the_agency_reviews_and_releases_through_its_pages(spot, officer_a, head_a, officer_b, citizen):
    from tests.conftest import client_for

    pub = actions.draft_from_case(spot, acting_user=officer_a)
    head = client_for(head_a)
    listing = head.get("/disclosure/").content.decode()
    assert pub.title in listing
    assert client_for(officer_b).get(f"/disclosure/{pub.pk}/").status_code == 404
    assert client_for(citizen).get("/disclosure/").status_code == 403
    page = head.get(f"/disclosure/{pub.pk}/").content.decode()
    assert "/steps/release/" in page
    with assert_unchanged():  # an officer may see it but not release it
        assert client_for(officer_a).post(f"/disclosure/{pub.pk}/steps/release/",
                                          {"version": 0, "released_on": "2026-10-09"}).status_code == 403
    response = head.post(f"/disclosure/{pub.pk}/steps/release/", {"version": 0, "released_on": "2026-10-09"})
    assert response.status_code == 302
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.RELEASED
    assert pub.released_on == D(2026, 10, 9)
    crew = {"lead": spot.assignments.order_by("id").first().officer,
            "colleague": spot.assignments.order_by("id").last().officer}
    late = actions.draft_from_case(spot_fine(spot.agency, spot.power, crew, officer_a), acting_user=officer_a)
    assert "逾期" not in head.get("/disclosure/").content.decode()
    with time_machine.travel(dt.datetime(2026, 10, 14, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        assert "逾期" in head.get("/disclosure/").content.decode()  # 7 working days from 09-28 ended 10-13
        assert "已超过公示期限" in head.get(f"/disclosure/{late.pk}/").content.decode()


def test_a_revoked_decision_is_withdrawn_and_answers_410(spot, officer_a, head_a, django_capture_on_commit_callbacks):
    """The case's `revoke` step (the head, through the API) withdraws the released record on commit;
    refused revocations change nothing."""
    pub = released(spot, officer_a, head_a)
    url = f"/api/cases/{spot.pk}/steps/revoke"
    body = {"change": "revoked", "changed_on": "2026-10-08", "basis": "浦江县人民政府浦政复决〔2026〕3号",
            "reasons": "事实认定不清，复议决定撤销。", "explanation": "该处罚决定已被行政复议决定撤销。",
            "version": spot.version}
    with assert_unchanged():
        assert client_for(officer_a).post(url, body, content_type="application/json").status_code == 403
        early = client_for(head_a).post(url, body | {"changed_on": "2026-09-01"}, content_type="application/json")
        assert early.status_code == 400
        assert client_for(head_a).post(url, body | {"explanation": " "},
                                       content_type="application/json").status_code == 400
    assert Publication.objects.get().status == PublicationStatus.RELEASED
    with django_capture_on_commit_callbacks(execute=True):
        done = client_for(head_a).post(url, body, content_type="application/json")
    assert done.status_code == 200, done.content
    pub.refresh_from_db()
    assert (pub.status, pub.withdraw_reason, pub.changed_on, pub.withdrawn_on) == (
        PublicationStatus.WITHDRAWN, "revoked", D(2026, 10, 8), D(2026, 10, 9))
    assert pub.withdraw_due == D(2026, 10, 12)
    response = Client().get(f"/portal/decisions/{pub.pk}/")
    assert response.status_code == 410
    assert "该处罚决定已被行政复议决定撤销。" in response.content.decode()
    # Recorded once: a second revocation is refused.
    again = client_for(head_a).post(url, body | {"version": done.json()["version"]}, content_type="application/json")
    assert again.status_code == 400


def test_a_revoked_record_left_up_is_flagged_and_swept(spot, officer_a, head_a):
    """The receiver did not run (no commit here): the record is overdue, and the daily task withdraws it."""
    from yifa.disclosure.tasks import take_down

    pub = released(spot, officer_a, head_a)
    case_actions.revoke_decision(spot, change="voided", changed_on=D(2026, 10, 9), basis="本机关纠错决定",
                                 reasons="主体不适格。", explanation="该决定已被确认无效。", acting_user=head_a)
    assert list(actions.overdue(D(2026, 10, 9))) == [pub]
    assert take_down() == "0 taken down, 1 withdrawn"
    pub.refresh_from_db()
    assert (pub.status, pub.withdraw_reason, pub.explanation) == (PublicationStatus.WITHDRAWN, "voided", "该决定已被确认无效。")
    assert list(actions.overdue(D(2026, 10, 9))) == []

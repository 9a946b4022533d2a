"""The remedy and inquiry pages (issue 12 item 8): a decided case's 行政复议/行政诉讼 panel records a
remedy and its outcome (the head, the legal staff, the finance staff of the case's agency, the
county legal office), shows its effect — the surcharge paused from–to, whether it counts in the
reversal rate — and the remedies list (county-wide for the legal office, per agency for its staff);
the fault inquiry's forms pick officers (prefilled from the case's record, pinyin searchable) and
fault types, and decide by one select per person. Every refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.conftest import client_for, make_officer, make_user
from tests.helpers import assert_unchanged
from tests.ledger import served_case
from tests.test_licensing import SHANGHAI
from yifa.accountability import actions
from yifa.accountability.models import Inquiry, Remedy, Responsible
from yifa.fines import actions as fines
from yifa.fines.models import LedgerPause

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def served(agency_a, penalty_power, crew_a, officer_a, head_a):
    return served_case(agency_a, penalty_power, crew_a, officer_a, head_a)


REMEDY = {"remedy-kind": "reconsideration", "remedy-body": "浦江县人民政府", "remedy-filed_on": "2026-10-09",
          "remedy-accepted_on": "2026-10-12"}


def test_the_case_page_records_a_remedy_and_its_outcome_and_shows_the_effect(served, agency_a, head_a, officer_a,
                                                                             officer_b, supervisor, citizen, crew_a):
    finance = make_user("finance_a", "finance", agency=agency_a)
    notice = fines.issue_notice(served, acting_user=finance)
    url = f"/accountability/cases/{served.pk}/remedies/"
    page = client_for(head_a).get(f"/cases/{served.pk}/").content.decode()
    assert 'data-testid="remedy-panel"' in page
    assert 'data-testid="remedy-form"' in page
    officer_page = client_for(officer_a).get(f"/cases/{served.pk}/").content.decode()
    assert 'data-testid="remedy-panel"' in officer_page
    assert 'data-testid="remedy-form"' not in officer_page
    # Refused: an officer (403), another agency (404, as for a missing case), the public (403);
    # bad input (400) and a refusal of the action (400) — nothing changes.
    with assert_unchanged():
        assert client_for(officer_a).post(url, REMEDY).status_code == 403
        assert client_for(officer_b).post(url, REMEDY).status_code == 404
        assert client_for(citizen).post(url, REMEDY).status_code == 403
        assert client_for(head_a).post(url, REMEDY | {"remedy-body": ""}).status_code == 400
        refused = client_for(head_a).post(url, REMEDY | {"remedy-accepted_on": "2026-10-01"})
        assert refused.status_code == 400
        assert "受理日期早于申请日期" in refused.content.decode()
    # The agency's legal staff records it: the surcharge is paused from the day it was accepted.
    done = client_for(crew_a["reviewer_login"]).post(url, REMEDY)
    assert done.status_code == 302
    assert done["Location"] == f"/cases/{served.pk}/#remedies"
    remedy = Remedy.objects.get()
    pause = LedgerPause.objects.get(notice=notice)
    assert (remedy.kind, remedy.pause_id, pause.started_on, pause.ended_on) == ("reconsideration", pause.pk,
                                                                              D(2026, 10, 12), None)
    page = client_for(head_a).get(f"/cases/{served.pk}/").content.decode()
    assert "2026-10-12 – 审结时止" in page
    assert "审结后计入" in page
    assert 'data-testid="remedy-form"' not in page  # one pending at a time
    # The outcome: refused to an officer and another agency; recorded by the county legal office.
    out = f"/accountability/remedies/{remedy.pk}/outcome/"
    outcome = {f"outcome-{remedy.pk}-outcome": "revoked", f"outcome-{remedy.pk}-concluded_on": "2026-11-20",
               f"outcome-{remedy.pk}-document_no": "浦政复决〔2026〕12号"}
    with assert_unchanged():
        assert client_for(officer_a).post(out, outcome).status_code == 403
        assert client_for(officer_b).post(out, outcome).status_code == 404
        assert client_for(supervisor).post(out, outcome | {f"outcome-{remedy.pk}-outcome": "pending"}).status_code == 400
    assert client_for(supervisor).post(out, outcome).status_code == 302
    remedy.refresh_from_db()
    pause.refresh_from_db()
    assert (remedy.outcome, remedy.concluded_on, pause.ended_on) == ("revoked", D(2026, 11, 20), D(2026, 11, 20))
    page = client_for(officer_a).get(f"/cases/{served.pk}/").content.decode()
    assert "2026-10-12 – 2026-11-20" in page
    assert "计入纠错（败诉）" in page
    assert "浦政复决〔2026〕12号" in page


def test_the_remedies_list_is_county_wide_for_the_legal_office_and_scoped_for_agencies(served, agency_a, head_a,
                                                                                       officer_b, supervisor):
    remedy = actions.record_remedy(served, kind="lawsuit", body="浦江县人民法院", filed_on=D(2026, 10, 9),
                                   accepted_on=D(2026, 10, 10), acting_user=supervisor)
    actions.record_outcome(remedy, outcome="upheld", concluded_on=D(2026, 11, 2), document_no="（2026）浙0726行初1号",
                           acting_user=head_a)
    for user in (supervisor, head_a):
        page = client_for(user).get("/accountability/remedies/")
        assert page.status_code == 200
        html = page.content.decode()
        assert f'data-remedy="{remedy.pk}"' in html
        assert "维持，不计入纠错" in html
        assert 'data-testid="reversal-rates"' in html
        assert "0.0%" in html
    assert f'data-remedy="{remedy.pk}"' not in client_for(supervisor).get(
        "/accountability/remedies/?outcome=revoked").content.decode()
    other = client_for(officer_b).get("/accountability/remedies/").content.decode()
    assert f'data-remedy="{remedy.pk}"' not in other
    assert 'data-testid="reversal-rates"' not in other
    assert 'href="/accountability/remedies/"' in client_for(supervisor).get("/accountability/").content.decode()
    assert 'href="/accountability/remedies/"' in client_for(supervisor).get("/supervision/").content.decode()


def test_the_inquiry_picks_officers_prefilled_from_the_record_and_decides_by_select(served, supervisor, head_a,
                                                                                     crew_a, agency_b, agency_a):
    inquiry = actions.open_inquiry(source_type="cases.Case", source_id=served.pk, summary="案件主要证据不足",
                                   acting_user=supervisor)
    lead, colleague, chair = crew_a["lead"], crew_a["colleague"], crew_a["chair"]
    html = client_for(supervisor).get(f"/accountability/inquiries/{inquiry.pk}/").content.decode()
    # The picker: every officer of the agency, pinyin-searchable; those the record names are checked.
    assert f'name="officers" value="{lead.pk}"' in html
    assert 'data-pinyin=' in html
    checked = {o.pk for o in (lead, colleague)}
    for officer in (lead, colleague, chair):
        tag = html[html.index(f'name="officers" value="{officer.pk}"') - 200:html.index(
            f'name="officers" value="{officer.pk}"') + 200]
        assert ("checked" in tag) == (officer.pk in checked), officer.name
    approver = Responsible.objects.get(inquiry=inquiry, part="approver")
    assert f'name="responsible" value="{approver.pk}"' in html  # the head's login: not an officer
    assert 'name="faults" value="evidence"' in html  # the catalogue
    stranger = make_officer(agency_b, "赵六", 21)
    form = {"version": inquiry.version, "officers": [str(lead.pk), str(chair.pk)], "responsible": [str(approver.pk)],
            "faults": ["evidence"], "findings": "调查取证不充分，审批把关不严。"}
    url = f"/accountability/inquiries/{inquiry.pk}/steps/propose/"
    with assert_unchanged():
        assert client_for(supervisor).post(url, form | {"officers": [str(stranger.pk)]}).status_code == 400
        assert client_for(supervisor).post(url, form | {"faults": ["no_such"]}).status_code == 400
        assert client_for(head_a).post(url, form).status_code == 403
    assert client_for(supervisor).post(url, form).status_code == 302
    confirmed = {(r.name, r.part) for r in Responsible.objects.filter(inquiry=inquiry, confirmed=True)}
    assert confirmed == {("王建国", "handling"), ("孙志强", "other"), ("head_a", "approver")}
    # The decision: one select per confirmed person, sanctions and exemptions from the catalogue.
    inquiry = Inquiry.objects.get()
    people = {r.name: r for r in Responsible.objects.filter(inquiry=inquiry, confirmed=True)}
    html = client_for(supervisor).get(f"/accountability/inquiries/{inquiry.pk}/").content.decode()
    for r in people.values():
        assert f'name="person-{r.pk}"' in html
    assert "<optgroup" in html
    decide = f"/accountability/inquiries/{inquiry.pk}/steps/decide/"
    choice = {"version": inquiry.version, "decided_on": "2026-12-01", f"person-{people['王建国'].pk}": "criticism",
              f"person-{people['孙志强'].pk}": "criticism"}
    with assert_unchanged():
        assert client_for(supervisor).post(decide, choice).status_code == 400  # the head has none
    choice[f"person-{people['head_a'].pk}"] = "criticism"
    assert client_for(supervisor).post(decide, choice).status_code == 302
    assert set(Responsible.objects.filter(inquiry=inquiry, confirmed=True).values_list("sanction", flat=True)) == {
        "criticism"}

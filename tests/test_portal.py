"""The public portal and open data (issue 11 items 1, 3, 6): pages without login, search,
decision pages, statistics, cacheable answers without a database write, the JSON API, the CSV
export and the offline check of a record against the signed roots (docs/verify_record.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.disclosure_helpers import PARTY_ID, PARTY_PHONE, released, spot_fine
from yifa.audit.chain import seal
from yifa.disclosure import actions

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
VERIFY = Path(__file__).resolve().parent.parent / "docs" / "verify_record.py"
ORG = {"party_kind": "organisation", "party_name": "浦江县某某食品店", "party_code": "92330726MA2ABCDE1B"}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def published(agency_a, penalty_power, crew_a, officer_a, head_a):
    person = released(spot_fine(agency_a, penalty_power, crew_a, officer_a), officer_a, head_a)
    org = released(spot_fine(agency_a, penalty_power, crew_a, officer_a, **ORG), officer_a, head_a)
    return {"person": person, "org": org}


def text(response) -> str:
    return response.content.decode()


def test_the_portal_needs_no_login_and_writes_nothing(published):
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        for url in ("/portal/", "/portal/decisions/", f"/portal/decisions/{published['org'].pk}/",
                    "/portal/agencies/", "/open/decisions"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert not response.cookies, (url, response.cookies)  # no session, no CSRF cookie
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert not Session.objects.exists()


def test_public_answers_are_cacheable_with_etag_and_304(published, officer_a):
    client = Client()
    first = client.get("/portal/decisions/")
    assert "public" in first["Cache-Control"]
    assert "max-age=300" in first["Cache-Control"]
    assert "no-store" not in first["Cache-Control"]
    again = client.get("/portal/decisions/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    api = client.get("/open/decisions")
    assert client.get("/open/decisions", HTTP_IF_NONE_MATCH=api["ETag"]).status_code == 304
    # Signed in, the portal is still public data; internal pages keep no-store.
    signed_in = client_for(officer_a)
    assert "public" in signed_in.get("/portal/")["Cache-Control"]
    assert "no-store" in signed_in.get("/cases/")["Cache-Control"]


def test_search_by_chinese_substring_party_code_agency_kind_and_dates(published, agency_b):
    client, org, person = Client(), published["org"], published["person"]

    def found(**params) -> set[int]:
        page = text(client.get("/portal/decisions/", params))
        return {pk for pk in (org.pk, person.pk) if f'/portal/decisions/{pk}/"' in page}

    assert found() == {org.pk, person.pk}
    assert found(q="食品店") == {org.pk}
    assert found(q="占道经营") == {org.pk, person.pk}
    assert found(party="92330726MA2ABCDE1B") == {org.pk}
    assert found(party="某某食品") == {org.pk}
    assert found(agency=agency_b.pk) == set()
    assert found(kind="licence") == set()
    assert found(kind="penalty") == {org.pk, person.pk}
    assert found(decided_from="2026-09-29") == set()
    assert found(decided_to="2026-09-28") == {org.pk, person.pk}
    assert found(q="张三丰") == set()  # the individual's full name is not published
    assert found(decided_from="nonsense", page="x") == {org.pk, person.pk}  # a bad filter is ignored
    # words and filters together (the walk from the rarest token checks each candidate for all of them)
    assert found(q="占道经营", party="某某食品") == {org.pk}
    assert found(q="占道经营", agency=agency_b.pk) == set()
    assert found(q="占道经营", decided_from="2026-09-29") == set()
    assert found(q="占道经营", kind="penalty", decided_to="2026-09-28") == {org.pk, person.pk}
    assert found(q="占道 经营") == {org.pk, person.pk}
    api = client.get("/open/decisions", {"q": "占道经营", "page_size": 1}).json()
    assert (len(api["items"]), api["has_next"]) == (1, True)
    assert client.get("/open/decisions", {"q": "占道经营", "page_size": 1, "page": 2}).json()["has_next"] is False


def test_decision_page_shows_the_published_fields_and_masks_the_person(published):
    page = text(Client().get(f"/portal/decisions/{published['person'].pk}/"))
    assert "张**" in page
    assert "张三丰" not in page
    assert PARTY_ID not in page
    assert PARTY_PHONE not in page
    assert "《中华人民共和国食品安全法》第一百三十三条" in page
    assert published["person"].released_hash in page
    org_page = text(Client().get(f"/portal/decisions/{published['org'].pk}/"))
    assert "92330726MA2ABCDE1B" in org_page


def test_a_draft_is_not_public(agency_a, penalty_power, crew_a, officer_a):
    draft = actions.draft_from_case(spot_fine(agency_a, penalty_power, crew_a, officer_a), acting_user=officer_a)
    assert Client().get(f"/portal/decisions/{draft.pk}/").status_code == 404
    assert Client().get(f"/open/decisions/{draft.pk}").status_code == 404
    assert draft.pk not in [r["id"] for r in Client().get("/open/decisions").json()["items"]]


def test_english_is_one_link_away(published):
    page = text(Client().get("/portal/?lang=en"))
    assert '<html lang="en"' in page
    assert "Public disclosure" in page
    assert '<html lang="zh-hans"' in text(Client().get("/portal/"))


def test_agency_page_lists_powers_bases_and_officers_without_id_numbers(published, agency_a, crew_a, penalty_power):
    page = text(Client().get(f"/portal/agencies/{agency_a.pk}/"))
    assert penalty_power.name in page
    assert "第一百三十三条" in page
    lead = crew_a["lead"]
    assert lead.name in page
    assert lead.certificate_no in page
    assert lead.area in page
    assert lead.resident_id not in page
    assert agency_a.name in text(Client().get("/portal/agencies/"))
    assert Client().get("/portal/agencies/999999/").status_code == 404


def test_annual_statistics_are_computed_and_published_after_the_year(published, agency_a):
    assert Client().get(f"/portal/agencies/{agency_a.pk}/statistics/?year=2026").status_code == 404
    with time_machine.travel(dt.datetime(2027, 1, 5, 10, 0, tzinfo=SHANGHAI), tick=False):
        response = Client().get(f"/portal/agencies/{agency_a.pk}/statistics/?year=2026")
    assert response.status_code == 200
    page = text(response)
    assert "2027-01-31" in page  # due by 31 January
    assert response.context["stats"]["penalties"] == 2
    assert response.context["stats"]["fines"] == 200


def test_open_data_api_is_paged_filtered_and_documented(published):
    client = Client()
    body = client.get("/open/decisions", {"page_size": 1}).json()
    assert body["as_of"] == "2026-10-09"
    assert body["has_next"]
    assert len(body["items"]) == 1
    assert body["items"][0]["id"] == published["org"].pk  # newest first (same day: higher id)
    assert client.get("/open/decisions", {"page_size": 1, "page": 2}).json()["items"][0]["id"] == published["person"].pk
    assert [i["id"] for i in client.get("/open/decisions", {"q": "食品店"}).json()["items"]] == [published["org"].pk]
    assert client.get("/open/decisions", {"page_size": 1000}).status_code == 422
    detail = client.get(f"/open/decisions/{published['person'].pk}").json()
    assert detail["party_name"] == "张**"
    assert detail["party_code"] == ""
    assert "facts" in detail
    doc = client.get("/open/openapi.json").json()
    assert {"/open/decisions", "/open/decisions/{pk}"} <= set(doc["paths"])
    assert "410" in doc["paths"]["/open/decisions/{pk}"]["get"]["responses"]


def test_csv_export_streams_every_public_decision_with_its_as_of_date(published):
    response = Client().get("/portal/open-data/decisions.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["X-Data-As-Of"] == "2026-10-09"
    assert "2026-10-09" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == {published["org"].pk, published["person"].pk}
    assert all(r["as_of"] == "2026-10-09" for r in rows)
    assert PARTY_ID not in str(rows)
    assert "张三丰" not in str(rows)
    dictionary = text(Client().get("/portal/open-data/"))
    assert "party_code" in dictionary
    assert "/portal/open-data/decisions.csv" in dictionary


def _proof(pub) -> dict:
    return json.loads(Client().get(f"/portal/decisions/{pub.pk}/proof.json").content)


def _run_verify(tmp_path: Path, proof: dict, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof, ensure_ascii=False), encoding="utf-8")
    return subprocess.run([sys.executable, str(VERIFY), str(path), *extra], capture_output=True, text=True,
                          check=False)


def test_a_record_checks_offline_against_the_signed_roots(published, tmp_path):
    assert _proof(published["person"])["sealed"] is False  # not yet sealed
    seal()
    proof = _proof(published["person"])
    assert proof["sealed"]
    assert len(proof["events"]) == 2
    roots = tmp_path / "roots.jsonl"
    roots.write_bytes(b"".join(Client().get("/portal/roots/roots.jsonl").streaming_content))
    keyring = tmp_path / "keyring.json"
    keyring.write_bytes(Client().get("/portal/roots/keyring.json").content)
    ok = _run_verify(tmp_path, proof, "--roots", str(roots), "--keyring", str(keyring))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("OK")
    assert Client().get("/portal/roots/").status_code == 200

    altered = json.loads(json.dumps(proof))
    altered["record"]["result"] = "罚款1.00元"
    assert "altered" in _run_verify(tmp_path, altered).stdout
    rehashed = json.loads(json.dumps(altered))
    rehashed["record_hash"] = __import__("hashlib").sha256(
        json.dumps(rehashed["record"], sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
    assert "another content hash" in _run_verify(tmp_path, rehashed).stdout
    forged = json.loads(json.dumps(proof))
    forged["events"][1]["payload"] = forged["events"][1]["payload"].replace("released", "withdrawn")
    assert "altered" in _run_verify(tmp_path, forged).stdout
    other_roots = tmp_path / "other.jsonl"
    other_roots.write_text("")
    assert "not among the roots" in _run_verify(tmp_path, proof, "--roots", str(other_roots)).stdout


def test_csv_export_runs_the_same_queries_for_any_number_of_rows(published, agency_a, penalty_power, crew_a,
                                                                  officer_a, head_a):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            b"".join(Client().get("/portal/open-data/decisions.csv").streaming_content)
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(3):
        released(spot_fine(agency_a, penalty_power, crew_a, officer_a, **ORG), officer_a, head_a)
    assert queries() == few

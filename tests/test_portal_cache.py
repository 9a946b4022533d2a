"""The portal's page cache (yifa.lib.pagecache, kept by yifa.portal.middleware): a repeated search,
decision page or open data answer is served from memory with its ETag — never a stale one after
a release, withdrawal, take-down or agency change here, and another process's change shows
within pagecache.CHECK_EVERY."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.disclosure_helpers import released, spot_fine
from yifa.disclosure import actions
from yifa.disclosure.models import Publication, PublicationStatus, PublicationStep
from yifa.lib import pagecache

pytestmark = pytest.mark.django_db
ORG = {"party_kind": "organisation", "party_code": "92330726MA2ABCDE1B"}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def make(agency_a, penalty_power, crew_a, officer_a, head_a):
    def make(name: str) -> Publication:
        case = spot_fine(agency_a, penalty_power, crew_a, officer_a, party_name=name, **ORG)
        return released(case, officer_a, head_a)
    return make


def body(response: object) -> str:
    """The page's text, JSON's escapes undone."""
    raw = response.content.decode()  # type: ignore[attr-defined]
    return json.dumps(json.loads(raw), ensure_ascii=False) if raw.startswith("{") else raw


def queries_of(client: Client, url: str, **headers: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    return len(ctx.captured_queries), response


SEARCH = "/portal/decisions/?q=" + urllib.parse.quote("食品店")
URLS = ("/portal/decisions/", SEARCH, "/open/decisions", "/open/decisions?q=" + urllib.parse.quote("食品店"))


@pytest.mark.parametrize("url", URLS)
def test_a_repeated_request_is_answered_from_memory_with_the_same_etag(make, url):
    pub = make("浦江县甲乙食品店")
    client = Client()
    made_count, made = queries_of(client, url)
    kept_count, kept = queries_of(client, url)
    assert made.status_code == kept.status_code == 200
    assert kept.content == made.content
    assert kept["ETag"] == made["ETag"]
    assert "public" in kept["Cache-Control"]
    assert "max-age=300" in kept["Cache-Control"]
    assert "甲乙食品店" in body(kept)
    assert str(pub.pk) in body(kept)
    # at most the published data's version (re-read while the test's transaction is open)
    assert kept_count <= 1 < made_count
    not_modified_count, not_modified = queries_of(client, url, HTTP_IF_NONE_MATCH=made["ETag"])
    assert not_modified.status_code == 304
    assert not_modified_count <= 1
    assert not not_modified.cookies


def test_languages_and_queries_are_kept_apart(make):
    make("浦江县甲乙食品店")
    client = Client()
    chinese, english = client.get("/portal/decisions/"), client.get("/portal/decisions/?lang=en")
    assert chinese.content != english.content
    assert 'lang="en"' in body(english)
    assert client.get("/portal/decisions/").content == chinese.content
    assert client.get("/portal/decisions/?lang=en").content == english.content
    none = client.get("/portal/decisions/?q=" + urllib.parse.quote("不存在的词"))
    assert "甲乙食品店" not in body(none)


def test_a_release_here_shows_at_once(make):
    make("浦江县甲乙食品店")
    client = Client()
    for url in URLS:
        assert "丙丁食品店" not in body(client.get(url))
    make("浦江县丙丁食品店")
    for url in URLS:
        assert "丙丁食品店" in body(client.get(url)), url


def test_a_withdrawal_and_a_take_down_show_at_once(make, head_a):
    pub, other = make("浦江县甲乙食品店"), make("浦江县丙丁食品店")
    client = Client()
    for url in (f"/portal/decisions/{pub.pk}/", f"/open/decisions/{pub.pk}"):
        assert client.get(url).status_code == 200
    actions.withdraw(pub, reason="revoked", changed_on=dt.date(2026, 10, 8), withdrawn_on=dt.date(2026, 10, 9),
                     explanation="该处罚决定已被撤销。", acting_user=head_a)
    for url in (f"/portal/decisions/{pub.pk}/", f"/open/decisions/{pub.pk}"):
        gone = client.get(url)
        assert gone.status_code == 410
        assert "该处罚决定已被撤销" in body(gone)
        assert client.get(url).status_code == 410  # the 410 is kept too
    assert "甲乙食品店" not in body(client.get("/portal/decisions/"))
    assert "丙丁食品店" in body(client.get("/open/decisions"))
    other.refresh_from_db()
    assert actions.take_down_expired(other.take_down_on) == 1
    assert client.get(f"/portal/decisions/{other.pk}/").status_code == 410
    assert "丙丁食品店" not in body(client.get("/open/decisions"))


def test_an_agency_renamed_shows_at_once(make, agency_a):
    make("浦江县甲乙食品店")
    client = Client()
    assert agency_a.name in body(client.get("/portal/decisions/"))
    agency_a.name = "浦江县综合行政执法局"
    agency_a.save()
    assert "浦江县综合行政执法局" in body(client.get("/portal/decisions/"))


def test_another_process_change_shows_within_the_check_interval(make, monkeypatch):
    """Another worker's release: its step row changes the version this process reads at most every
    CHECK_EVERY seconds (here it is not told directly)."""
    pub = make("浦江县甲乙食品店")
    client = Client()
    pagecache.clear()  # as a process that has not written itself
    assert client.get(f"/portal/decisions/{pub.pk}/").status_code == 200
    # What another process's withdrawal leaves in the database: the record's status and its step.
    Publication.objects.filter(pk=pub.pk).update(status=PublicationStatus.WITHDRAWN, explanation="已撤销。")
    PublicationStep.objects.create(publication=pub, step="withdraw", from_status="released", to_status="withdrawn",
                                   at=timezone.now())
    assert client.get(f"/portal/decisions/{pub.pk}/").status_code == 200  # within the interval: as kept
    monkeypatch.setattr(pagecache, "CHECK_EVERY", 0.0)
    assert client.get(f"/portal/decisions/{pub.pk}/").status_code == 410


def test_what_is_not_kept(make, monkeypatch):
    pub = make("浦江县甲乙食品店")
    client = Client()
    for url in ("/portal/", "/portal/agencies/", f"/portal/decisions/{pub.pk}/proof.json", "/portal/open-data/",
                "/portal/decisions/?q=" + "x" * 700):
        client.get(url)
    client.head("/portal/decisions/")
    assert pagecache.size() == (0, 0)
    monkeypatch.setattr(pagecache._state, "budget", 0)
    client.get("/portal/decisions/")
    assert pagecache.size() == (0, 0)


def test_the_cache_is_bounded_by_bytes_least_recently_used_out(monkeypatch):
    pagecache.clear()
    monkeypatch.setattr(pagecache._state, "budget", 8 * (1000 + pagecache.OVERHEAD))
    for n in range(12):
        pagecache.put(n, 200, b"x" * 1000, (), "")
        assert pagecache.get(0) is not None or n >= 8  # 0 is used again: the others go first
    entries, size = pagecache.size()
    assert entries == 8
    assert size <= 8 * (1000 + pagecache.OVERHEAD)
    assert pagecache.get(0) is not None
    assert pagecache.get(1) is None
    pagecache.put("big", 200, b"x" * 2000, (), "")  # more than an eighth of the budget: not kept
    assert pagecache.get("big") is None


def test_entries_expire_after_max_age(monkeypatch):
    pagecache.clear()
    pagecache.put("k", 200, b"body", (), "")
    assert pagecache.get("k") is not None
    monkeypatch.setattr(pagecache, "MAX_AGE", -1.0)
    assert pagecache.get("k") is None

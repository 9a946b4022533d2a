"""Every public page and API answer of the demo county, crawled from the portal's home: no
unmasked resident ID number or mobile number anywhere, and no individual's full name (issue 11
item 2). The demo is built once for the module through `yifa demo` and rolled back."""

from __future__ import annotations

import re
from collections import deque
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from yifa.cases.models import Case
from yifa.disclosure.models import Publication, PublicationStatus
from yifa.disclosure.procedure import PUBLIC_CHAIN

RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
                         r"(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86)?1[3-9]\d{9}(?![0-9A-Za-z])")
HREF = re.compile(r'href="(/(?:portal|open)/[^"#]*)"')
LIMIT = 3000


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", "--seed", "2026", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def crawl(client: Client) -> dict[str, str]:
    """URL → body of every public page and API answer reachable from the portal's home."""
    start = ["/portal/", "/portal/?lang=en", "/open/decisions?page_size=100", "/open/openapi.json"]
    start += [f"/open/decisions/{pk}" for pk in Publication.objects.values_list("pk", flat=True)]
    queue, seen, bodies = deque(start), set(start), {}
    while queue and len(bodies) < LIMIT:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code in (200, 404, 410), (url, response.status_code)
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        bodies[url] = body
        for link in HREF.findall(body):
            link = link.replace("&amp;", "&")
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return bodies


@pytest.mark.usefixtures("demo")
def test_no_public_page_or_api_answer_shows_an_id_number_or_a_phone(db):
    individuals = list(Case.objects.filter(party_kind="individual").exclude(party_code="")
                       .values_list("party_name", "party_code", "party_phone"))
    # The demo holds what must not leak (so this test can fail): IDs and phones of individuals.
    assert individuals
    assert all(RESIDENT_ID.fullmatch(code) for _, code, _ in individuals)
    assert any(MOBILE.fullmatch(phone) for _, _, phone in individuals if phone)
    published = Publication.objects.filter(status=PublicationStatus.RELEASED, party_is_person=True)
    assert published.exists()

    bodies = crawl(Client())
    assert len(bodies) < LIMIT, "the crawl stopped early"
    decision_pages = [u for u in bodies if re.fullmatch(r"/portal/decisions/\d+/(\?lang=en)?", u)]
    assert len(decision_pages) >= published.count()
    assert any(u.endswith("proof.json") for u in bodies)
    assert "/portal/open-data/decisions.csv" in bodies
    leaks = {url: RESIDENT_ID.findall(body) + MOBILE.findall(body) for url, body in bodies.items()}
    assert not {u: found for u, found in leaks.items() if found}
    names = {name for name, _, _ in individuals if len(name) > 1}
    full_names = {url: [n for n in names if n in body] for url, body in bodies.items()}
    assert not {u: found for u, found in full_names.items() if found}
    assert Publication.objects.filter(status=PublicationStatus.WITHDRAWN).exists()
    assert any(PUBLIC_CHAIN in body for url, body in bodies.items() if url.endswith("proof.json"))

"""Issue 13: one language in the internal pages. As every staff role of the demo county (built once
for the module through `yifa demo`, rolled back), the home page's links and the links of the
pages they lead to (one level deeper), one page per URL shape, at most LIMIT pages a role: no
server error, no rule code (APL_PAYMENT …) and no English word in the visible text of the Chinese
UI — outside data (e-mail addresses, file names, digests, addresses) and a small allow-list."""

from __future__ import annotations

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from yifa.accounts.models import User

ROLES = {"officer": "shijian_zhifa", "agency_head": "shijian_fuze", "legal_reviewer": "shijian_fazhi",
         "finance": "shijian_caiwu", "agency_admin": "shijian_guanli", "supervisor": "sifaju",
         "efficiency": "xiaoneng", "leader": "lingdao", "sysadmin": "admin"}
LIMIT = 150
HREF = re.compile(r'href="(/[^"#]*)"')
#: Not pages of the Chinese UI: sign-out, the Django admin (Django's own), the API and its docs,
#: the public portal and open data (crawled by tests/test_portal_crawl.py), static files, downloads.
SKIP = re.compile(r"^/(logout|admin|api|open|portal|static|media|i18n)/|/(download|file|pdf|docx|csv)\b|\.\w{2,4}$")
RULE_CODE = re.compile(r"\b[A-Z]{2,}_[A-Z_]+\b")
WORD = re.compile(r"(?<![\w.@/-])[A-Za-z]{4,}(?![\w@/-])")
#: Data and names that are English by nature (kept small and explicit).
#: "English" is the language switch, in its own language.
#: "holiday"/"workday" are the keywords of the holiday-notice input format (yifa.workcal.notice).
ALLOWED = {"English", "Yifa", "Excel", "JSON", "HTML", "HTTPS", "Word", "OpenAPI", "Swagger", "PDF", "Argon",
           "holiday", "workday"}
#: A rule's code where it is labelled as such: shown to those who maintain the rules (registry/rule_detail.html).
LABELLED_CODE = re.compile(r"规则编码\s+[A-Z_]+")
#: Data in the text: e-mail addresses, URLs, file names, hex digests, identifiers with digits.
DATA = re.compile(r"\S+@\S+|https?://\S+|[\w\-.（）]+\.(?:pdf|docx|xlsx|csv|jpe?g|png|mp4|json|zip|txt)\b"
                  r"|\b[0-9a-f]{16,}\b|\b\w*\d\w*\b", re.I)
TAGS = re.compile(r"<(script|style|template|code|pre|textarea)\b.*?</\1>|<[^>]+>", re.S | re.I)


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


def visible(body: str) -> str:
    """The text a reader sees: no tags, attributes, scripts, styles or code."""
    return html.unescape(TAGS.sub(" ", body))


def shape(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def crawl(client: Client) -> dict[str, str]:
    """URL → visible text of the home page, the pages it links to and the pages those link to."""
    pages: dict[str, str] = {}
    shapes: set[str] = set()
    level = ["/"]
    for depth in range(3):
        following: list[str] = []
        for url in level:
            if len(pages) >= LIMIT or shape(url) in shapes or SKIP.search(url.split("?")[0]):
                continue
            shapes.add(shape(url))
            response = client.get(url)
            assert response.status_code < 500, (url, response.status_code)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            body = response.content.decode()
            pages[url] = visible(body)
            if depth < 2:
                following += [html.unescape(link) for link in HREF.findall(body)]
        level = following
    return pages


def english(text: str, logins: set[str]) -> list[str]:
    """English words in the text, but for data: login names (people's own data) and DATA."""
    words = WORD.findall(DATA.sub(" ", text))
    return sorted({w for w in words if w not in ALLOWED and w not in logins})


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_sees_one_language_and_no_rule_codes(db, role):
    user = User.objects.get(username=ROLES[role])
    client = Client()
    client.force_login(user)
    pages = crawl(client)
    assert len(pages) > 5, "the crawl found the role's pages"
    codes = {url: sorted(set(RULE_CODE.findall(LABELLED_CODE.sub(" ", text)))) for url, text in pages.items()}
    assert not {url: found for url, found in codes.items() if found}
    logins = set(User.objects.values_list("username", flat=True))
    words = {url: english(text, logins) for url, text in pages.items()}
    assert not {url: found for url, found in words.items() if found}

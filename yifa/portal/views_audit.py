"""The audit chain's signed roots, for anyone to keep a copy of and to check published records
against (docs/verify_record.py): a page of seals, every root as JSON lines (`yifa audit roots`'
format) and the public keyring."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from yifa.audit.chain import roots
from yifa.audit.keys import keyring_path
from yifa.audit.models import AuditSeal
from yifa.disclosure.procedure import PUBLIC_CHAIN
from yifa.lib.htmlrows import html_row, joined, ymd_hm
from yifa.portal.queries import page
from yifa.web.lists import page_number

PAGE_SIZE = 50


@require_safe
def root_list(request: HttpRequest) -> HttpResponse:
    number = page_number(request.GET.get("page"))
    # The columns the table prints (not the heads, a JSON object per seal, nor the signature).
    seals, has_next = page(AuditSeal.objects.order_by("-id").only("id", "at", "hash", "key_id"), number, PAGE_SIZE)
    return render(request, "portal/roots.html", {"seals": seals, "rows": seal_rows(seals), "number": number,
                                                 "has_next": has_next, "chain": PUBLIC_CHAIN})


def seal_rows(seals: list[AuditSeal]) -> SafeString:
    """The table's rows, written here rather than by a template loop (two localised dates a row
    through the template engine were most of the page's CPU); the markup is the loop's."""
    return joined(html_row(
        '<tr><td>{}</td><td><time datetime="{}">{}</time></td><td><code class="hash">{}</code></td>'
        '<td><code class="hash">{}</code></td></tr>\n  ',
        s.pk, timezone.localtime(s.at).isoformat(), ymd_hm(s.at), s.hash, Truncator(s.key_id).chars(17))
        for s in seals)


def _lines() -> Iterator[str]:
    for root in roots():
        yield json.dumps(root, ensure_ascii=False, sort_keys=True) + "\n"


@require_safe
def roots_jsonl(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(_lines(), content_type="application/x-ndjson; charset=utf-8")


@require_safe
def keyring(request: HttpRequest) -> HttpResponse:
    path = keyring_path()
    text = path.read_text() if path.exists() else '{"keys": []}\n'
    return HttpResponse(text, content_type="application/json")

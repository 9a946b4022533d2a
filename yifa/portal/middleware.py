"""Public pages and open data: the language from `?lang=en` (Chinese otherwise; no cookie, no
session), and answers a reverse proxy may cache — `Cache-Control: public, max-age`, an ETag and
conditional GET (304). yifa.web.middleware leaves `no-store` off what this marks public (the
portal shows only published data, the same to everyone).

The decisions' list, search and record pages and their open data answers are kept whole in a
per-process cache (yifa.lib.pagecache, valid for one version of the published data): a repeated
request costs a dictionary look-up, and a conditional GET of it (If-None-Match) compares the
kept ETag without making the page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control

from yifa.lib import pagecache

PUBLIC_PREFIXES = ("/portal/", "/open/")
MAX_AGE = 300  # seconds: a released or withdrawn record shows within five minutes
#: What the page cache keeps: answers made only from released records and agency names (the
#: proof, the CSV and the other pages read more than the publications' version tracks).
CACHED_PATHS = re.compile(r"/portal/decisions/(?:\d{1,18}/)?|/open/decisions(?:/\d{1,18})?")
#: Longer query strings are answered but not kept (the key would be the larger part of the entry).
MAX_KEY = 600


def is_public_path(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES)


class PublicPortalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public_path(request.path):
            return self.get_response(request)
        language = "en" if request.GET.get("lang") == "en" else "zh-hans"
        translation.activate(language)
        request.LANGUAGE_CODE = language
        key = cache_key(request)
        kept = pagecache.get(key) if key is not None else None
        if kept is not None:
            return conditional(request, from_kept(kept), kept.etag)
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 410):
            return response
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        response.public_cache = True  # type: ignore[attr-defined]
        if response.streaming:
            return response
        etag = ""
        if response.status_code == 200:
            etag = response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        if key is not None and not response.cookies:
            pagecache.put(key, response.status_code, response.content, tuple(response.items()), etag)
        return conditional(request, response, etag) if etag else response


def cache_key(request: HttpRequest) -> Hashable | None:
    """The page cache's key of a GET it may answer (None: not kept). The date is part of it: the
    open data states its as-of date."""
    if request.method != "GET" or not pagecache.enabled() or not CACHED_PATHS.fullmatch(request.path):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_KEY:
        return None
    return request.path, query, timezone.localdate().toordinal()


def from_kept(kept: pagecache.Answer) -> HttpResponse:
    response = HttpResponse(kept.content, status=kept.status)
    for name, value in kept.headers:
        response[name] = value
    response.public_cache = True  # type: ignore[attr-defined]
    return response


def conditional(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
    """304 when the client holds this ETag (the same headers, no body)."""
    if not etag:
        return response
    found = get_conditional_response(request, etag=etag, response=response)
    if found is None or found is response:
        return response
    found.public_cache = True  # type: ignore[attr-defined]  # a 304 with the same headers
    return found

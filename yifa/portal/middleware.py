"""Public pages and open data: the language from `?lang=en` (Chinese otherwise; no cookie, no
session), and answers a reverse proxy may cache — `Cache-Control: public, max-age`, an ETag and
conditional GET (304). yifa.web.middleware leaves `no-store` off what this marks public (the
portal shows only published data, the same to everyone)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control

PUBLIC_PREFIXES = ("/portal/", "/open/")
MAX_AGE = 300  # seconds: a released or withdrawn record shows within five minutes


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
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 410):
            return response
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        response.public_cache = True  # type: ignore[attr-defined]
        if response.streaming or response.status_code != 200:
            return response
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        if conditional is None or conditional is response:
            return response
        conditional.public_cache = True  # type: ignore[attr-defined]  # a 304 with the same headers
        return conditional

"""Response headers every page needs, and the one answer to a database that cannot be written.

- Content-Security-Policy: scripts and styles only from Yifa's own static files (no inline
  script, no inline event handler, no inline style; htmx's indicator style is switched off in
  base.html), nothing from outside, no framing.
- `Cache-Control: no-store` on everything a signed-in user sees and on every API answer: they
  carry personal data, which must not stay in a shared office computer's or a proxy's cache.
- A read-only or full database answers 503 with a bilingual message instead of a 500; the
  action's transaction has rolled back, so nothing was half-written.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

log = logging.getLogger(__name__)

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",  # Swagger UI's icons are data: URLs
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        user = getattr(request, "user", None)
        # What the public portal marks public (yifa.portal.middleware) is published data, the same for all.
        if getattr(response, "public_cache", False):
            return response
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)  # includes no-store
        return response


# --- a database that cannot be written -------------------------------------------------

UNWRITABLE_ZH = "数据库只读或已满，本次操作未保存任何内容。请联系系统管理员。"
UNWRITABLE_EN = "The database is read-only or full; nothing was saved. Please contact the system administrator."

# SQLite's messages; PostgreSQL's SQLSTATEs: 25006 read-only transaction, class 53 insufficient
# resources (53100 disk full, 53200 out of memory …).
_SQLITE_MESSAGES = ("readonly database", "read-only database", "database or disk is full", "disk i/o error")


def is_unwritable(exc: BaseException) -> bool:
    if not isinstance(exc, DatabaseError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None) or ""
    return sqlstate == "25006" or sqlstate.startswith("53") or any(m in str(exc).lower() for m in _SQLITE_MESSAGES)


def unwritable_response(request: HttpRequest) -> HttpResponse:
    log.error("database cannot be written: %s %s", request.method, request.path, exc_info=True)
    if request.path.startswith("/api/"):
        body = {"message": UNWRITABLE_ZH, "message_en": UNWRITABLE_EN, "field": None, "rule": None}
        response: HttpResponse = JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
    else:
        # A page that needs no database (no user, no menu): the database may not even be readable.
        html = loader.render_to_string("503.html", {"zh": UNWRITABLE_ZH, "en": UNWRITABLE_EN})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = "300"
    return response


class DatabaseUnwritableMiddleware:
    """Last in MIDDLEWARE: sees what a view (a page or an API endpoint) raised."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return unwritable_response(request) if is_unwritable(exception) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the same 503 when a middleware (e.g. saving the session) hit the database."""
    exc = sys.exc_info()[1]
    if exc is not None and is_unwritable(exc):
        return unwritable_response(request)
    response = defaults.server_error(request)
    return response if isinstance(response, HttpResponse) else HttpResponseServerError()

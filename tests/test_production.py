"""Production switches: CSP without inline script, HTTPS flags from the environment, session
expiry, no-store on personal data, `check --deploy` clean, lockout by (account, address), and
the OpenAPI docs behind the API's login."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

YIFA = Path(__file__).resolve().parent.parent / "yifa"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)


def csp(response) -> dict[str, str]:
    return {d.split()[0]: d for d in (p.strip() for p in response["Content-Security-Policy"].split(";")) if d}


# --- Content-Security-Policy ------------------------------------------------------------


def test_every_page_gets_a_csp_without_inline_exceptions(officer_a):
    for response in (Client().get(reverse("login")), client_for(officer_a).get(reverse("home")),
                     client_for(officer_a).get("/api/docs"), client_for(officer_a).get("/api/registry/units")):
        policy = csp(response)
        assert policy["script-src"] == "script-src 'self'"
        assert policy["style-src"] == "style-src 'self'"
        assert policy["object-src"] == "object-src 'none'"
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["home", "cases:mine", "coercion:list", "inspections:list", "licensing:list",
                                 "registry:officer-list", "deadline", "calendar"])
def test_rendered_pages_have_no_inline_script_handler_or_style(officer_a, url):
    html = client_for(officer_a).get(reverse(url)).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert not INLINE_STYLE.search(html)
    assert "yifa/yifa.js" in html  # the behaviour moved to a static file
    assert '"includeIndicatorStyles": false' in html  # htmx adds no <style> of its own


def test_no_template_has_inline_script_or_event_handler():
    """Every template, also the pages not rendered above (503.html is deliberately plain)."""
    offenders = []
    for path in YIFA.rglob("templates/**/*.html"):
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text) or INLINE_STYLE.search(text):
            offenders.append(str(path.relative_to(YIFA)))
    assert offenders == []


def test_a_status_filter_submits_only_by_its_button(officer_a):
    """Choosing a status changes nothing until the button is pressed (WCAG 3.2.2, issue 13 item 9)."""
    html = client_for(officer_a).get(reverse("cases:mine")).content.decode()
    assert "data-submit-on-change" not in html
    assert '<form class="filters"' in html
    assert '<button type="submit">' in html
    script = (YIFA / "static/yifa/yifa.js").read_text()
    assert "form.submit()" not in script


def test_the_api_docs_page_loads_only_its_own_static_scripts(officer_a):
    html = client_for(officer_a).get("/api/docs").content.decode()
    assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert all(src.startswith("/static/") for src in re.findall(r"<script[^>]*src=\"([^\"]+)\"", html))
    assert not INLINE_SCRIPT.search(html)  # the settings are a JSON block, not script


# --- no-store on personal data -----------------------------------------------------------


def test_signed_in_pages_and_api_answers_are_not_cached(officer_a):
    c = client_for(officer_a)
    for response in (c.get(reverse("home")), c.get(reverse("registry:officer-list")),
                     c.get("/api/registry/officers"), Client().get("/api/registry/officers")):
        assert "no-store" in response["Cache-Control"], response.status_code
        assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_static_files_may_be_cached(officer_a):
    response = client_for(officer_a).get("/static/yifa/yifa.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- session expiry ----------------------------------------------------------------------


def test_a_session_ends_after_the_configured_age(officer_a, settings):
    settings.SESSION_COOKIE_AGE = 600
    start = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
    client = Client()
    with time_machine.travel(start, tick=False):
        client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD})
        assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 600
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=599), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=601), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# --- switches from the environment (a fresh process reads them) ---------------------------


def run_yifa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("YIFA_HTTPS", "YIFA_SSL", "YIFA_HSTS",
                                                                       "YIFA_SECURE", "YIFA_PROXY", "YIFA_SESSION"))}
    environ.pop("YIFA_TESTING", None)
    environ.pop("YIFA_DEBUG", None)
    environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the tests' own (conftest), not a deployment's
    environ.update({"DJANGO_SETTINGS_MODULE": "yifa.settings", "YIFA_ALLOWED_HOSTS": "yifa.example.gov.cn", **env})
    return subprocess.run([sys.executable, "-m", "yifa", *args], env=environ, text=True, capture_output=True,
                          timeout=120, check=False)


SHOW = ("import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k, None) for k in ["
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_AGE']}))")


def settings_with(env: dict[str, str]) -> dict[str, object]:
    result = run_yifa(env, "shell", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_switches_come_from_the_environment():
    plain = settings_with({})
    assert plain["SESSION_COOKIE_AGE"] == 8 * 3600  # the default: a working day
    assert plain["SECURE_SSL_REDIRECT"] is False
    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert plain["SESSION_COOKIE_SECURE"] is False
    assert plain["SECURE_PROXY_SSL_HEADER"] is None
    https = settings_with({"YIFA_HTTPS": "1", "YIFA_PROXY_SSL_HEADER": "1", "YIFA_SESSION_AGE": "1800"})
    assert https == {
        "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"], "SESSION_COOKIE_AGE": 1800,
    }
    # each on its own: HTTPS without the redirect (a proxy that redirects itself)
    assert settings_with({"YIFA_HTTPS": "1", "YIFA_SSL_REDIRECT": "0"})["SECURE_SSL_REDIRECT"] is False


def test_deploy_check_is_clean_with_the_production_switches():
    result = run_yifa({"YIFA_HTTPS": "1"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # and it is a real check: without HTTPS it names what is missing
    bare = run_yifa({}, "check", "--deploy", "--fail-level", "WARNING")
    assert bare.returncode != 0
    assert "security.W004" in bare.stderr + bare.stdout  # no HSTS


def test_behind_https_an_http_request_is_redirected_and_cookies_are_secure(officer_a, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    plain = client.get(reverse("login"))
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    secure = client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD},
                         HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 302
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.cookies[settings.SESSION_COOKIE_NAME]["secure"]


# --- login lockout by (account, source address) -------------------------------------------


def login_from(ip: str, username: str, password: str):
    return Client(REMOTE_ADDR=ip).post(reverse("login"), {"username": username, "password": password})


def test_guessing_from_elsewhere_does_not_lock_the_official_out(officer_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_from("203.0.113.9", "officer_a", "guess")
    assert login_from("203.0.113.9", "officer_a", PASSWORD).status_code == 429  # the guesser is locked
    assert login_from("10.1.2.3", "officer_a", PASSWORD).status_code == 302  # the official is not


def test_the_lockout_parameters_are_the_pair():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


# --- the OpenAPI docs need the API's login -------------------------------------------------


def test_openapi_docs_need_a_staff_login(officer_a, citizen):
    anonymous = Client()
    page = anonymous.get("/api/docs")
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))
    schema = anonymous.get("/api/openapi.json")
    assert schema.status_code == 401
    assert schema.json()["message_en"] == "Log in first."
    public = client_for(citizen)
    assert public.get("/api/docs").status_code == 403
    assert public.get("/api/openapi.json").status_code == 403
    staff = client_for(officer_a)
    assert staff.get("/api/docs").status_code == 200
    assert "paths" in staff.get("/api/openapi.json").json()

"""The access matrix (issue 8, item 5): every web page (from the URL configuration) and every API
operation (from the OpenAPI document), tried by every role — officer_a and head_a of agency A,
officer_b of agency B, the county supervisor, citizen (the public account) and anonymous —
answers exactly as the table in docs/security.md says, on agency A's records.

The table is the specification and the test reads it, so the two cannot drift: a URL or an
operation without a row fails, as does a row for one that no longer exists. Pages are tried
with GET and with an empty POST; API operations with their method and an empty body. No empty
POST changes anything, allowed or refused (tests/helpers.assert_unchanged around each).
The Django admin is one row: each of its pages without a parameter answers alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.records import agency_a_records, path_values
from yifa.api.main import api

pytestmark = pytest.mark.django_db

ROLES = ["officer_a", "head_a", "officer_b", "supervisor", "citizen", "anonymous"]
SECURITY = Path(__file__).resolve().parent.parent / "docs" / "security.md"
ADMIN = "/admin/*"
#: A step each procedure's pages take (the matrix tries the page, not the step's rules).
STEPS = {"cases/": "open", "coercion/": "approve", "licensing/": "accept", "complaints/": "accept",
         "enforcement/": "remind", "randomcheck/": "draw",
         "supervision/alerts/": "acknowledge", "supervision/notices/": "answer",
         "filing/": "submit",
         "filereview/files/": "confirm", "filereview/self/": "submit",
         "accountability/inquiries/": "propose",
         "evaluation/cycles/": "approve", "evaluation/corrections/": "report", "evaluation/plans/": "submit"}


def web_patterns(patterns: list[Any] | None = None, prefix: str = "") -> Iterator[str]:
    """Every URL pattern of the site, as written in the URL configuration (the API's are its operations)."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from web_patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def pages() -> dict[str, str]:
    """Row name → a pattern to try ("admin/*" stands for every admin page without a parameter)."""
    found: dict[str, str] = {}
    documented = {path for _, path in operations().values()}
    for pattern in web_patterns():
        if pattern.startswith("api/") and "/" + re.sub(r"<(\w+)>", r"{\1}", pattern) in documented:
            continue  # an API operation: its row is the document's
        if pattern.startswith("admin/") and pattern not in ("admin/login/", "admin/logout/"):
            if "<" not in pattern and "(" not in pattern:
                found[f"{ADMIN} {pattern}"] = pattern
            continue
        found["/" + pattern] = pattern
    return found


def fill(pattern: str, records: dict[str, Any]) -> str:
    """A concrete URL for a pattern: agency A's records for its parameters."""
    values = path_values("/" + pattern, records)
    parent = records["provision"] if "/versions/" in pattern else records["law"]
    names = {"pk": str(values["pk"]), "doc_id": "999999", "preservation_id": "999999",
             "sha256": values["sha256"], "parent_pk": str(parent.pk),
             "step": next((s for p, s in STEPS.items() if pattern.startswith(p)), "x"),
             "kind": "units" if pattern.startswith("transfer/") else "case" if pattern.startswith("audit/")
             else "case_opening"}
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: names[m.group(1)], pattern)


def operations() -> dict[str, tuple[str, str]]:
    """Row name ("METHOD /api/path") → (method, path) for every operation of the API document."""
    doc = api.get_openapi_schema(path_prefix="/api/")
    return {f"{method.upper()} {path}": (method, path) for path, item in doc["paths"].items() for method in item}


def read_table() -> dict[str, dict[str, str]]:
    """docs/security.md's matrix: row name → role → expected status ("GET"/"POST" columns for pages)."""
    text = SECURITY.read_text(encoding="utf-8")
    body = text.split("<!-- access-matrix:start -->", 1)[1].split("<!-- access-matrix:end -->", 1)[0]
    rows: dict[str, dict[str, str]] = {}
    for line in body.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 + len(ROLES) or cells[0] in ("what", "") or set(cells[0]) <= {"-", ":"}:
            continue
        rows[f"{cells[1]} {cells[0]}"] = dict(zip(ROLES, cells[2:], strict=True))
    return rows


_clients: dict[tuple[int, str], Client] = {}


def client(role: str, users: dict[str, Any], *, fresh: bool = False) -> Client:
    """The role's logged-in client, one per test (logging in for every request is most of the time)."""
    if fresh:
        return client_for(users.get(role))
    key = (id(users), role)
    if key not in _clients:
        _clients[key] = client_for(users.get(role))
    return _clients[key]


def status_of(response: Any) -> str:
    """The status, and for a redirect whether it goes to the login page."""
    if response.status_code in (301, 302) and "/login/" in response.get("Location", ""):
        return "login"
    return str(response.status_code)


def try_page(pattern: str, method: str, users: dict[str, Any], records: dict[str, Any]) -> list[str]:
    """Each role's answer to the page (an empty POST changes nothing, for any role)."""
    url = fill(pattern, records)
    if method == "GET":
        return [status_of(client(role, users).get(url)) for role in ROLES]
    with assert_unchanged():
        # logging out ends the session: that one gets a client of its own
        return [status_of(client(role, users, fresh="logout" in url).post(url, {})) for role in ROLES]


def try_operation(method: str, path: str, users: dict[str, Any], records: dict[str, Any]) -> list[str]:
    values = path_values(path, records)
    url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
    if method == "get":
        return [status_of(client(role, users).get(url)) for role in ROLES]
    with assert_unchanged():
        return [status_of(getattr(client(role, users), method)(url, {}, content_type="application/json"))
                for role in ROLES]


@pytest.fixture
def world(cast, agency_a, officer_a, head_a, penalty_power, crew_a):
    yield cast, agency_a_records(agency_a, officer_a, head_a, penalty_power, crew_a)
    _clients.clear()


def test_every_page_and_operation_has_a_row():
    table = read_table()
    rows = {ADMIN if name.startswith(ADMIN) else name for name in pages()}
    wanted = {f"{method} {row}" for row in rows for method in ("GET", "POST")} | set(operations())
    assert not wanted - set(table), f"no row in docs/security.md for: {sorted(wanted - set(table))}"
    assert not set(table) - wanted, f"rows in docs/security.md for nothing: {sorted(set(table) - wanted)}"


def _check(rows: dict[str, dict[str, str]], actual: dict[tuple[str, str], str]) -> None:
    wrong = {k: (rows[k[0]][k[1]], got) for k, got in actual.items() if rows.get(k[0], {}).get(k[1]) != got}
    assert not wrong, "answers not as docs/security.md says ((row, role): (table, actual)):\n" + "\n".join(
        f"{k}: {v}" for k, v in sorted(wrong.items()))


def test_pages_answer_as_the_matrix_says(world):
    users, records = world
    rows, actual = read_table(), {}
    for name, pattern in pages().items():
        row = ADMIN if name.startswith(ADMIN) else name
        for method in ("GET", "POST"):
            for role, got in zip(ROLES, try_page(pattern, method, users, records), strict=True):
                if row == ADMIN and rows.get(f"{method} {row}", {}).get(role) != got:
                    got = f"{got} ({pattern})"  # every admin page must answer as the one row says
                actual.setdefault((f"{method} {row}", role), got)
    _check(rows, actual)


def test_api_answers_as_the_matrix_says(world):
    users, records = world
    rows, actual = read_table(), {}
    for name, (method, path) in operations().items():
        for role, got in zip(ROLES, try_operation(method, path, users, records), strict=True):
            actual[(name, role)] = got
    _check(rows, actual)


def matrix_rows(users: dict[str, Any], records: dict[str, Any]) -> list[str]:
    """The table as the system answers today (YIFA_WRITE_MATRIX=1 prints it, to write a new row from)."""
    lines = []
    for name, pattern in pages().items():
        if name.startswith(ADMIN) and name != f"{ADMIN} admin/":  # one row for the admin
            continue
        for method in ("GET", "POST"):
            row = ADMIN if name.startswith(ADMIN) else name
            cells = try_page(pattern, method, users, records)
            lines.append(f"| `{row}` | {method} | " + " | ".join(cells) + " |")
    for (method, path) in operations().values():
        cells = try_operation(method, path, users, records)
        lines.append(f"| `{path}` | {method.upper()} | " + " | ".join(cells) + " |")
    return lines


@pytest.mark.skipif("not __import__('os').environ.get('YIFA_WRITE_MATRIX')")
def test_print_matrix(world):
    print("\n".join(matrix_rows(*world)))  # the rows to paste into docs/security.md

"""Schemathesis against Yifa's own OpenAPI document, in process (WSGI), as each member of the fixed
cast (issue 8, item 5): whatever it sends, no answer is a 5xx, every answer's status is one the
operation documents, and every answer's body fits the documented schema.

Bounded: a few examples per operation and role (`EXAMPLES`), generated from a fixed seed
(`derandomize`), no shrinking and no example database, so a run takes the same path every time
and fits CI's budget (SQLite and PostgreSQL, and under faketime). Path parameters name agency A's
records half of the time, so answers with real records are checked too, not only 404s. Every
failure of every operation is collected and reported together, not only the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.conftest import client_for
from tests.records import agency_a_records, path_values
from yifa.api.main import api

pytestmark = pytest.mark.django_db

EXAMPLES = 4
ROLES = ["officer_a", "head_a", "officer_b", "supervisor", "citizen"]
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
                suppress_health_check=list(HealthCheck), print_blob=False)

@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """As Django's test client does: a request must not close the test's database connection (its
    transaction holds the test's data)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def schema() -> Any:
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
    loaded.app = get_wsgi_application()
    return loaded


def credentials(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The session cookie of a logged-in user and a CSRF token (cookie + header), as a browser has."""
    token = _get_new_csrf_string()
    cookies = {"csrftoken": token}
    if user is not None:
        cookies["sessionid"] = client_for(user).cookies["sessionid"].value
    return {"X-CSRFToken": token}, cookies


def _failures(exc: BaseException) -> list[BaseException]:
    return list(exc.exceptions) if isinstance(exc, BaseExceptionGroup) else [exc]


def fuzz(operation: Any, headers: dict[str, str], cookies: dict[str, str], values: dict[str, Any],
         found: dict[tuple[str, str], str]) -> None:
    @FUZZ
    @given(case=operation.as_strategy(), real=st.booleans())
    def run(case: Any, real: bool) -> None:
        if real and case.path_parameters:
            case.path_parameters = {k: values.get(k, v) for k, v in case.path_parameters.items()}
        response = case.call(headers=headers, cookies=cookies)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, BaseExceptionGroup) as exc:  # every failure is collected and reported below
            for failure in _failures(exc):
                key = (operation.label, type(failure).__name__)
                if key not in found:
                    found[key] = f"{response.status_code} {str(failure)[:400]}\n    {case.as_curl_command()[:400]}"

    run()


@pytest.mark.usefixtures("_connection_kept")
@pytest.mark.parametrize("role", ROLES)
def test_api_fuzz(role, schema, request, agency_a, officer_a, head_a, penalty_power, crew_a):
    records = agency_a_records(agency_a, officer_a, head_a, penalty_power, crew_a)
    headers, cookies = credentials(request.getfixturevalue(role))
    found: dict[tuple[str, str], str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 90
    for operation in operations:
        fuzz(operation, headers, cookies, path_values(operation.path, records), found)
    report = "\n".join(f"{label} [{check}]: {detail}" for (label, check), detail in sorted(found.items()))
    assert not found, f"{len(found)} failures as {role}:\n{report}"


def test_a_patch_with_null_links_leaves_them(head_a, penalty_power):
    """Found by the fuzzing: `"penalty_provisions": null` in a patch answered 500."""
    linked = set(penalty_power.penalty_provisions.values_list("pk", flat=True))
    response = client_for(head_a).patch(f"/api/registry/power-items/{penalty_power.pk}",
                                        {"penalty_provisions": None, "name": "改名"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["penalty_types"] == ["warning", "fine", "confiscation", "licence"]
    assert set(penalty_power.penalty_provisions.values_list("pk", flat=True)) == linked


def test_penalty_types_are_documented_as_a_list_of_types():
    schemas = api.get_openapi_schema(path_prefix="/api/")["components"]["schemas"]
    assert schemas["PowerItemOut"]["properties"]["penalty_types"]["type"] == "array"
    assert schemas["PowerItemIn"]["properties"]["penalty_types"]["items"] == {"$ref": "#/components/schemas/PenaltyType"}

"""The OpenAPI document tells the truth: one name means one schema, every operation documents its
error answers, and the shapes the issue found wrong are right (issue 8, item 4)."""

from __future__ import annotations

import enum

import pytest
from ninja import Router, Schema

from tests.conftest import client_for
from yifa.api.errors import ERROR_RESPONSES
from yifa.api.main import api
from yifa.api.openapi import DocumentedAPI, SchemaNameClash


def _document() -> dict:
    return api.get_openapi_schema(path_prefix="/api/")


def _ref(schema: dict) -> str:
    return schema["$ref"].rsplit("/", 1)[1]


class Colour(enum.StrEnum):
    RED = "red"


class OtherColour(enum.StrEnum):
    BLUE = "blue"


OtherColour.__name__ = OtherColour.__qualname__ = "Colour"  # as another module's enum of the same name


class A(Schema):
    colour: Colour


class B(Schema):
    colour: OtherColour


def test_two_different_schemas_of_one_name_stop_the_build():
    probe = DocumentedAPI(urls_namespace="probe")
    router = Router()

    @router.get("/a", response=A)
    def get_a(request): ...

    @router.get("/b", response=B)
    def get_b(request): ...

    probe.add_router("/", router)
    with pytest.raises(SchemaNameClash, match="Colour"):
        probe.get_openapi_schema(path_prefix="/probe/")


def test_yifas_document_builds_with_unique_names():
    doc = _document()  # CheckedSchema raises on a clash
    names = set(doc["components"]["schemas"])
    assert {"CaseStatus", "ApplicationStatus", "CertificateStatus", "CaseOutcome", "LicensingOutcome"} <= names
    assert not {"Status", "Outcome", "DecideIn", "ExtendIn"} & names


def test_every_operation_documents_its_error_answers():
    doc = _document()
    schemas = doc["components"]["schemas"]
    operations = [op for item in doc["paths"].values() for op in item.values()]
    assert len(operations) > 90
    for op in operations:
        for status, (_, name) in ERROR_RESPONSES.items():
            answer = op["responses"][status]
            assert _ref(answer["content"]["application/json"]["schema"]) == name, op["operationId"]
    assert set(schemas["ErrorOut"]["required"]) == {"message", "message_en", "field", "rule"}
    assert "detail" in schemas["ValidationErrorOut"]["required"]


def _body(doc: dict, path: str) -> dict:
    op = doc["paths"][path]["post"]
    return doc["components"]["schemas"][_ref(op["requestBody"]["content"]["application/json"]["schema"])]


def test_the_shapes_the_probe_found_wrong():
    doc = _document()
    schemas = doc["components"]["schemas"]
    # the decide step documents its own inputs, with the version and the date
    decide = _body(doc, "/api/cases/{pk}/steps/decide")
    assert {"version", "decided_on", "outcome"} <= set(decide["required"])
    assert _ref(decide["properties"]["outcome"]) == "CaseOutcome"
    assert set(schemas["CaseOutcome"]["enum"]) == {"penalty", "no_penalty", "not_established", "transfer"}
    # a case's status is documented with every case status (served included)
    assert _ref(schemas["CaseRow"]["properties"]["status"]) == "CaseStatus"
    assert "served" in schemas["CaseStatus"]["enum"]
    # the officer-status endpoint documents certificate states
    status_in = _body(doc, "/api/registry/officers/{pk}/status")
    assert set(schemas[_ref(status_in["properties"]["to_status"])]["enum"]) == {"active", "suspended", "revoked", "expired"}
    # officer rows are the registry's officers, not an officer named on a record
    officers = doc["paths"]["/api/registry/officers"]["get"]["responses"][200]["content"]["application/json"]["schema"]
    row = schemas[_ref(schemas[_ref(officers)]["properties"]["items"]["items"])]
    assert {"certificate_no", "resident_id", "status"} <= set(row["properties"])
    assert "officer_id" not in row["properties"]


@pytest.mark.django_db
def test_error_answers_have_the_documented_shape(officer_a, citizen):
    anonymous = client_for(None).get("/api/cases")
    assert anonymous.status_code == 401
    assert set(anonymous.json()) == {"message", "message_en", "field", "rule"}
    public = client_for(citizen).get("/api/cases")
    assert public.status_code == 403
    assert set(public.json()) == {"message", "message_en", "field", "rule"}
    missing = client_for(officer_a).get("/api/cases/999999")
    assert missing.status_code == 404
    assert set(missing.json()) == {"message", "message_en", "field", "rule"}
    bad = client_for(officer_a).get("/api/cases/abc")
    assert bad.status_code == 422
    assert {"message", "message_en", "detail"} <= set(bad.json())


@pytest.mark.django_db
def test_a_write_without_the_csrf_token_is_refused_in_both_languages(officer_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    response = client.post("/api/registry/units", {"agency": 1, "name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["message_en"].startswith("Refused")
    assert response.json()["message"]

"""The API's OpenAPI document, kept true: django-ninja builds it, and this adds two guarantees.

- One name, one schema. ninja generates each operation's models separately and merges their
  definitions by name, so two different models or enums of the same name silently overwrite each
  other (the officer-status endpoint once documented licence states). Here a second, different
  definition under a name already taken stops the build (`SchemaNameClash`): give it a unique name.
- Every operation documents the error answers of yifa.api.errors (400/401/403/404 with the
  bilingual `ErrorOut`, 422 with `ValidationErrorOut`), since every operation can give them.
"""

from __future__ import annotations

import json
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema

from yifa.api.errors import ERROR_RESPONSES, ERROR_SCHEMAS


class SchemaNameClash(Exception):
    """Two different schemas were given one name in the OpenAPI document."""


def _canonical(definition: Any) -> str:
    return json.dumps(definition, sort_keys=True, ensure_ascii=False, default=str)


class CheckedSchema(OpenAPISchema):
    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        self.seen: dict[str, str] = {}  # set before ninja's __init__, which builds the whole document
        super().__init__(api, path_prefix)

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            text = _canonical(definition)
            if self.seen.setdefault(name, text) != text:
                raise SchemaNameClash(f"two different schemas are named {name!r} in the OpenAPI document:\n"
                                      f"{self.seen[name]}\n{text}")
        super().add_schema_definitions(definitions)

    def responses(self, operation: Any) -> dict[int, Any]:
        result = super().responses(operation)
        self.add_schema_definitions({name: model.model_json_schema(ref_template=REF_TEMPLATE)
                                     for name, model in ERROR_SCHEMAS.items()})
        media_type = self.api.renderer.media_type
        for status, (description, name) in ERROR_RESPONSES.items():
            result.setdefault(status, {"description": description, "content": {
                media_type: {"schema": {"$ref": REF_TEMPLATE.format(model=name)}}}})
        return result


class DocumentedAPI(NinjaAPI):
    """NinjaAPI whose /openapi.json is built by CheckedSchema."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return CheckedSchema(self, path_prefix)

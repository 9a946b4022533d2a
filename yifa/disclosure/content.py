"""A public record's content as published, in one canonical form: what its hash covers (the hash
the release step stores and the audit chain seals; docs/verify_record.py recomputes it)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from yifa.disclosure.models import Publication

#: The published fields, in the data dictionary's order (also the CSV's columns).
PUBLIC_FIELDS = ("id", "kind", "agency_id", "document_number", "title", "category", "facts", "legal_basis",
                 "party_name", "party_code", "result", "decided_on")


def public_fields(pub: Publication) -> dict[str, Any]:
    values = {name: getattr(pub, name) for name in PUBLIC_FIELDS}
    values["decided_on"] = pub.decided_on.isoformat()
    return values


def canonical(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(pub: Publication) -> str:
    return hashlib.sha256(canonical(public_fields(pub)).encode()).hexdigest()

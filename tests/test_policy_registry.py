"""One policy: every agency-owned model is registered once with the policy-queryset registry
(yifa.registry.access), so `scoped` and `access_record` answer for it — 404 for "not yours"."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from yifa.registry.access import AGENCY_PATH, SHARED_MODELS

#: Models that reach an agency but are not an agency's records: users and the audit trail
#: (read through their own rules), and the agency-to-region link of the shared reference data.
NOT_AGENCY_RECORDS = frozenset({"accounts.User", "audit.AuditEvent", "audit.ChainHead", "audit.AuditSeal"})


def _reaches_agency(model: type[models.Model], depth: int = 2) -> bool:
    for field in model._meta.get_fields():
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            continue
        target = field.related_model
        if target._meta.label == "registry.Agency":
            return True
        if depth > 1 and target._meta.label != "accounts.User" and _reaches_agency(target, depth - 1):
            return True
    return False


def test_every_agency_owned_model_is_registered():
    owned = {m._meta.label for m in apps.get_models() if m.__module__.startswith("yifa.") and _reaches_agency(m)}
    missing = sorted(owned - set(AGENCY_PATH) - SHARED_MODELS - NOT_AGENCY_RECORDS)
    assert missing == []


def test_each_registered_path_leads_to_an_agency():
    for label, path in AGENCY_PATH.items():
        model: type[models.Model] = apps.get_model(label)
        if path == "pk":
            continue
        for part in path.split("__"):
            model = model._meta.get_field(part).related_model
        assert model._meta.label == "registry.Agency", label

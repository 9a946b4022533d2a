"""Recording one write: the snapshot of a record before and after, as an audit event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from yifa.audit.chain import Change, append
from yifa.audit.models import AuditEvent

if TYPE_CHECKING:
    from yifa.accounts.models import User


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's own columns, and its many-to-many ids once it has a key."""
    data: dict[str, Any] = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return data


def agency_id_of(obj: models.Model) -> int | None:
    """Which agency's chain an event about `obj` belongs to (None: the global chain)."""
    if obj._meta.label == "registry.Agency":
        agency_pk: int | None = obj.pk
        return agency_pk
    for path in ("agency_id", "officer"):
        value = getattr(obj, path, None)
        if isinstance(value, int):
            return value
        if isinstance(value, models.Model):
            return agency_id_of(value)
    return None


def record(
    action: str, obj: models.Model, *, acting_user: User | None,
    before: Any = None, after: Any = None, agency_id: int | None = None, chain: str = "",
) -> AuditEvent:
    """Write one audit event about `obj` inside the caller's transaction."""
    change = Change(
        action=action, object_type=obj._meta.label, object_id=str(obj.pk),
        agency_id=agency_id if agency_id is not None else agency_id_of(obj),
        before=before, after=after, chain=chain,
    )
    return append([change], actor_id=getattr(acting_user, "pk", None), actor=str(acting_user or "system"))[0]

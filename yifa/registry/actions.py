"""Every write to the registries: guard, one transaction, the audit event.

`create_record` and `update_record` serve all registry and law tables, whose rules
live on the models (`clean`) and in the access policy; the actions below them are the
writes with a meaning of their own (certificate status, training hours).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.lib.errors import ActionError, Forbidden
from yifa.lib.validation import validated
from yifa.registry import access
from yifa.registry.models import Officer, OfficerStatusChange, TrainingRecord

M = TypeVar("M", bound=models.Model)

if TYPE_CHECKING:
    from yifa.accounts.models import User


def _action_name(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.model_name}.{verb}"


def _set_many(obj: models.Model, m2m: dict[str, list[Any]] | None) -> None:
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)


def _reachable(model: type[models.Model], user: Any) -> Any:
    """The records of `model` the user may name: what they may see (access policy), or all of a
    table the policy does not scope."""
    label = model._meta.label
    if label in access.SHARED_MODELS or label in access.AGENCY_PATH:
        return access.scoped(model, user)
    return model._default_manager.all()


def require_named_records(model: type[models.Model], data: dict[str, Any], m2m: dict[str, list[Any]] | None,
                          user: Any) -> None:
    """Every record named by id (a foreign key `<name>_id`, a many-to-many list) exists and is one
    the user may see; one they may not see is refused exactly like a missing one (400, not a
    crash at save time and not a 403 that would tell it exists)."""
    named: list[tuple[Any, list[Any]]] = []
    for key, value in data.items():
        f: Any = next((f for f in model._meta.concrete_fields if f.attname == key and f.is_relation), None)
        if f is not None and value is not None and not isinstance(value, models.Model):
            named.append((f, [value]))
    for key, values in (m2m or {}).items():
        f = model._meta.get_field(key)
        ids = [v for v in values or [] if not isinstance(v, models.Model)]
        if ids:
            named.append((f, ids))
    for f, ids in named:
        wanted = set(ids)
        if not all(isinstance(i, int) for i in wanted) or \
                _reachable(f.related_model, user).filter(pk__in=wanted).count() != len(wanted):
            label = str(f.related_model._meta.verbose_name)
            raise ActionError(f"所选{label}不存在。", f"No such {f.related_model._meta.model_name} ({f.name}).",
                              field=f.attname if not f.many_to_many else f.name)


def create_record(
    model: type[M], data: dict[str, Any], *, acting_user: User, m2m: dict[str, list[Any]] | None = None,
) -> M:
    require_named_records(model, data, m2m, acting_user)
    obj = model(**data)
    if not access.can_edit(acting_user, obj):
        raise Forbidden()
    validated(obj)
    with transaction.atomic():
        obj.save()
        _set_many(obj, m2m)
        record(_action_name(obj, "create"), obj, acting_user=acting_user, after=snapshot(obj))
    return obj


def update_record(
    obj: M, data: dict[str, Any], *, acting_user: User, m2m: dict[str, list[Any]] | None = None,
) -> M:
    """Change fields of `obj`; records nothing and returns early when nothing differs."""
    if not access.can_edit(acting_user, obj):
        raise Forbidden()
    require_named_records(type(obj), data, m2m, acting_user)
    before = snapshot(obj)
    for name, value in data.items():
        setattr(obj, name, value)
    # The record must stay within the user's reach after the change (no moving it away).
    if not access.can_edit(acting_user, obj):
        raise Forbidden()
    validated(obj)
    with transaction.atomic():
        type(obj)._default_manager.select_for_update(no_key=True).filter(pk=obj.pk).exists()
        if snapshot(obj) != before:  # saving an unchanged row would still tell every process its cache is stale
            obj.save()
        _set_many(obj, m2m)
        after = snapshot(obj)
        if after != before:
            record(_action_name(obj, "update"), obj, acting_user=acting_user, before=before, after=after)
    return obj


def create_version(
    model: type[M], data: dict[str, Any], *, acting_user: User, series: tuple[str, ...],
    close_previous: bool, m2m: dict[str, list[Any]] | None = None,
) -> M:
    """Add a dated version of law-as-data (a provision's text, a deadline rule): one transaction
    stores it and, if `close_previous`, ends the version in force before it (same `series`
    fields, e.g. the provision or the rule code) on the day before it starts. Each write is
    guarded and audited as in create_record / update_record."""
    with transaction.atomic():
        obj = create_record(model, data, acting_user=acting_user, m2m=m2m)
        if close_previous:
            _close_previous(obj, series, acting_user=acting_user)
    return obj


def _close_previous(new: models.Model, series: tuple[str, ...], *, acting_user: User) -> None:
    """End the version in force before `new` on the day before `new` starts (audited)."""
    start: dt.date = new.effective_from  # type: ignore[attr-defined]
    same = {name: getattr(new, name) for name in series}
    previous = (
        type(new)._default_manager.filter(**same, effective_from__lt=start)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
        .exclude(pk=new.pk).order_by("-effective_from").first()
    )
    if previous is not None:
        update_record(previous, {"effective_to": start - dt.timedelta(days=1)}, acting_user=acting_user)


def delete_record(obj: models.Model, *, acting_user: User) -> None:
    if not access.can_edit(acting_user, obj):
        raise Forbidden()
    before = snapshot(obj)
    with transaction.atomic():
        try:
            obj.delete()
        except models.ProtectedError:
            raise ActionError(
                "该记录仍被其他记录引用，不能删除。", "This record is still referred to and cannot be deleted."
            ) from None
        obj.pk = before["id"]
        record(_action_name(obj, "delete"), obj, acting_user=acting_user, before=before)


# Which certificate status may follow which: a revoked certificate never comes back.
STATUS_MOVES: dict[str, frozenset[str]] = {
    Officer.Status.ACTIVE: frozenset({Officer.Status.SUSPENDED, Officer.Status.REVOKED, Officer.Status.EXPIRED}),
    Officer.Status.SUSPENDED: frozenset({Officer.Status.ACTIVE, Officer.Status.REVOKED}),
    Officer.Status.EXPIRED: frozenset({Officer.Status.ACTIVE, Officer.Status.REVOKED}),
    Officer.Status.REVOKED: frozenset(),
}


def change_officer_status(officer: Officer, to_status: str, reason: str, *, acting_user: User) -> Officer:
    if not access.can_manage_certificates(acting_user, officer.agency):
        raise Forbidden("只有法制机构可以变更执法证状态。", "Only the legal office may change a certificate's status.")
    if not reason.strip():
        raise ActionError("请填写变更原因。", "Give the reason for the change.", field="reason")
    with transaction.atomic():
        officer = Officer.objects.select_for_update(no_key=True).get(pk=officer.pk)
        if to_status not in STATUS_MOVES.get(officer.status, frozenset()):
            raise ActionError(
                f"执法证不能由“{officer.get_status_display()}”变更为该状态。",
                f"A certificate cannot move from {officer.status} to {to_status}.", field="to_status",
            )
        if to_status == Officer.Status.ACTIVE and officer.valid_until < timezone.localdate():
            raise ActionError("执法证已过有效期，需换发后才能恢复。", "The certificate has lapsed; renew it first.")
        before = officer.status
        officer.status = to_status
        officer.save(update_fields=["status"])
        OfficerStatusChange.objects.create(
            officer=officer, from_status=before, to_status=to_status, reason=reason.strip(),
            changed_at=timezone.now(), changed_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        record("officer.status", officer, acting_user=acting_user,
               before={"status": before}, after={"status": to_status, "reason": reason.strip()})
    return officer


def expire_certificates(today: dt.date, *, acting_user: User | None = None) -> int:
    """Mark lapsed certificates expired. Compare-and-set per row, so it is safe to run twice
    or on several workers at once."""
    lapsed = list(Officer.objects.filter(status=Officer.Status.ACTIVE, valid_until__lt=today).values_list("pk", flat=True))
    done = 0
    for pk in lapsed:
        with transaction.atomic():
            if not Officer.objects.filter(pk=pk, status=Officer.Status.ACTIVE).update(status=Officer.Status.EXPIRED):
                continue
            officer = Officer.objects.get(pk=pk)
            OfficerStatusChange.objects.create(
                officer=officer, from_status=Officer.Status.ACTIVE, to_status=Officer.Status.EXPIRED,
                reason="有效期届满", changed_at=timezone.now(),
            )
            record("officer.status", officer, acting_user=acting_user,
                   before={"status": "active"}, after={"status": "expired", "reason": "有效期届满"})
            done += 1
    return done


def add_training(
    officer: Officer, *, course: str, hours: Decimal, completed_on: dt.date, acting_user: User,
) -> TrainingRecord:
    """Credit training hours to the year they were completed in."""
    if not Decimal(hours).is_finite() or hours <= 0:
        raise ActionError("学时必须大于零。", "Hours must be positive.", field="hours")
    data = {"officer": officer, "year": completed_on.year, "course": course, "hours": hours,
            "completed_on": completed_on}
    return create_record(TrainingRecord, data, acting_user=acting_user)

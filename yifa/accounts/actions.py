"""Writes to user accounts, audited like every other write (never the password hash)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from yifa.accounts.models import User
from yifa.audit.record import record, snapshot
from yifa.lib.errors import Forbidden

HIDDEN = ("password", "name_key")


def _visible(user: User) -> dict[str, Any]:
    return {k: v for k, v in snapshot(user).items() if k not in HIDDEN and k not in ("groups", "user_permissions")}


def save_user(user: User, *, acting_user: User, password: str | None = None) -> User:
    """Create or change an account; only a system administrator manages accounts."""
    if not (getattr(acting_user, "is_authenticated", False) and acting_user.is_sysadmin):
        raise Forbidden("只有系统管理员可以管理账号。", "Only a system administrator manages accounts.")
    with transaction.atomic():
        before = _visible(User.objects.get(pk=user.pk)) if user.pk else None
        if password:
            user.set_password(password)
        user.save()
        after = _visible(user)
        if password:
            after["password_changed"] = True
        record("user.update" if before else "user.create", user, acting_user=acting_user, before=before,
               after=after, agency_id=user.agency_id)
    return user

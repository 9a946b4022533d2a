"""Managing an agency's staff logins: create, deactivate/reactivate, reset a password, change the
role or the officer a login belongs to.

Agency admins manage their own agency's staff logins (the agency roles only); sysadmins every
agency's. Nobody here touches a sysadmin or a region account (the Django admin, for the system
administrator, does). Each action: one transaction, the guard, the audit event (never the password
hash: a reset records only that the password changed). A refusal changes nothing.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from yifa.accounts.models import AGENCY_ROLES, User
from yifa.audit.record import record, snapshot
from yifa.lib.errors import ActionError, Forbidden
from yifa.lib.validation import validated
from yifa.registry.models import Agency, Officer
from yifa.staff.access import may_manage, may_manage_users

HIDDEN = ("password", "groups", "user_permissions", "last_login", "name_key")
#: Letters and digits that cannot be mistaken for each other when read out (no 0/O, 1/l/I).
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _visible(user: User) -> dict[str, Any]:
    return {k: v for k, v in snapshot(user).items() if k not in HIDDEN}


def _may_manage_agency(acting_user: Any, agency_id: int | None) -> bool:
    if not may_manage_users(acting_user) or agency_id is None:
        return False
    return bool(acting_user.is_sysadmin or acting_user.agency_id == agency_id)


def _guard(acting_user: Any, user: User) -> None:
    """The login is an agency's staff login the acting user manages."""
    if not may_manage(acting_user, user):
        raise Forbidden("您无权管理该账号。", "You may not manage this login.")


def _not_self(acting_user: Any, user: User) -> None:
    if acting_user.pk == user.pk:
        raise ActionError("不能停用本人账号或变更本人角色。", "You cannot deactivate your own login or change your own role.")


def _role(role: str) -> str:
    if role not in AGENCY_ROLES:
        raise ActionError("角色须为执法机关内的角色。", "The role must be one of an agency's roles.", field="role")
    return str(role)


def _officer(officer: Officer | None, agency_id: int, user: User | None) -> Officer | None:
    if officer is None:
        return None
    if officer.agency_id != agency_id:
        raise ActionError("所选执法人员不属于本机关。", "That officer is not of this agency.", field="officer")
    taken = User.objects.filter(officer=officer)
    if user is not None and user.pk:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ActionError("该执法人员已有账号。", "That officer already has a login.", field="officer")
    return officer


def one_time_password() -> str:
    """A fresh random password (12 characters, about 70 bits), to be shown once."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


def _password(password: str | None, user: User) -> str:
    chosen = password or one_time_password()
    try:
        validate_password(chosen, user)
    except ValidationError as err:
        raise ActionError(f"密码不符合要求：{' '.join(err.messages)}",
                          "The password does not meet the requirements.", field="password") from None
    return chosen


def create_login(*, agency: Agency, username: str, display_name: str, role: str, officer: Officer | None = None,
                 password: str | None = None, acting_user: Any) -> tuple[User, str]:
    """A new staff login of `agency`; the password (generated unless given), to be shown once."""
    if not _may_manage_agency(acting_user, agency.pk):
        raise Forbidden("您无权为该机关创建账号。", "You may not create logins for this agency.")
    if not display_name.strip():
        raise ActionError("请填写姓名。", "Enter the person's name.", field="display_name")
    with transaction.atomic():
        user = User(username=username.strip(), display_name=display_name.strip(), role=_role(role),
                    agency=agency, officer=_officer(officer, agency.pk, None), is_active=True)
        chosen = _password(password, user)
        user.set_password(chosen)
        user.must_change_password = not password  # a generated one-time password: changed at the next sign-in
        validated(user, exclude=["password"])
        user.save()
        after = _visible(user) | {"password_changed": True}
        record("user.create", user, acting_user=acting_user, after=after, agency_id=agency.pk)
    return user, chosen


def _update(user: User, changes: dict[str, Any], *, action: str, acting_user: Any) -> User:
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        _guard(acting_user, current)
        before = _visible(current)
        for name, value in changes.items():
            setattr(current, name, value)
        validated(current, exclude=["password"])
        after = _visible(current)
        if after == before:
            return current
        current.save(update_fields=list(changes))
        changed = {k for k in after if after[k] != before.get(k)}
        record(action, current, acting_user=acting_user, before={k: before[k] for k in sorted(changed)},
               after={k: after[k] for k in sorted(changed)}, agency_id=current.agency_id)
    return current


def set_active(user: User, active: bool, *, acting_user: Any) -> User:
    """Deactivate (the login can no longer sign in; its records and audit trail stay) or reactivate."""
    _guard(acting_user, user)
    _not_self(acting_user, user)
    return _update(user, {"is_active": active}, action="user.activate" if active else "user.deactivate",
                   acting_user=acting_user)


def change_login(user: User, *, role: str, display_name: str, officer: Officer | None, acting_user: Any) -> User:
    """A login's role, name and the officer it belongs to (of the same agency, without another login)."""
    _guard(acting_user, user)
    if role != user.role:
        _not_self(acting_user, user)
    if not display_name.strip():
        raise ActionError("请填写姓名。", "Enter the person's name.", field="display_name")
    assert user.agency_id is not None  # _guard
    changes = {"role": _role(role), "display_name": display_name.strip(),
               "officer": _officer(officer, user.agency_id, user)}
    return _update(user, changes, action="user.update", acting_user=acting_user)


def reset_password(user: User, *, password: str | None = None, acting_user: Any) -> str:
    """A new password: the one given (checked by the password validators) or a generated one-time
    password; returned to be shown once. The event records only that the password changed."""
    _guard(acting_user, user)
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        _guard(acting_user, current)
        chosen = _password(password, current)
        current.set_password(chosen)
        before = current.must_change_password
        current.must_change_password = not password  # a generated one-time password: changed at the next sign-in
        current.save(update_fields=["password", "must_change_password"])
        record("user.password_reset", current, acting_user=acting_user, before={"must_change_password": before},
               after={"password_changed": True, "must_change_password": current.must_change_password},
               agency_id=current.agency_id)
    return chosen


def change_own_password(user: User, *, old_password: str, new_password: str, acting_user: Any) -> User:
    """A person replaces their own password (after a one-time password, or whenever they like): the
    current one must be given, the new one must pass the password validators and differ from it.
    Clears `must_change_password`. The event records only that the password changed."""
    if not getattr(acting_user, "is_authenticated", False) or acting_user.pk != user.pk:
        raise Forbidden("只能修改本人的密码。", "You may change only your own password.")
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        if not current.check_password(old_password or ""):
            raise ActionError("当前密码不正确。", "The current password is wrong.", field="old_password")
        if not new_password:
            raise ActionError("请填写新密码。", "Enter the new password.", field="new_password")
        if new_password == old_password:
            raise ActionError("新密码不能与当前密码相同。", "The new password must differ from the current one.",
                              field="new_password")
        try:
            validate_password(new_password, current)
        except ValidationError as err:
            raise ActionError(f"密码不符合要求：{' '.join(err.messages)}",
                              "The password does not meet the requirements.", field="new_password") from None
        before = current.must_change_password
        current.set_password(new_password)
        current.must_change_password = False
        current.save(update_fields=["password", "must_change_password"])
        record("user.password_change", current, acting_user=acting_user, before={"must_change_password": before},
               after={"password_changed": True, "must_change_password": False}, agency_id=current.agency_id)
    return current

"""Who sees and who may act on licensing records.

Reads go through the policy querysets registered with yifa.registry.access: an application outside
the user's scope is "not found", exactly like one that does not exist. Acting on an application is the
business of the licensing staff of its own agency only; a supervisor who may see it gets
a refusal, not the record changed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.licensing.models import (
    Licence,
    LicenceApplication,
    LicenceExtension,
    LicenceHearing,
    LicenceStep,
    LicenceSuspension,
)
from yifa.registry.access import access_record, register, scoped

#: Agency roles that handle licensing (the finance office does not).
LICENSING_ROLES = frozenset({Role.OFFICER, Role.LEGAL_REVIEWER, Role.AGENCY_HEAD, Role.AGENCY_ADMIN})


register(LicenceApplication, "agency")
register(Licence, "agency")
register(LicenceStep, "application__agency")
register(LicenceSuspension, "application__agency")
register(LicenceHearing, "application__agency")
register(LicenceExtension, "licence__agency")


def applications_for(user: Any) -> QuerySet[LicenceApplication]:
    """The policy queryset: the applications `user` may see."""
    return scoped(LicenceApplication, user)


def licences_for(user: Any) -> QuerySet[Licence]:
    return scoped(Licence, user)


def access_application(pk: Any, user: Any) -> LicenceApplication:
    return access_record(LicenceApplication, pk, user)


def access_licence(pk: Any, user: Any, *, for_update: bool = False) -> Licence:
    """A licence the user may see; `for_update` locks it (a renewal, against a second one at once)."""
    licence = access_record(Licence, pk, user)
    return Licence.objects.select_for_update(no_key=True).get(pk=licence.pk) if for_update else licence


def may_act(user: Any, agency_id: int) -> bool:
    """Licensing staff of that very agency."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role in LICENSING_ROLES and user.agency_id is not None and user.agency_id == agency_id
    )


def is_head_of(user: Any, agency_id: int) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.AGENCY_HEAD
                and user.agency_id == agency_id)

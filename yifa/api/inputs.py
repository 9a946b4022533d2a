"""API input as the actions take it, shared by the procedure apps' routers: enum members as
their stored values, officers by id, and the agency-staff guard. A value that is not the user's
agency's is refused like a missing one (400/403 with both messages, yifa.api.errors)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from pydantic import Field

from yifa.lib.bounds import ID_MAX
from yifa.lib.errors import ActionError, Forbidden
from yifa.registry.models import Officer
from yifa.workflow.steps import plain

__all__ = ["IdFilter", "YearFilter", "agency_officer", "agency_staff", "plain", "plain_dict"]  # plain: the workflow core's

#: A list filter naming a record by id (`?agency_id=`): a number a database column can hold — a
#: larger one is refused (422, both languages) rather than overflowing the driver.
IdFilter = Annotated[int, Field(ge=1, le=ID_MAX)]
#: A list filter by year (`?year=`).
YearFilter = Annotated[int, Field(ge=1900, le=2999)]


def plain_dict(data: dict[str, Any]) -> dict[str, Any]:
    return {k: plain(v) for k, v in data.items()}


def agency_officer(agency_id: Any, pk: Any, field: str) -> Officer:
    """An officer of the agency, by id; anything else is a refusal."""
    officer = Officer.objects.filter(agency_id=agency_id, pk=pk).first() if isinstance(pk, int) else None
    if officer is None:
        raise ActionError("所选执法人员不是本机关的执法人员。", "That officer is not this agency's officer.", field=field)
    return officer


def agency_staff(request: HttpRequest, zh: str, en: str) -> Any:
    """The user, if a member of an agency's staff (who alone record on its behalf); else 403."""
    user: Any = request.user
    if not user.is_agency_staff:
        raise Forbidden(zh, en)
    return user

"""Who a step waits on, declared beside who may take it (the to-do lists read it).

An `Actor` says who *may* take a step (a test on one user and one record); its `Audience` says
whose list the record lands on while the step is open: roles of the record's agency (the head
approves), named people (the case's officers), roles of the record's region (the county legal
office). The two are declared side by side so that a new procedure gets its to-do lists without
page code. An audience names users by key (see yifa.workflow.models.WorkItem).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


def agency_key(agency_id: int, role: str) -> str:
    return f"agency:{agency_id}:{role}"


def region_key(region_id: int, role: str) -> str:
    return f"region:{region_id}:{role}"


@dataclass(frozen=True)
class Audience:
    """Whose to-do list a record lands on while a step is open."""

    #: Roles of the record's agency (`record.agency_id`).
    roles: frozenset[str] = frozenset()
    #: Named people: the ids of the users (e.g. the logins of the case's officers).
    people: Callable[[Any], Iterable[int]] | None = None
    #: Roles of a region, and the region (e.g. the county legal office routes a complaint).
    region_roles: frozenset[str] = frozenset()
    region_of: Callable[[Any], int | None] = lambda record: getattr(record, "region_id", None)

    def keys(self, record: Any) -> list[str]:
        agency_id = getattr(record, "agency_id", None)
        keys = [agency_key(agency_id, role) for role in sorted(self.roles)] if agency_id else []
        if self.people is not None:
            keys += [user_key(pk) for pk in sorted(set(self.people(record)))]
        region_id = self.region_of(record) if self.region_roles else None
        if region_id:
            keys += [region_key(region_id, role) for role in sorted(self.region_roles)]
        return keys


#: Steps nobody is waited on for (the system takes them, or they are taken on request).
NOBODY = Audience()


def _no_due(record: Any) -> dt.date | None:
    return None


@dataclass(frozen=True)
class Worklist:
    """How a procedure's records appear on to-do lists."""

    #: The URL name of the record's page (taking `pk`).
    url_name: str
    #: What the item is called on a list (e.g. the case number and title).
    title: Callable[[Any], str]
    #: The date the open step is due, if the record keeps one.
    due: Callable[[Any], dt.date | None] = _no_due
    #: Who is waited on for a step whose actor declares no audience of its own.
    audience: Audience = field(default_factory=Audience)

"""Reads of the random-inspection records for a user: policy querysets registered with
yifa.registry.access (an agency's staff see their agency's directory, pool and plans; oversight
staff their region's) and the one way to fetch a plan ("not yours" = "missing")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.randomcheck.models import Entity, Inspector, Plan, PlanItem, PlanStep, Recusal
from yifa.registry.access import access_record, register, scoped

register(Entity, "agency")
register(Inspector, "agency")
register(Recusal, "agency")
register(Plan, "agency")
register(PlanItem, "plan__agency")
register(PlanStep, "plan__agency")


def plans_for(user: Any) -> QuerySet[Plan]:
    return scoped(Plan, user)


def entities_for(user: Any) -> QuerySet[Entity]:
    return scoped(Entity, user)


def inspectors_for(user: Any) -> QuerySet[Inspector]:
    return scoped(Inspector, user)


def access_plan(pk: Any, user: Any) -> Plan:
    return access_record(Plan, pk, user)


def access_item(pk: Any, user: Any) -> PlanItem:
    return access_record(PlanItem, pk, user)

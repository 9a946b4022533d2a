"""Reads of the ledger and the property register: the registry's policy querysets (one agency's
staff see only their agency's notices, statements and property; supervisors their region's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.fines.models import BankPayment, Instalment, LedgerPause, PaymentNotice, Property, Statement
from yifa.registry import access

access.register(PaymentNotice, "agency")
access.register(LedgerPause, "notice__agency")
access.register(Instalment, "notice__agency")
access.register(Statement, "agency")
access.register(BankPayment, "statement__agency")
access.register(Property, "agency")

#: Who keeps the ledger: finance staff (罚没财务人员) and the head.
LEDGER_KEEPERS = frozenset({Role.FINANCE, Role.AGENCY_HEAD})


def notices_for(user: Any) -> QuerySet[PaymentNotice]:
    return access.scoped(PaymentNotice, user)


def statements_for(user: Any) -> QuerySet[Statement]:
    return access.scoped(Statement, user)


def property_for(user: Any) -> QuerySet[Property]:
    return access.scoped(Property, user)


def keeps_ledger(user: Any) -> bool:
    return bool(getattr(user, "is_agency_staff", False) and user.role in LEDGER_KEEPERS)

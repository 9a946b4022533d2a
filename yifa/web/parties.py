"""What a user sees of a party (a case's party, an applicant, a licence holder, an inspected
business): heads, administrators and oversight see everything; everyone else sees identity
numbers and phones masked, and a person's home address cut to its district (yifa.lib.masking)."""

from __future__ import annotations

from typing import Any

from yifa.accounts.models import Role
from yifa.lib.masking import mask_phone, mask_resident_id

#: Who sees a party's identity number, phone and home address in full (within the records they
#: may see at all).
FULL_PARTY_ROLES = frozenset({Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.SUPERVISOR, Role.SYSADMIN})


def sees_full_party(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_sysadmin or user.role in FULL_PARTY_ROLES))


def mask_address(value: str) -> str:
    """A person's home address: the district part only (浦江县浦阳街道******)."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "*" * min(len(value) - 6, 6)


def party_view(user: Any, *, name: str = "", kind_label: Any = "", code: str = "", phone: str = "",
               address: str = "", home_address: bool = False) -> dict[str, Any]:
    """The party as this user may see it; `home_address`: the address is a person's home (masked
    like the code), not an organisation's seat."""
    full = sees_full_party(user)
    return {
        "name": name, "kind_label": kind_label,
        "code": code if full else mask_resident_id(code),
        "phone": phone if full else mask_phone(phone),
        "address": address if full or not home_address else mask_address(address),
        "masked": not full,
    }

"""What a public record may say about a person (3S; APL 48): an individual's name partly hidden
(张*), ID numbers, phone numbers and home addresses removed — also from free text such as the
facts, where an officer may have typed them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from yifa.lib.masking import mask_person_name

REMOVED = "[已隐去]"

#: An 18-character resident ID (region, birth date, sequence, check character) or a 15-digit one.
RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])(?:[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])")
#: A mobile number (+86 optional) or a landline with its area code.
PHONE = re.compile(r"(?<![0-9A-Za-z])(?:(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}-?\d{7,8})(?![0-9A-Za-z])")


def scrub(text: str, *, remove: Iterable[str] = (), names: Iterable[tuple[str, str]] = ()) -> str:
    """`text` with the given values removed, full names replaced by their masked form, and
    anything shaped like an ID or phone number removed."""
    for value in sorted({v for v in remove if v and len(v) >= 4}, key=len, reverse=True):
        text = text.replace(value, REMOVED)
    for full, masked in names:
        if full:
            text = text.replace(full, masked)
    return PHONE.sub(REMOVED, RESIDENT_ID.sub(REMOVED, text))


def public_party(name: str, *, is_person: bool) -> str:
    return mask_person_name(name) if is_person else name

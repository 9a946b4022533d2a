"""Chinese identity codes and phone numbers: their check characters and the one canonical form
each is stored in.

GB 11643-1999: the 18-digit citizen identity number ends with an ISO 7064 MOD 11-2
check character. GB 32100-2015: the 18-character unified social credit code ends with
a MOD 31 check character over its own 31-symbol alphabet (no I, O, Z, S, V).

Everything a person types is canonicalised the same way before it is checked and stored
(`canonical_resident_id`, `canonical_uscc`, `canonical_party_code`, `canonical_phone`): NFKC
(full-width digits and letters → ASCII), spaces and hyphens inside removed, upper case. One stored form is what
lets a later search or the no-penalty look-back find the same party again. A masked value
(330***********1234, copied from a page that hides the middle) is refused: it cannot be checked
and would match nobody. A 15-digit resident ID (the first-generation card, issued before 1999
to people born in the 1900s) is converted to its 18-digit form (century 19 and the check
character), as GB 11643 prescribes; the stored code is always the 18-digit one.

Phones: a mobile number is stored as its 11 digits (13812345678), a landline as area code,
hyphen, local number (0579-84123456; area codes 010 and 02x have three digits, all others
four), an extension after 转 (0579-84123456转801), a 400/800 service number as its 10 digits.
+86 / 0086 in front is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo

from yifa.lib.errors import ActionError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

#: The party-kind value (cases' PartyKind, licensing's ApplicantKind) of a natural person.
INDIVIDUAL = "individual"
#: ... and of a legal person or other organisation.
ORGANISATION = "organisation"

#: What pages and spreadsheets put in place of hidden digits (after NFKC, full-width asterisks and question marks are plain).
MASK_CHARS = frozenset("*?×●•·※○")
#: Separators people type inside a code or a phone number, after NFKC (which makes full-width
#: ones plain): spaces, hyphen-minus, the Unicode hyphens and dashes, minus, underscore, dot, brackets.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.()]+")

Message = tuple[str, str]


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _ascii_digits(text: str) -> bool:
    # str.isdigit() is also true of full-width and other scripts' digits: a stored code is ASCII.
    return text.isascii() and text.isdigit()


# --- what is wrong with a code (None when nothing is) ---------------------------------------------

def _resident_id_error(v: str) -> Message | None:
    if len(v) != 18 or not _ascii_digits(v[:17]) or not (_ascii_digits(v[17]) or v[17] == "X"):
        return ("身份证号码应为18位（或15位旧号码），前17位为数字，末位为数字或X",
                "A resident ID number has 18 characters (or 15 in the old form): 17 digits, then a digit or X")
    try:
        dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效", "The date of birth inside the resident ID number is not a real date"
    if resident_id_check_char(v[:17]) != v[17]:
        return ("身份证号码校验码错误，请核对号码（GB 11643）",
                "The resident ID number's check character is wrong; check the number (GB 11643)")
    return None


def _uscc_error(v: str) -> Message | None:
    if len(v) != 18 or any(c not in USCC_ALPHABET for c in v):
        return ("统一社会信用代码应为18位，只含数字和除I、O、Z、S、V以外的大写字母",
                "A unified social credit code has 18 characters: digits and capital letters other than I, O, Z, S, V")
    if not _ascii_digits(v[2:8]):
        return ("统一社会信用代码第3至8位应为行政区划代码",
                "Characters 3 to 8 of a unified social credit code are the region code")
    if uscc_check_char(v[:17]) != v[17]:
        return ("统一社会信用代码校验码错误，请核对代码（GB 32100）",
                "The unified social credit code's check character is wrong; check the code (GB 32100)")
    return None


def resident_id_problem(value: str) -> str | None:
    """None when `value` is a valid GB 11643 number as stored (18 ASCII characters), else the reason in Chinese."""
    error = _resident_id_error(value.strip().upper())
    return error[0] if error else None


def uscc_problem(value: str) -> str | None:
    """None when `value` is a valid GB 32100 unified social credit code, else the reason."""
    error = _uscc_error(value.strip().upper())
    return error[0] if error else None


# --- canonical forms -------------------------------------------------------------------------------

def normalise(value: str) -> str:
    """NFKC (full-width forms → ASCII), separators inside removed, upper case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()


def _refused(error: Message, field: str) -> ActionError:
    return ActionError(f"{error[0]}。", f"{error[1]}.", field=field)


def _refuse_masked(v: str, field: str) -> None:
    if any(c in MASK_CHARS for c in v):
        raise ActionError("号码已脱敏（含*等遮挡字符），请填写完整号码。",
                          "The number is masked (it has * or other hiding characters); enter the full number.",
                          field=field)


def _from_15_digits(v: str) -> str:
    """GB 11643's conversion of a first-generation 15-digit number: century 19, then the check."""
    first17 = f"{v[:6]}19{v[6:]}"
    return first17 + resident_id_check_char(first17)


def canonical_resident_id(value: str, *, field: str = "resident_id") -> str:
    """The stored 18-character form of a resident ID number, or a bilingual refusal."""
    v = normalise(value)
    _refuse_masked(v, field)
    if len(v) == 15 and _ascii_digits(v):
        v = _from_15_digits(v)
    if error := _resident_id_error(v):
        raise _refused(error, field)
    return v


def canonical_uscc(value: str, *, field: str = "uscc") -> str:
    """The stored form of a unified social credit code, or a bilingual refusal."""
    v = normalise(value)
    _refuse_masked(v, field)
    if error := _uscc_error(v):
        raise _refused(error, field)
    return v


def canonical_or_typed(value: str, canonicalise: Callable[[str], str]) -> str:
    """`value` in its stored form where it has one, else as typed (the model's validator then says
    what is wrong with it): for model fields that are checked by validators, as the registry's are."""
    if not isinstance(value, str):
        return value
    try:
        return canonicalise(value) if value.strip() else value
    except ActionError:
        return value


def canonical_party_code(kind: Any, value: str, *, field: str = "party_code") -> str:
    """A party's code as stored: a person's resident ID, an organisation's credit code; either one
    where the kind is not known (an inspection names whoever it found). Blank stays blank."""
    if not (value or "").strip():
        return ""
    if kind == INDIVIDUAL:
        return canonical_resident_id(value, field=field)
    if kind == ORGANISATION:
        return canonical_uscc(value, field=field)
    v = normalise(value)
    _refuse_masked(v, field)
    if _uscc_error(v) is None:
        return v
    try:
        return canonical_resident_id(v, field=field)
    except ActionError:
        raise ActionError("证件号码应为有效的统一社会信用代码或身份证号码，请核对。",
                          "The code must be a valid unified social credit code or resident ID number; check it.",
                          field=field) from None


_MOBILE = re.compile(r"1[3-9]\d{9}")
_SERVICE = re.compile(r"[48]00\d{7}")
_LANDLINE = re.compile(r"0\d{9,11}")
_EXTENSION = re.compile(r"(?:转|EXT|分机)(\d{1,6})$")
_PHONE_ERROR = ("联系电话应为11位手机号码，或带区号的固定电话（如0579-84123456）",
                "A phone number is an 11-digit mobile number or a landline with its area code (e.g. 0579-84123456)")


def stored_party_code(kind: Any, value: str) -> str:
    """A party code already stored, in its stored form where it has one, else as it is (for data
    written before codes were checked: the data migrations rewrite how a number is written, never
    which number it is, and never fail on old data)."""
    return canonical_or_typed(value, lambda v: canonical_party_code(kind, v))


def _national(v: str) -> str:
    """The number without +86 / 0086 (a landline then gets back the 0 of its area code)."""
    for prefix in ("+86", "0086"):
        if v.startswith(prefix):
            rest = v[len(prefix):]
            return rest if _MOBILE.fullmatch(rest) or rest.startswith("0") else f"0{rest}"
    return v


def canonical_phone(value: str, *, field: str = "phone") -> str:
    """The stored form of a phone number (see the module's docstring), or a bilingual refusal."""
    if not (value or "").strip():
        return ""
    v = normalise(value)
    _refuse_masked(v, field)
    extension = ""
    if found := _EXTENSION.search(v):
        extension, v = f"转{found.group(1)}", v[:found.start()]
    v = _national(v)
    if not extension and (_MOBILE.fullmatch(v) or _SERVICE.fullmatch(v)):
        return v
    if _LANDLINE.fullmatch(v):
        area = v[:3] if v[1] in "12" else v[:4]
        local = v[len(area):]
        if len(local) in (7, 8):
            return f"{area}-{local}{extension}"
    raise _refused(_PHONE_ERROR, field)


def stored_phone(value: str) -> str:
    """A phone already stored, in its stored form where it has one, else as it is (see stored_party_code)."""
    return canonical_or_typed(value, canonical_phone)


def canonical_party_fields(data: Mapping[str, Any], prefix: str = "party") -> dict[str, Any]:
    """`data` with `<prefix>_code` (checked against `<prefix>_kind`) and `<prefix>_phone` in their
    stored forms: what every action that takes a party in calls before it validates the record."""
    out = dict(data)
    kind, code, phone = f"{prefix}_kind", f"{prefix}_code", f"{prefix}_phone"
    if code in out:
        out[code] = canonical_party_code(_plain(out.get(kind)), str(out[code] or ""), field=code)
    if phone in out:
        out[phone] = canonical_phone(str(out[phone] or ""), field=phone)
    return out


def _plain(kind: Any) -> Any:
    return getattr(kind, "value", kind)


# --- the same, as pydantic types for API inputs ----------------------------------------------------
# The validators raise the ActionError itself (not a ValueError, which pydantic would turn into a
# 422 without the Chinese sentence): the API answers it like the action's own refusal, 400.

#: Fields that may carry the party's kind, declared before the code in an input schema.
_KIND_FIELDS = ("party_kind", "applicant_kind")


def _party_code_input(value: str, info: ValidationInfo) -> str:
    kind = next((info.data[k] for k in _KIND_FIELDS if k in info.data), None)
    return canonical_party_code(_plain(kind), value, field=info.field_name or "party_code")


def _phone_input(value: str, info: ValidationInfo) -> str:
    return canonical_phone(value, field=info.field_name or "phone")


#: A party's code in an API input: checked against the kind given before it, stored form.
PartyCode = Annotated[str, AfterValidator(_party_code_input)]
#: A phone number in an API input, stored form.
PhoneNumber = Annotated[str, AfterValidator(_phone_input)]

"""Check characters of Chinese identity codes.

GB 11643-1999: the 18-digit citizen identity number ends with an ISO 7064 MOD 11-2
check character. GB 32100-2015: the 18-character unified social credit code ends with
a MOD 31 check character over its own 31-symbol alphabet (no I, O, Z, S, V).
"""

from __future__ import annotations

import datetime as dt

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def resident_id_problem(value: str) -> str | None:
    """None when `value` is a valid GB 11643 number, else the reason in Chinese."""
    v = value.strip().upper()
    if len(v) != 18 or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return "身份证号码应为18位，前17位为数字，末位为数字或X"
    try:
        dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效"
    if resident_id_check_char(v[:17]) != v[17]:
        return "身份证号码校验码错误"
    return None


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(value: str) -> str | None:
    """None when `value` is a valid GB 32100 unified social credit code, else the reason."""
    v = value.strip().upper()
    if len(v) != 18 or any(c not in USCC_ALPHABET for c in v):
        return "统一社会信用代码应为18位，只含数字和除I、O、Z、S、V以外的大写字母"
    if not v[2:8].isdigit():
        return "统一社会信用代码第3至8位应为行政区划代码"
    if uscc_check_char(v[:17]) != v[17]:
        return "统一社会信用代码校验码错误"
    return None

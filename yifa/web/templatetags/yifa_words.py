"""Names instead of codes where a person reads (issue 13 item 5): the holiday calendar's data
version ("2004-2026@v23") as the years it covers, and a calendar year's source without the
software package it was loaded from ("chinese-calendar 1.11.0（国务院办公厅节假日安排通知）")."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext

register = template.Library()

_VERSION = re.compile(r"^(\d{4})-(\d{4})@v\d+$")
_PACKAGE = re.compile(r"^\s*chinese[-_ ]?calendar\s+[\w.]+\s*")


@register.filter
def calendar_years(version: str) -> str:
    """"2004-2026@v23" → "2004年至2026年的节假日安排" (the page language); nothing loaded → said so."""
    found = _VERSION.match(str(version or ""))
    if not found:
        return gettext("尚未载入节假日安排")
    first, last = found.groups()
    if first == last:
        return gettext("%(year)s年的节假日安排") % {"year": first}
    return gettext("%(first)s年至%(last)s年的节假日安排") % {"first": first, "last": last}


@register.filter
def calendar_source(source: str) -> str:
    """A year's source as a person reads it: the notice, not the package that shipped it."""
    text = str(source or "")
    if not _PACKAGE.match(text):
        return text
    rest = _PACKAGE.sub("", text).strip().strip("（）()").strip()
    return rest or gettext("国务院办公厅节假日安排通知")

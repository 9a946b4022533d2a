"""The portal's template helpers: its menu (yifa.portal.nav) and links that keep the language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from yifa.portal.nav import LINKS, PortalLink

register = template.Library()


@register.simple_tag
def portal_links() -> list[PortalLink]:
    return list(LINKS)


@register.simple_tag
def lang_query() -> str:
    """'?lang=en' in English, '' in Chinese: appended to every portal link."""
    return "?lang=en" if (get_language() or "").startswith("en") else ""


@register.simple_tag(takes_context=True)
def switch_language(context: Any) -> str:
    """This page in the other language (the same path and query)."""
    request = context["request"]
    params = request.GET.copy()
    if (get_language() or "").startswith("en"):
        params.pop("lang", None)
    else:
        params["lang"] = "en"
    query = params.urlencode()
    return request.path + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def with_page(context: Any, number: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()

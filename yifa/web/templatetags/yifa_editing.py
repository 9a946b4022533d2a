"""Template tags for the "新增" / "修改" buttons: shown only to whoever may use them."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from yifa.registry import access

register = template.Library()


@register.simple_tag(takes_context=True)
def may_edit(context: Any, obj: Any) -> bool:
    """{% may_edit law as can_edit %}"""
    return access.can_edit(context["request"].user, obj)


@register.simple_tag(takes_context=True)
def create_url_for(context: Any, listing: Any) -> str:
    """The "新增" page for a list served by views_more_forms, if the user may add such records."""
    from yifa.web.views_more_forms import CREATE_URLS, may_create

    name = CREATE_URLS.get(listing.model)
    # A list page's ListScope: the agencies it has read already, if it needed them.
    if not name or not may_create(context["request"].user, listing.model, context.get("scope")):
        return ""
    return reverse(name)

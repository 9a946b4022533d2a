"""{% load yifa_lists %}: the options of a list's filter select (_parts/list_filter.html), written
in Python rather than by a template loop with a comparison per option (the same markup)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString

from yifa.lib.htmlrows import filter_options

register = template.Library()


@register.simple_tag
def choice_options(choices: Sequence[tuple[Any, Any]], chosen: Any) -> SafeString:
    """{% choice_options choices chosen %}: `<option>`s with `chosen` selected."""
    return filter_options(choices, chosen)

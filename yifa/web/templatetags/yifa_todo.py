"""{% load yifa_todo %}: `{% waiting_on record %}` — whom a record waits on now, and by when."""

from __future__ import annotations

from typing import Any

from django import template

from yifa.web.todo import waiting_lines

register = template.Library()


@register.inclusion_tag("_parts/waiting.html")
def waiting_on(record: Any) -> dict[str, Any]:
    return {"waiting": waiting_lines(type(record), record.pk)}

"""{% load yifa_i18n %}: filters that show Chinese-or-English data in the page language.

`|tr` a Chinese label held as data (a model's choice label); `|in_language` a bilingual refusal
(ActionError: .zh / .en); `|label_in_language` an object with .label / .label_en;
`|bilingual` a "中文 / English" string (messages of modules that still join both)."""

from __future__ import annotations

from typing import Any

from django import template

from yifa.web import i18n

register = template.Library()


@register.filter
def tr(text: Any) -> Any:
    return i18n.tr(text)


@register.filter
def day_count(rule: Any, style: str = "") -> str:
    """{{ rule|day_count }} → "7个工作日"; {{ rule|day_count:"long" }} spells out calendar days."""
    return i18n.day_count(rule.count, rule.unit, spelled_out=style == "long")


@register.filter
def in_language(error: Any) -> str:
    return i18n.in_language(error)


@register.filter
def label_in_language(obj: Any) -> str:
    return str(obj.label_en if i18n.is_english() else obj.label)


@register.filter
def bilingual(text: Any) -> str:
    return i18n.bilingual(str(text))


@register.filter
def refusal(error: Any) -> dict[str, str]:
    """A bilingual refusal (ActionError) for display, in the page language only."""
    return {"main": i18n.in_language(error)}

"""What a list row written in Python (yifa.lib.htmlrows) needs from the page: choice labels in the
page language, record URLs and day counts, each worked out once per page rather than per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.text import Truncator

from yifa.web.i18n import day_count, tr
from yifa.web.templatetags.yifa_url import PROBE, quick_reverse


def choice_labels(model: type[models.Model], field: str) -> Callable[[Any], str]:
    """`get_FOO_display|tr` for many rows: the field's labels translated once (a value outside the
    choices shows as itself, as Django's display method does)."""
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, models.Field)  # a model's own field, not a relation
    labels = {value: str(tr(label)) for value, label in model_field.flatchoices}
    return lambda value: labels[value] if value in labels else str(tr(value))


def url_maker(view_name: str) -> Callable[[int], str]:
    """The record URL of a `{% url view_name pk %}`: the text around the id found once per page
    (the tag's own remembered shape, yifa_url), each row's URL then put together from it."""
    probed = quick_reverse(view_name, [PROBE], None)
    if probed is not None:
        before, found, after = probed.partition(str(PROBE))
        if found and str(PROBE) not in after:
            return lambda pk: f"{before}{pk}{after}"
    return lambda pk: reverse(view_name, args=[pk])  # no plain id in the pattern: as the tag would


def short(text: str, length: int = 60) -> str:
    """`|truncatechars:60`."""
    return Truncator(text).chars(length)


def day_counts() -> Callable[[int, str], str]:
    """`|day_count` for many rows: each (count, unit) translated once per page."""
    seen: dict[tuple[int, str], str] = {}

    def text(count: int, unit: str) -> str:
        key = (count, unit)
        if key not in seen:
            seen[key] = day_count(count, unit)
        return seen[key]
    return text

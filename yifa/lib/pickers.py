"""Widgets for pickers of people (officers, staff logins): each option / checkbox carries a
`data-pinyin` attribute (yifa.lib.pinyin.search_text) that yifa/static/yifa/picker.js matches the
typed query against as well as the label, so "zh", "zhang" or "zs" finds 张三."""

from __future__ import annotations

from typing import Any

from django import forms

from yifa.lib import pinyin


def pinyin_of(value: Any, label: Any) -> str:
    """The search text of one choice: from the model's stored `name_key` when the choice is a model
    instance that has one, else from its `display_name`/`name`, else from the label."""
    instance = getattr(value, "instance", None)
    key = getattr(instance, "name_key", "") if instance is not None else ""
    if key:
        return pinyin.search_text(key)
    name = (getattr(instance, "display_name", "") or getattr(instance, "name", "")) if instance is not None else ""
    return pinyin.person_search_text(str(name or label or ""))


class _Pinyin:
    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(  # type: ignore[misc]
            name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value not in (None, ""):
            text = pinyin_of(value, label)
            if text:
                option["attrs"] = {**option["attrs"], "data-pinyin": text}
        return option


class PersonSelect(_Pinyin, forms.Select):
    """A drop-down of people."""


class PersonCheckboxes(_Pinyin, forms.CheckboxSelectMultiple):
    """A list of checkboxes of people."""

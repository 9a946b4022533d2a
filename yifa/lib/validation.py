"""Turning Django's validation errors into one bilingual refusal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from yifa.lib.errors import ActionError


def _first(err: ValidationError) -> tuple[str | None, str]:
    if hasattr(err, "error_dict"):
        field, errors = next(iter(err.message_dict.items()))
        return (None if field == "__all__" else field), errors[0]
    return None, err.messages[0]


def _side(message: str, index: int) -> str:
    """Our own messages are "中文 / English"; Django's are translated per language."""
    parts = message.split(" / ", 1)
    return parts[index] if len(parts) == 2 else message


def validated(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """full_clean(), raising ActionError in both languages when `obj` is invalid."""
    try:
        with translation.override("zh-hans"):
            obj.full_clean(exclude=exclude)
    except ValidationError as err_zh:
        with translation.override("zh-hans"):
            field, zh = _first(err_zh)
        en = zh
        with translation.override("en"):
            try:
                obj.full_clean(exclude=exclude)
            except ValidationError as err_en:
                en = _first(err_en)[1]  # read while English is active: OneLanguage messages
        label = _field_label(obj, field)
        raise ActionError(f"{label}{_side(zh, 0)}", f"{field + ': ' if field else ''}{_side(en, 1)}", field=field) from None


def _field_label(obj: models.Model, field: str | None) -> str:
    if not field:
        return ""
    try:
        return f"{getattr(obj._meta.get_field(field), 'verbose_name', field)}："
    except Exception:
        return f"{field}："

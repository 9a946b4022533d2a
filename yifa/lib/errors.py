"""Refusals that reach a person: one sentence in Chinese, one in English."""

from __future__ import annotations

from django.utils.functional import lazy

from yifa.lib.citations import cite_en


def _in_active_language(zh: str, en: str) -> str:
    from django.utils.translation import get_language

    return en if (get_language() or "").startswith("en") else zh


#: A message held in both languages that reads in the active one, as Django's own translated
#: messages do (a model validator's message: a form printed "中文 / English" as it was).
one_language = lazy(_in_active_language, str)


class ActionError(Exception):
    """A refused write or bad input. Nothing has changed when this is raised.

    `zh` and `en` are whole sentences; `field` names the input at fault, `rule` the
    statute or policy that refuses (e.g. "行政处罚法第四十二条").
    """

    status = 400

    def __init__(self, zh: str, en: str, *, field: str | None = None, rule: str | None = None):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.field = field
        self.rule = rule

    def as_dict(self) -> dict[str, str | None]:
        return {"message": self.zh, "message_en": self.en, "field": self.field, "rule": self.rule}


class NotFound(ActionError):
    """"Not yours" and "does not exist" are the same answer."""

    status = 404

    def __init__(self) -> None:
        super().__init__("记录不存在。", "No such record.")


class Forbidden(ActionError):
    status = 403

    def __init__(self, zh: str = "您无权执行此操作。", en: str = "You may not do this.", *,
                 rule: str | None = None) -> None:
        super().__init__(zh, en, rule=rule)

    @classmethod
    def because(cls, zh: str, en: str, rule: str = "") -> Forbidden:
        """May see the record but may not act: the reason, naming the rule (403)."""
        if not rule:
            return cls(zh if zh.endswith("。") else f"{zh}。", en if en.endswith(".") else f"{en}.")
        return cls(f"{zh}（{rule}）", f"{en} ({cite_en(rule)})", rule=rule)


def refuse(zh: str, en: str, rule: str = "", field: str | None = None) -> ActionError:
    """A refusal that names the rule: "…（行政处罚法第四十二条）"."""
    return ActionError(f"{zh}（{rule}）" if rule else zh, f"{en} ({cite_en(rule)})" if rule else en, field=field,
                       rule=rule or None)

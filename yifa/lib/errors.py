"""Refusals that reach a person: one sentence in Chinese, one in English."""

from __future__ import annotations

from yifa.lib.citations import cite_en


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

    def __init__(self, zh: str = "您无权执行此操作。", en: str = "You may not do this.") -> None:
        super().__init__(zh, en)


def refuse(zh: str, en: str, rule: str = "", field: str | None = None) -> ActionError:
    """A refusal that names the rule: "…（行政处罚法第四十二条）"."""
    return ActionError(f"{zh}（{rule}）" if rule else zh, f"{en} ({cite_en(rule)})" if rule else en, field=field,
                       rule=rule or None)

"""A Chinese legal citation in English: "行政处罚法第六十四条第（一）项" → "Administrative Penalty
Law, art. 64(1)". Used for the English half of a refusal; a name it does not know stays in
Chinese (an official title is better quoted than guessed)."""

from __future__ import annotations

import re

#: Laws cited by the gates (and the ones the demo powers enforce most), by their short names.
LAW_NAMES = {
    "行政处罚法": "Administrative Penalty Law",
    "行政许可法": "Administrative Licensing Law",
    "行政强制法": "Administrative Coercion Law",
    "行政复议法": "Administrative Reconsideration Law",
    "行政诉讼法": "Administrative Litigation Law",
    "食品安全法": "Food Safety Law",
    "案件归档管理规定": "the case archiving rules",
}

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[零一二两三四五六七八九十百]+"
_ARTICLE = re.compile(rf"第({_NUMERAL})条")
_PARAGRAPH = re.compile(rf"第({_NUMERAL})款")
_ITEM = re.compile(rf"第（({_NUMERAL})）项")


def zh_number(text: str) -> int:
    """A Chinese numeral up to the hundreds: "六十四" → 64, "十" → 10, "一百零二" → 102."""
    total, digit = 0, 0
    for ch in text:
        if ch == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif ch == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = _DIGITS[ch]
    return total + digit


def cite_en(rule: str) -> str:
    """The citation in English; what it cannot read is left as it is."""
    text = rule
    for zh, en in sorted(LAW_NAMES.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f"《{zh}》", en + ", ").replace(zh, en + ", ")
    text = _ARTICLE.sub(lambda m: f" art. {zh_number(m.group(1))}", text)
    text = _PARAGRAPH.sub(lambda m: f" para. {zh_number(m.group(1))}", text)
    text = _ITEM.sub(lambda m: f"({zh_number(m.group(1))})", text)
    text = text.replace("、", "; ").replace("，", ", ")
    return re.sub(r",\s*$", "", re.sub(r"\s+", " ", text).replace(" ;", ";")).strip()

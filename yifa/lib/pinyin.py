"""A person's name as a pinyin sort key: 李四 before 王五 before 张三 before 赵六 (li, wang, zhang,
zhao), as a Chinese reader looks a name up, not by code point (张 U+5F20 sorts before 李 U+674E).

`name_key("张三")` is "zhang1 san1": each character's reading without tone marks, its tone as a
digit, syllables separated by a space (so 李四 "li3 si4" sorts before 林一 "lin2 yi1"). A surname
read differently from the common word (曾 zeng, 单 shan, 解 xie …) is read as a surname. Other
text (Latin letters, digits) is kept, in lower case. The key is stored beside the name
(registry.Officer.name_key) so that lists are ordered by the database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

#: Stored keys are cut to this length (a name has at most 50 characters).
MAX_KEY = 255

#: Surnames whose reading differs from the character's most common reading.
SURNAMES = {
    "曾": "zeng1", "单": "shan4", "解": "xie4", "仇": "qiu2", "朴": "piao2", "区": "ou1", "查": "zha1",
    "盖": "ge3", "乐": "yue4", "缪": "miao4", "覃": "qin2", "翟": "zhai2", "尉": "yu4", "召": "shao4",
    "种": "chong2", "员": "yun4", "秘": "bi4", "长": "chang2", "重": "chong2", "藏": "zang4",
}


@lru_cache(maxsize=1)
def _reader() -> Callable[[str], list[str]]:
    # Names are not phrases: without the phrase table pypinyin loads in a quarter of the time and memory.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, lazy_pinyin

    def read(text: str) -> Any:
        return lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    return read


def name_key(name: str) -> str:
    """The pinyin sort key of a person's name (see the module's text)."""
    name = " ".join((name or "").split())
    if not name:
        return ""
    first = SURNAMES.get(name[0])
    parts = ([first] if first else []) + _reader()(name[1:] if first else name)
    words = [w for part in parts for w in str(part).lower().split()]
    return " ".join(words)[:MAX_KEY]


def search_text(key: str) -> str:
    """What a picker matches a typed query against, from a `name_key`: the full pinyin run together and
    the initials ("zhang1 san1" → "zhangsan zs"), so typing "zh", "zhang" or "zs" finds 张三."""
    syllables = ["".join(ch for ch in word if not ch.isdigit()) for word in (key or "").split()]
    syllables = [s for s in syllables if s]
    if not syllables:
        return ""
    return f"{''.join(syllables)} {''.join(s[0] for s in syllables)}"


def person_search_text(name: str) -> str:
    """`search_text` of a person's name as written."""
    return search_text(name_key(name))

"""Certificate areas as GB/T 2260 region codes.

A typed area ("金华市武义县", "浦江县", "武义县、浦江县", or codes such as "330726") is resolved
ONLY against the region tree: each part must name a chain of regions, each below the one before
("金华市" then a county of 金华市), and the whole part must be used up. A name the tree does not
know is unresolved, never read as its parent (the defect of issue 9 item 2: "金华市武义县" covering
浦江县 because 武义县 was unknown and the city remained). A certificate covers a case when one of
its regions is the case's region or above it (a city-level certificate covers its counties).

The resolver is a pure function over `Node`s, so the data migration that converts stored names
runs it over the historical rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: What separates the places of an area with several ("武义县、浦江县").
SEPARATORS = re.compile(r"[、，,；;/\uff0f|\s]+")  # \uff0f: the full-width solidus


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    path: str  # materialised path of codes: "33/3307/330726/" style, as Region.path


@dataclass(frozen=True)
class Tree:
    """The regions by code, and by name (one name may belong to several regions)."""

    by_code: Mapping[str, Node]
    by_name: Mapping[str, Sequence[Node]] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: Iterable[Node]) -> Tree:
        by_name: dict[str, list[Node]] = defaultdict(list)
        by_code = {}
        for node in nodes:
            by_code[node.code] = node
            by_name[node.name].append(node)
        return cls(by_code, dict(by_name))


@dataclass(frozen=True)
class Resolved:
    codes: tuple[str, ...]
    unresolved: tuple[str, ...]  # the parts that name no one region of the tree

    @property
    def ok(self) -> bool:
        return bool(self.codes) and not self.unresolved


def _chains(rest: str, tree: Tree, below: str | None) -> list[Node]:
    """The regions a chain of names spelling all of `rest` ends on, each under the one before."""
    found: list[Node] = []
    for size in range(1, len(rest) + 1):
        for node in tree.by_name.get(rest[:size], ()):
            if below is not None and (node.path == below or not node.path.startswith(below)):
                continue
            if size == len(rest):
                found.append(node)
            else:
                found += _chains(rest[size:], tree, node.path)
    return found


def resolve_part(part: str, tree: Tree) -> str | None:
    """The code of the one region `part` names (a code, or a chain of names), else None."""
    if part.isdigit():
        return part if part in tree.by_code else None
    ends = {node.code for node in _chains(part, tree, None)}
    return ends.pop() if len(ends) == 1 else None  # unknown, or ambiguous: not guessed


def resolve_area(text: str, tree: Tree) -> Resolved:
    codes: list[str] = []
    unresolved: list[str] = []
    for part in (p for p in SEPARATORS.split(text.strip()) if p):
        code = resolve_part(part, tree)
        if code is None:
            unresolved.append(part)
        elif code not in codes:
            codes.append(code)
    return Resolved(tuple(codes), tuple(unresolved))


def covers(codes: Iterable[str], region_path: str, tree: Tree) -> bool:
    """One of the certificate's regions is the case's region or above it."""
    return any(code in tree.by_code and region_path.startswith(tree.by_code[code].path) for code in codes)


def area_problem(text: str, resolved: Resolved) -> str:
    """The refusal for an area that does not resolve (both languages, naming the rule)."""
    bad = "、".join(resolved.unresolved) or text
    return (f"“{bad}”不能唯一对应到行政区划（GB/T 2260），请按区划层级填写（如“金华市浦江县”）或填写区划代码"
            f"（行政处罚法第四十二条） / '{bad}' does not name one region of the region table (GB/T 2260): write the "
            f"places as the tree has them or give the codes (Administrative Penalty Law art. 42).")

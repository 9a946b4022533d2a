"""The random draw (双随机), a pure function anyone can repeat from what the plan records.

Method `sha256-rank/1`: every candidate entity gets the key SHA-256("<seed>|entity|<id>"); the
`n` entities with the smallest keys are drawn, in key order. For each drawn entity, every
eligible inspector not recused from it gets the key SHA-256("<seed>|inspector|<entity id>|<officer
id>") and the `k` smallest are assigned. A hash's output is uniform and independent per input,
so every subset of `n` entities (and of `k` inspectors) is equally likely; the result depends only
on the seed, the ordered candidate ids (their SHA-256 is recorded, `ids_hash`) and the recusals —
not on Python's `random`, whose algorithms may change between versions.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from decimal import Decimal

METHOD = "sha256-rank/1"


def new_seed() -> str:
    """A fresh seed: 128 random bits from the operating system (recorded with the plan)."""
    return secrets.token_hex(16)


def ids_hash(ids: Sequence[int]) -> str:
    """SHA-256 of the ordered ids ("1,5,9"): the snapshot of the directory (or pool) drawn from."""
    return hashlib.sha256(",".join(str(i) for i in ids).encode()).hexdigest()


def _key(seed: str, *parts: object) -> str:
    return hashlib.sha256("|".join([seed, *map(str, parts)]).encode()).hexdigest()


def sample_size(candidates: int, *, ratio: Decimal | None, count: int | None) -> int:
    """How many to draw: a fixed number, or a percentage of the candidates rounded up (at least one
    when there is any), never more than there are."""
    if count is not None:
        return min(count, candidates)
    assert ratio is not None
    return min(candidates, math.ceil(candidates * ratio / 100)) if candidates else 0


def draw_entities(seed: str, candidates: Sequence[int], n: int) -> list[int]:
    return sorted(candidates, key=lambda pk: _key(seed, "entity", pk))[:n]


def draw_inspectors(seed: str, entity: int, pool: Sequence[int], recused: Set[int], k: int) -> list[int]:
    eligible = [pk for pk in pool if pk not in recused]
    return sorted(eligible, key=lambda pk: _key(seed, "inspector", entity, pk))[:k]


@dataclass(frozen=True)
class Draw:
    entities: list[int]
    inspectors: dict[int, list[int]]
    #: Drawn entities for which fewer than `k` inspectors were free of recusal.
    short: list[int]


def draw(seed: str, candidates: Sequence[int], pool: Sequence[int], recusals: Mapping[int, Set[int]], n: int,
         k: int) -> Draw:
    """The whole draw: `n` entities of `candidates`, `k` inspectors of `pool` for each (never one
    recused from it)."""
    entities = draw_entities(seed, candidates, n)
    inspectors = {e: draw_inspectors(seed, e, pool, recusals.get(e, frozenset()), k) for e in entities}
    return Draw(entities, inspectors, [e for e in entities if len(inspectors[e]) < k])

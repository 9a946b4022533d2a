"""Pure rules: the sample and the cross-review assignment (reproducible from the recorded seed, by
yifa.randomcheck.rules' `sha256-rank/1` draw), a file's score and grade, a unit's score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from decimal import Decimal
from typing import Any

from yifa.randomcheck.rules import draw_entities, draw_inspectors, ids_hash, sample_size

METHOD = "sha256-rank/1 per agency; reviewer sha256-rank/1 excluding the file's own agency"
FULL = Decimal(100)


def sample(seed: str, candidates: Mapping[int, Sequence[int]], *, ratio: Decimal | None,
           count: int | None) -> dict[int, dict[str, Any]]:
    """Per agency id: its candidate case ids (ordered) → the drawn ids and the candidates' hash. The
    seed is salted with the agency id, so each agency's draw is independent of the others'."""
    out: dict[int, dict[str, Any]] = {}
    for agency_id, ids in sorted(candidates.items()):
        n = sample_size(len(ids), ratio=ratio, count=count)
        out[agency_id] = {"candidates": len(ids), "ids_hash": ids_hash(ids),
                          "drawn": draw_entities(f"{seed}|agency|{agency_id}", ids, n)}
    return out


def assign(seed: str, case_id: int, pool: Sequence[int], own_agency: Set[int]) -> int | None:
    """The reviewer of one case: of the pool, never anyone of the case's own agency."""
    chosen = draw_inspectors(seed, case_id, pool, own_agency, 1)
    return chosen[0] if chosen else None


def file_score(deductions: Iterable[Decimal], vetoed: bool) -> Decimal:
    """100 minus the deductions (not below 0); 0 when a veto item applies."""
    if vetoed:
        return Decimal(0)
    return max(Decimal(0), FULL - sum(deductions, Decimal(0)))


def grade(score: Decimal, vetoed: bool, bands: Sequence[tuple[str, Decimal, bool]]) -> str:
    """The band (name, min score, passes) the score falls in; a vetoed file gets the failing band."""
    ordered = sorted(bands, key=lambda b: b[1], reverse=True)
    if vetoed:
        failing = [b for b in ordered if not b[2]]
        return failing[-1][0] if failing else ordered[-1][0]
    for name, minimum, _passes in ordered:
        if score >= minimum:
            return name
    return ordered[-1][0]


def unit_score(scores: Sequence[Decimal]) -> Decimal | None:
    """The agency's score: the mean of its files' scores (one decimal), None without any."""
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"))

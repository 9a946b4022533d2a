"""The discretion engine: a benchmark's spec compiled once, then facts → tier, band, explanation.

Pure Python over plain data: no database read here (the spec comes from a Benchmark row or a
file, the party's history is handed in by yifa.cases.history), so the same code runs in the
golden tests, the bench and the decision step.

Spec (one benchmark, file defaults merged — see yifa/discretion/benchmarks/README.md):
  range:  [{amount_below|amount_at_least|amount_unknown: …, fine: [min, max] | multiple: [a, b]}, …]
  tiers:  [{tier, all|any: {condition: value}, reason, citation}, …]   first match wins
  bands:  {tier: [from, to]} fractions of the statutory range; mitigated: {of_min: [from, to]}
  aggravating / mitigating: {code: label}; also: non-monetary penalties; no_penalty: list entries
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from yifa.lib.errors import ActionError

TIERS = ("no_penalty", "mitigated", "lighter", "ordinary", "heavier")
TIER_LABELS = {"no_penalty": "不予处罚", "mitigated": "减轻处罚", "lighter": "从轻处罚", "ordinary": "一般处罚",
               "heavier": "从重处罚"}
HARMS = ("none", "slight", "ordinary", "serious")
HARM_LABELS = {"none": "无危害后果", "slight": "危害后果轻微", "ordinary": "有一定危害后果", "serious": "危害后果严重"}
ALSO_LABELS = {"warning": "警告", "confiscation": "没收违法所得、非法财物", "suspension": "责令停产停业",
               "licence": "暂扣或者吊销许可证件", "restriction": "限制开展生产经营活动、责令关闭", "correction": "责令改正"}
YUAN = Decimal(1)
CENT = Decimal("0.01")


class SpecError(ValueError):
    """A benchmark file that cannot be compiled (named with its code and the problem)."""


@dataclass(frozen=True)
class Facts:
    """What the officer found: the amount the range is based on (goods value, illegal income, ad
    fee …; None where it cannot be calculated), how long the act lasted, the harm, whether it was
    corrected, and the factors (codes of the benchmark's aggravating/mitigating lists)."""

    amount: Decimal | None = None
    duration_days: int = 0
    harm: str = "none"
    corrected: bool = False
    factors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PriorCase:
    """A same-type violation of the same party found in Yifa (any agency of the deployment).
    Only what the officer may see of another agency's case: its number, agency and date."""

    number: str
    agency: str
    decided_on: dt.date


@dataclass(frozen=True)
class _Ctx:
    amount: Decimal | None
    duration_days: int
    harm: str
    corrected: bool
    factors: frozenset[str]
    aggravating: int
    mitigating: int
    repeats: int
    first_violation: bool


Predicate = Callable[[_Ctx], bool]


def _num(value: Any, code: str) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError as exc:
        raise SpecError(f"{code}: not a number: {value!r}") from exc


def _harm_in(value: Any, code: str) -> Predicate:
    harms = frozenset(value if isinstance(value, list) else [value])
    if not harms <= set(HARMS):
        raise SpecError(f"{code}: unknown harm {sorted(harms - set(HARMS))}")
    return lambda c: c.harm in harms


def _factor_in(value: Any, code: str) -> Predicate:
    codes = frozenset(value if isinstance(value, list) else [value])
    return lambda c: bool(c.factors & codes)


def _at_least(attr: str) -> Callable[[Any, str], Predicate]:
    def build(value: Any, code: str) -> Predicate:
        n = int(value)
        return lambda c: getattr(c, attr) >= n
    return build


def _is(attr: str) -> Callable[[Any, str], Predicate]:
    def build(value: Any, code: str) -> Predicate:
        want = bool(value)
        return lambda c: bool(getattr(c, attr)) == want
    return build


def _amount(at_least: bool) -> Callable[[Any, str], Predicate]:
    def build(value: Any, code: str) -> Predicate:
        n = _num(value, code)
        if at_least:
            return lambda c: c.amount is not None and c.amount >= n
        return lambda c: c.amount is not None and c.amount < n
    return build


#: Every condition a tier rule, a range entry or a no-penalty entry may use.
CONDITIONS: dict[str, Callable[[Any, str], Predicate]] = {
    "amount_at_least": _amount(True), "amount_below": _amount(False),
    "duration_at_least": _at_least("duration_days"), "repeats_at_least": _at_least("repeats"),
    "mitigating_at_least": _at_least("mitigating"), "harm": _harm_in, "factor": _factor_in,
    "corrected": _is("corrected"), "first_violation": _is("first_violation"),
    "aggravating": _is("aggravating"), "mitigating": _is("mitigating"),
}


def _condition(key: str, value: Any, code: str) -> Predicate:
    build = CONDITIONS.get(key)
    if build is None:
        raise SpecError(f"{code}: unknown condition {key!r}")
    return build(value, code)


def _predicate(rule: Mapping[str, Any], code: str) -> Predicate:
    if set(rule) & {"all", "any"} == {"all", "any"}:
        raise SpecError(f"{code}: a rule has either all or any")
    mode = "any" if "any" in rule else "all"
    parts = [_condition(k, v, code) for k, v in (rule.get(mode) or {}).items()]
    return _any_of(parts) if mode == "any" else _all_of(parts)


def _all_of(parts: Sequence[Predicate]) -> Predicate:
    """True when every part is. Built without a generator per call: the engine runs these for
    every range and tier rule of every assessment (a generator and `all` were a third of it)."""
    if not parts:
        return lambda c: True
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        return lambda c: first(c) and second(c)
    chain = tuple(parts)

    def every(c: _Ctx) -> bool:
        for part in chain:  # noqa: SIM110 -- a loop, not all(<generator>): see above
            if not part(c):
                return False
        return True

    return every


def _any_of(parts: Sequence[Predicate]) -> Predicate:
    """True when one part is (see `_all_of`)."""
    if not parts:
        return lambda c: False
    if len(parts) == 1:
        return parts[0]
    chain = tuple(parts)

    def some(c: _Ctx) -> bool:
        for part in chain:  # noqa: SIM110 -- a loop, not any(<generator>): see `_all_of`
            if part(c):
                return True
        return False

    return some


@dataclass(frozen=True)
class _Range:
    test: Predicate
    fine: tuple[Decimal, Decimal] | None
    multiple: tuple[Decimal, Decimal] | None
    text: str


@dataclass(frozen=True)
class _TierRule:
    tier: str
    test: Predicate
    reason: str
    citation: str


@dataclass(frozen=True)
class _NoPenalty:
    kind: str
    test: Predicate
    lookback_years: int
    citation: str


def _pair(value: Any, code: str, what: str) -> tuple[Decimal, Decimal]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise SpecError(f"{code}: {what} must be [from, to]")
    low, high = _num(value[0], code), _num(value[1], code)
    if low > high or low < 0:
        raise SpecError(f"{code}: {what} {value} is not a range")
    return low, high


def _range_text(fine: tuple[Decimal, Decimal] | None, multiple: tuple[Decimal, Decimal] | None, base: str) -> str:
    if multiple is not None:
        return f"{base}{multiple[0].normalize():f}倍以上{multiple[1].normalize():f}倍以下罚款"
    assert fine is not None
    if fine[0] == 0:
        return f"{fine[1]:,.0f}元以下罚款"
    return f"{fine[0]:,.0f}元以上{fine[1]:,.0f}元以下罚款"


def _compile_range(entry: Mapping[str, Any], base: str, code: str) -> _Range:
    keys = set(entry) - {"fine", "multiple"}
    if keys - {"amount_below", "amount_at_least", "amount_unknown"}:
        raise SpecError(f"{code}: unknown range condition {sorted(keys)}")
    if ("fine" in entry) == ("multiple" in entry):
        raise SpecError(f"{code}: a range entry has fine or multiple")
    fine = _pair(entry["fine"], code, "fine") if "fine" in entry else None
    multiple = _pair(entry["multiple"], code, "multiple") if "multiple" in entry else None
    tests = [_condition(k, entry[k], code) for k in keys if k != "amount_unknown"]
    if entry.get("amount_unknown"):
        tests.append(lambda c: c.amount is None)
    elif multiple is not None:
        tests.append(lambda c: c.amount is not None)
    return _Range(_all_of(tests), fine, multiple, _range_text(fine, multiple, base))


@dataclass(frozen=True)
class Compiled:
    """A benchmark ready to evaluate (built once per benchmark version; see `compiled`)."""

    code: str
    violation: str
    violated: str
    penalty: str
    base: str
    ranges: tuple[_Range, ...]
    tiers: tuple[_TierRule, ...]
    bands: Mapping[str, tuple[str, Decimal, Decimal]]
    aggravating: Mapping[str, str]
    mitigating: Mapping[str, str]
    also: tuple[str, ...]
    repeat_window_years: int
    no_penalty: tuple[_NoPenalty, ...] = ()
    citations: tuple[str, ...] = field(default_factory=tuple)

    @property
    def lookback_years(self) -> int:
        """How far back the party's history must be read for this benchmark."""
        return max([self.repeat_window_years, *(n.lookback_years for n in self.no_penalty)])


def _bands(spec: Mapping[str, Any], code: str) -> dict[str, tuple[str, Decimal, Decimal]]:
    bands: dict[str, tuple[str, Decimal, Decimal]] = {}
    for tier, value in (spec.get("bands") or {}).items():
        if tier not in TIERS:
            raise SpecError(f"{code}: unknown tier {tier!r} in bands")
        if isinstance(value, Mapping):
            low, high = _pair(value.get("of_min"), code, f"band {tier}")
            bands[tier] = ("of_min", low, high)
        else:
            low, high = _pair(value, code, f"band {tier}")
            if high > 1:
                raise SpecError(f"{code}: band {tier} must lie within the range (fractions 0..1)")
            bands[tier] = ("range", low, high)
    missing = {"mitigated", "lighter", "ordinary", "heavier"} - set(bands)
    if missing:
        raise SpecError(f"{code}: no band for {sorted(missing)}")
    return bands


def _tier_rules(spec: Mapping[str, Any], code: str) -> tuple[_TierRule, ...]:
    rules = []
    for rule in [*(spec.get("extra_tiers") or []), *(spec.get("tiers") or [])]:
        if rule.get("tier") not in TIERS[1:]:
            raise SpecError(f"{code}: unknown tier {rule.get('tier')!r}")
        rules.append(_TierRule(rule["tier"], _predicate(rule, code), str(rule.get("reason", "")),
                               str(rule.get("citation", ""))))
    if not rules:
        raise SpecError(f"{code}: no tier rules")
    return tuple(rules)


def compile_spec(spec: Mapping[str, Any]) -> Compiled:
    """Check and compile one benchmark's spec (raises SpecError naming the benchmark)."""
    code = str(spec.get("code") or "?")
    for key in ("violation", "violated", "penalty", "range"):
        if not spec.get(key):
            raise SpecError(f"{code}: {key} is missing")
    base = str(spec.get("base_label") or "涉案金额")
    also = tuple(spec.get("also") or ())
    if set(also) - set(ALSO_LABELS):
        raise SpecError(f"{code}: unknown non-monetary penalty {sorted(set(also) - set(ALSO_LABELS))}")
    no_penalty = tuple(
        _NoPenalty(str(n["kind"]), _predicate(n, code), int(n.get("lookback_years", 2)), str(n.get("citation", "")))
        for n in spec.get("no_penalty") or ())
    return Compiled(
        code=code, violation=str(spec["violation"]), violated=citation_text(spec["violated"]),
        penalty=citation_text(spec["penalty"]), base=base,
        ranges=tuple(_compile_range(r, base, code) for r in spec["range"]), tiers=_tier_rules(spec, code),
        bands=_bands(spec, code), aggravating=dict(spec.get("aggravating") or {}),
        mitigating=dict(spec.get("mitigating") or {}), also=also,
        repeat_window_years=int(spec.get("repeat_window_years", 2)), no_penalty=no_penalty,
        citations=tuple(spec.get("citations") or ()),
    )


def citation_text(ref: Any) -> str:
    """《法》第X条 from a file's {law, label} (or a plain string)."""
    if isinstance(ref, Mapping):
        return f"《{ref['law']}》{ref['label']}"
    return str(ref)


# --- evaluation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer: a tier and its band (None for no penalty or a fine-less range).
    The explanation is built on demand (`explain`): an evaluation is the tier and band."""

    benchmark: Compiled
    tier: str
    band_min: Decimal | None
    band_max: Decimal | None
    rule: _TierRule | _NoPenalty | None
    range_text: str
    ctx: _Ctx
    history: tuple[PriorCase, ...] = ()

    def contains(self, fine: Decimal | None) -> bool:
        """Whether a decided fine lies in the band (no penalty: no fine at all)."""
        if self.tier == "no_penalty":
            return not fine
        if self.band_min is None or self.band_max is None:
            return not fine
        return fine is not None and self.band_min <= fine <= self.band_max

    def explain(self) -> dict[str, Any]:
        return explain(self)


def _pick_range(b: Compiled, ctx: _Ctx) -> _Range:
    for r in b.ranges:
        if r.test(ctx):
            return r
    if ctx.amount is None:
        raise ActionError(f"适用“{b.violation}”的裁量基准须认定{b.base}",
                          f"This benchmark needs the amount ({b.base})", field="amount")
    raise ActionError(f"{b.base}不在“{b.violation}”的裁量基准所列范围内",
                      "The amount falls in no range of the benchmark", field="amount")


def _yuan(value: Decimal) -> Decimal:
    return value.quantize(YUAN, rounding=ROUND_HALF_UP).quantize(CENT)


def _band(b: Compiled, r: _Range, tier: str, amount: Decimal | None) -> tuple[Decimal, Decimal]:
    if r.multiple is not None:
        assert amount is not None
        low, high = r.multiple[0] * amount, r.multiple[1] * amount
    else:
        assert r.fine is not None
        low, high = r.fine
    kind, a, z = b.bands[tier]
    if kind == "of_min":
        return _yuan(low * a), _yuan(low * z)
    width = high - low
    return _yuan(low + width * a), _yuan(low + width * z)


def _context(b: Compiled, facts: Facts, history: Sequence[PriorCase], day: dt.date, years: int) -> _Ctx:
    # One pass over the (few) factors: counted, and any the benchmark does not list refused.
    aggravating = mitigating = 0
    unknown = []
    for f in facts.factors:
        listed = False
        if f in b.aggravating:
            aggravating, listed = aggravating + 1, True
        if f in b.mitigating:
            mitigating, listed = mitigating + 1, True
        if not listed:
            unknown.append(f)
    if unknown:
        raise ActionError(f"情节“{'、'.join(sorted(unknown))}”不在该裁量基准的情节清单中",
                          f"Unknown factors for this benchmark: {sorted(unknown)}", field="factors")
    if facts.harm not in HARMS:
        raise ActionError("危害后果的认定不在可选范围内", "Unknown harm level", field="harm")
    since = _years_before(day, years)
    repeats = sum(1 for p in history if p.decided_on >= since)
    return _Ctx(facts.amount, facts.duration_days, facts.harm, facts.corrected, facts.factors, aggravating, mitigating,
                repeats, repeats == 0)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _no_penalty(b: Compiled, facts: Facts, history: Sequence[PriorCase], day: dt.date,
                ctx: _Ctx) -> _NoPenalty | None:
    for item in b.no_penalty:
        since = _years_before(day, item.lookback_years)
        if any(p.decided_on >= since for p in history):
            continue  # a same-type violation in the look-back: not a first violation
        if item.test(ctx):
            return item
    return None


def assess(b: Compiled, facts: Facts, *, history: Iterable[PriorCase] = (), day: dt.date) -> Recommendation:
    """The recommended tier and band for `facts` on `day`, given the party's same-type history."""
    prior = tuple(history)
    ctx = _context(b, facts, prior, day, b.repeat_window_years)
    r = _pick_range(b, ctx)
    item = _no_penalty(b, facts, prior, day, ctx) if b.no_penalty else None
    if item is not None:
        return Recommendation(b, "no_penalty", None, None, item, r.text, ctx, prior)
    for rule in b.tiers:
        if rule.test(ctx):
            low, high = _band(b, r, rule.tier, ctx.amount)
            return Recommendation(b, rule.tier, low, high, rule, r.text, ctx, prior)
    raise SpecError(f"{b.code}: no tier rule matched (the last rule should match everything)")


def explain(rec: Recommendation) -> dict[str, Any]:
    """The explanation stored with the decision and printed in its reasoning: the rule, the
    factors, the history found and the citations (plain JSON values)."""
    b, ctx = rec.benchmark, rec.ctx
    aggravating = [b.aggravating[f] for f in sorted(ctx.factors) if f in b.aggravating]
    mitigating = [b.mitigating[f] for f in sorted(ctx.factors) if f in b.mitigating]
    rule_citation = rec.rule.citation if rec.rule else ""
    citations = [c for c in (b.violated, b.penalty, rule_citation, *b.citations) if c]
    band = None if rec.band_min is None else [str(rec.band_min), str(rec.band_max)]
    reason = (f"符合{dict(first='首违不罚', minor='轻微免罚').get(rec.rule.kind, '')}清单的条件"
              if isinstance(rec.rule, _NoPenalty) else (rec.rule.reason if rec.rule else ""))
    return {
        "benchmark": b.code, "violation": b.violation, "tier": rec.tier, "tier_label": TIER_LABELS[rec.tier],
        "band": band, "range": rec.range_text, "reason": reason,
        "facts": {"amount": None if ctx.amount is None else str(ctx.amount), "duration_days": ctx.duration_days,
                  "harm": HARM_LABELS[ctx.harm], "corrected": ctx.corrected},
        "aggravating": aggravating, "mitigating": mitigating, "repeats": ctx.repeats,
        "first_violation": ctx.first_violation,
        "history": [{"number": p.number, "agency": p.agency, "date": p.decided_on.isoformat()} for p in rec.history],
        "also": [ALSO_LABELS[a] for a in b.also], "citations": citations, "text": reasoning_text(rec, reason, citations),
    }


def reasoning_text(rec: Recommendation, reason: str, citations: Sequence[str]) -> str:
    b = rec.benchmark
    parts = [f"依据{b.penalty}（法定幅度：{rec.range_text}），适用裁量基准“{b.violation}”（{b.code}）",
             f"{reason}，属{TIER_LABELS[rec.tier]}情形"]
    if rec.band_min is not None:
        parts.append(f"建议罚款{rec.band_min:,.2f}元至{rec.band_max:,.2f}元")
    if rec.history:
        parts.append(f"经查询，当事人近年有同类违法记录{len(rec.history)}次")
    return "，".join(parts) + f"（{'、'.join(citations)}）。"

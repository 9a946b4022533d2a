"""The benchmark files → specs → Benchmark / NoPenaltyItem rows.

`read_files` parses and compiles every file (a bad file stops the load before anything is
written, naming the file and the benchmark); `sync` brings the tables to the files: a row whose
content (digest) is unchanged is left alone, so loading twice writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from yifa.discretion.engine import SpecError, compile_spec
from yifa.discretion.models import Benchmark, NoPenaltyItem
from yifa.law.models import ProvisionVersion

BENCHMARK_DIR = Path(__file__).resolve().parent / "benchmarks"
COMMON = "common.yaml"
#: What a file may hold at its top level (anything else is a typo, refused).
FILE_KEYS = {"sector", "sector_name", "defaults", "no_penalty", "benchmarks"}


@dataclass(frozen=True)
class Entry:
    """One benchmark as loaded: its file, merged spec (JSON-safe) and no-penalty items."""

    file: str
    spec: dict[str, Any]

    @property
    def code(self) -> str:
        return str(self.spec["code"])

    @property
    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.spec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _jsonable(value: Any) -> Any:
    """YAML dates → ISO text, so a spec is plain JSON (stored as it is hashed)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise SpecError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"{path.name}: a benchmark file is a mapping")
    return _jsonable(data)


def entries_of(path: Path, common: Mapping[str, Any]) -> list[Entry]:
    """The benchmarks of one sector file, each with the file's defaults and its list entries."""
    data = _read(path)
    unknown = set(data) - FILE_KEYS
    if unknown or not data.get("sector") or not data.get("benchmarks"):
        raise SpecError(f"{path.name}: needs sector and benchmarks; unknown keys {sorted(unknown)}")
    base = {**common, **(data.get("defaults") or {}), "sector": data["sector"],
            "sector_name": data.get("sector_name", data["sector"])}
    codes = [b.get("code") for b in data["benchmarks"]]
    if len(set(codes)) != len(codes):
        raise SpecError(f"{path.name}: a benchmark code appears twice")
    listed: dict[str, list[dict[str, Any]]] = {}
    for item in data.get("no_penalty") or []:
        if item.get("benchmark") not in codes or item.get("kind") not in NoPenaltyItem.Kind.values:
            raise SpecError(f"{path.name}: no-penalty entry {item.get('benchmark')!r}: unknown benchmark or kind")
        listed.setdefault(item["benchmark"], []).append({k: v for k, v in item.items() if k != "benchmark"})
    entries = []
    for bench in data["benchmarks"]:
        spec = {**base, **bench, "no_penalty": listed.get(bench["code"], [])}
        if not spec.get("effective_from"):
            raise SpecError(f"{path.name}: {bench['code']}: effective_from is missing")
        compile_spec(spec)  # refuses a spec the engine cannot run
        entries.append(Entry(path.name, spec))
    return entries


def read_files(directory: Path = BENCHMARK_DIR) -> list[Entry]:
    common = _read(directory / COMMON) if (directory / COMMON).exists() else {}
    entries: list[Entry] = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name != COMMON:
            entries.extend(entries_of(path, common))
    codes = [e.code for e in entries]
    if len(set(codes)) != len(codes):
        raise SpecError("a benchmark code appears in two files")
    return entries


def enclosing_labels(label: str) -> list[str]:
    """第六十条第一款第三项 → itself, 第六十条第一款, 第六十条: a citation down to the item still
    links to the paragraph or article Yifa holds. A label naming several provisions (、) links to none."""
    if "、" in label or "，" in label:
        return []
    found = [label]
    for mark in ("款", "条"):
        head = label.rsplit(mark, 1)[0] + mark if mark in label else ""
        if head and head not in found:
            found.append(head)
    return found


def _version(ref: Any, day: dt.date) -> ProvisionVersion | None:
    """The provision's text in force on `day`, where the law is in Yifa (else the citation stands
    alone): the cited item, paragraph or article, else the nearest one containing it."""
    if not isinstance(ref, Mapping):
        return None
    for label in enclosing_labels(str(ref["label"])):
        row = (ProvisionVersion.objects.filter(provision__law__name=ref["law"], provision__label=label,
                                               effective_from__lte=day)
               .order_by("-effective_from").first())
        if row is not None:
            return row
    return None


Recorder = Callable[[str, Any, "dict[str, Any] | None", "dict[str, Any]"], None]


def sync(entries: Iterable[Entry], record: Recorder | None = None) -> int:
    """Write what changed; returns the number of benchmarks created or updated."""
    changed = 0
    for entry in entries:
        spec = entry.spec
        start = dt.date.fromisoformat(spec["effective_from"])
        end = dt.date.fromisoformat(spec["effective_to"]) if spec.get("effective_to") else None
        row = Benchmark.objects.filter(code=entry.code, effective_from=start).first()
        if row is not None and row.digest == entry.digest:
            continue
        before = None if row is None else {"digest": row.digest}
        row = row or Benchmark(code=entry.code, effective_from=start)
        row.sector, row.sector_name = spec["sector"], spec["sector_name"]
        row.violation = spec["violation"]
        row.violated_citation = _citation(spec["violated"])
        row.penalty_citation = _citation(spec["penalty"])
        row.violated_version, row.penalty_version = _version(spec["violated"], start), _version(spec["penalty"], start)
        row.spec, row.digest, row.source_file, row.effective_to = spec, entry.digest, entry.file, end
        row.save()
        _sync_list(entry, start)
        changed += 1
        if record is not None:
            record("discretion.benchmark_load", row, before, {"code": row.code, "digest": row.digest, "file": entry.file})
    return changed


def _citation(ref: Any) -> str:
    return f"《{ref['law']}》{ref['label']}" if isinstance(ref, Mapping) else str(ref)


def _sync_list(entry: Entry, start: dt.date) -> None:
    NoPenaltyItem.objects.filter(benchmark_code=entry.code, effective_from=start).delete()
    for item in entry.spec["no_penalty"]:
        NoPenaltyItem.objects.create(
            sector=entry.spec["sector"], benchmark_code=entry.code, kind=item["kind"],
            conditions={k: v for k, v in item.items() if k in ("all", "any")},
            lookback_years=int(item.get("lookback_years", 2)), citation=item.get("citation", ""),
            source_file=entry.file, effective_from=start)


def load_after_migrate(**kwargs: Any) -> None:
    """post_migrate: the shipped files are release data (like workcal 0002's rules), loaded
    without audit events; later loads by hand (`yifa benchmarks load`) are audited."""
    from django.db import connections

    connection = connections[kwargs.get("using") or "default"]
    if Benchmark._meta.db_table not in connection.introspection.table_names():
        return  # migrated back below discretion 0001
    sync(read_files())

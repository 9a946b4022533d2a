"""The sweep (`yifa sweep`, scheduled hourly): every rule in force asks for the records it fires on;
an alert is created for each new (rule, record), a resolved one whose condition holds again is
opened again, and an active alert whose condition no longer holds is resolved. Idempotent, and safe
on several workers at once: the (rule, record) unique constraint and INSERT … ON CONFLICT DO
NOTHING (`bulk_create(ignore_conflicts=True)`) make a second sweeper's rows no-ops, and its
status updates are the same updates. One audit event per run that changed something.

A rule whose records are a query (`rules.Selection`, all but one) is compared with its open
alerts in SQL: only the records without an open alert and the open alerts without a record come
back to Python, so a sweep where nothing changed reads index ranges and writes nothing. A rule
that aggregates in Python (officer workload) runs only when its mark (`Rule.mark`, stored in
`RuleMark` with the alerts it decided) changed; two workers that both see a new mark compute the
same alerts and store the same mark.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yifa.audit.record import record
from yifa.lib.bulk import insert_rows
from yifa.supervision.models import ACTIVE, Alert, AlertStatus, AlertStep, RuleMark, SweepRun
from yifa.supervision.procedure import ALERTS
from yifa.supervision.rules import RULES, Hit, Rule, Selection, Window, window
from yifa.workflow.models import WorkItem
from yifa.workflow.worklist import kind_of, refresh_many

CHUNK = 500


@dataclass
class Counts:
    created: int = 0
    reopened: int = 0
    resolved: int = 0
    firing: int = 0
    #: Seconds per rule code (for `bench/sweep.py`; not stored).
    seconds: dict[str, float] = field(default_factory=dict, repr=False, compare=False)


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i:i + CHUNK])


def _open(rule: Rule, hits: dict[int, Hit], now: dt.datetime, counts: Counts) -> None:
    """Alerts for the records in `hits` that have no open one: created, or a resolved one reopened
    (a dismissed one stays dismissed)."""
    base = Alert.objects.filter(rule=rule.code, record_type=rule.record_type)
    for chunk in _chunks(sorted(hits)):
        known = set(base.filter(record_id__in=chunk).values_list("record_id", flat=True))
        Alert.objects.bulk_create([
            Alert(rule=rule.code, rule_version=rule.version, rule_effective_from=rule.effective_from,
                  citation=rule.citation, severity=rule.severity, record_type=rule.record_type, record_id=h.record_id,
                  agency_id=h.agency_id, unit_id=h.unit_id, person_id=h.person_id, evidence=h.evidence,
                  first_seen=now, last_seen=now, due=h.due)
            for h in (hits[i] for i in chunk if i not in known)], ignore_conflicts=True)
        counts.created += len([i for i in chunk if i not in known])
        counts.reopened += base.filter(record_id__in=[i for i in chunk if i in known],
                                       status=AlertStatus.RESOLVED).update(
            status=AlertStatus.OPEN, resolved_at=None, last_seen=now, version=F("version") + 1)
        # What opened lands on the responsible person's and the head's to-do lists (and tells them).
        refresh_many(ALERTS, list(base.filter(record_id__in=chunk, status=AlertStatus.OPEN, last_seen=now)))


def _resolve(gone: Sequence[int], today: dt.date, now: dt.datetime, counts: Counts) -> None:
    for chunk in _chunks(gone):
        resolved_ids = list(Alert.objects.filter(pk__in=chunk, status__in=ACTIVE).values_list("pk", flat=True))
        n = Alert.objects.filter(pk__in=resolved_ids, status__in=ACTIVE).update(
            status=AlertStatus.RESOLVED, resolved_at=now, version=F("version") + 1)
        counts.resolved += n
        WorkItem.objects.filter(kind=kind_of(Alert), record_id__in=resolved_ids).delete()
        if resolved_ids:
            insert_rows(AlertStep, ["alert_id", "step", "from_status", "to_status", "at", "on_date", "actor_id",
                                    "note", "data"],
                        [[pk, "sweep_resolve", "", AlertStatus.RESOLVED, now, today, None, "", {}]
                         for pk in resolved_ids])


def sweep_rule(rule: Rule, today: dt.date, hits: dict[int, Hit], now: dt.datetime, counts: Counts) -> None:
    """Bring the rule's alerts in line with `hits`, every record it fires on (read in Python)."""
    active_alerts = Alert.objects.filter(rule=rule.code, record_type=rule.record_type, status__in=ACTIVE)
    with transaction.atomic():
        active = dict(active_alerts.values_list("record_id", "pk"))
        counts.firing += len(hits)
        _open(rule, {i: h for i, h in hits.items() if i not in active}, now, counts)
        _resolve(sorted(pk for record_id, pk in active.items() if record_id not in hits), today, now, counts)


def sweep_selection(rule: Rule, today: dt.date, selection: Selection, now: dt.datetime, counts: Counts) -> None:
    """Bring the rule's alerts in line with `selection`, compared in SQL: the records without an
    open alert, and the open alerts whose record no longer fires."""
    # No ORDER BY anywhere: the models' orderings would sort the whole range (and read the rows
    # for it) where the indexes alone answer.
    active_alerts = Alert.objects.filter(rule=rule.code, record_type=rule.record_type, status__in=ACTIVE).order_by()
    records = selection.qs.order_by()
    with transaction.atomic():
        fresh = {h.record_id: h for h in selection.hits(
            records.exclude(**{f"{selection.key}__in": active_alerts.values("record_id")}))}
        gone = sorted(active_alerts.exclude(record_id__in=records.values(selection.key)).values_list("pk", flat=True))
        counts.firing += active_alerts.count() - len(gone) + len(fresh)
        _open(rule, fresh, now, counts)
        _resolve(gone, today, now, counts)


def _sweep_marked(rule: Rule, today: dt.date, w: Window, now: dt.datetime, counts: Counts) -> None:
    """A rule with a mark: run only when the mark changed; the new mark is stored with the alerts."""
    assert rule.mark is not None
    mark = rule.mark(w)  # read before the records: a change in between is seen by the next sweep
    if RuleMark.objects.filter(rule=rule.code, mark=mark).exists():
        counts.firing += Alert.objects.filter(rule=rule.code, record_type=rule.record_type,
                                              status__in=ACTIVE).count()
        return
    hits = {h.record_id: h for h in rule.find(w)}
    with transaction.atomic():
        sweep_rule(rule, today, hits, now, counts)
        RuleMark.objects.bulk_create([RuleMark(rule=rule.code, mark=mark, at=now)], update_conflicts=True,
                                     unique_fields=["rule"], update_fields=["mark", "at"])


def _sweep_one(rule: Rule, today: dt.date, w: Window, now: dt.datetime, counts: Counts) -> None:
    if not rule.in_force(today):
        sweep_rule(rule, today, {}, now, counts)
    elif rule.mark is not None:
        _sweep_marked(rule, today, w, now, counts)
    else:
        found = rule.find(w)
        if isinstance(found, Selection):
            sweep_selection(rule, today, found, now, counts)
        else:
            sweep_rule(rule, today, {h.record_id: h for h in found}, now, counts)


def sweep(today: dt.date | None = None, *, rules: Sequence[Rule] = RULES) -> Counts:
    now = timezone.now()
    today = today or timezone.localdate(now)
    w = window(today, now)
    counts = Counts()
    for rule in rules:
        started = time.perf_counter()
        _sweep_one(rule, today, w, now, counts)
        counts.seconds[rule.code] = time.perf_counter() - started
    if counts.created or counts.reopened or counts.resolved:
        with transaction.atomic():
            run = SweepRun.objects.create(started_at=now, day=today, created=counts.created,
                                          reopened=counts.reopened, resolved=counts.resolved, firing=counts.firing)
            record("supervision.sweep", run, acting_user=None,
                   after={"day": today.isoformat(), "created": counts.created, "reopened": counts.reopened,
                          "resolved": counts.resolved, "firing": counts.firing})
    return counts

"""The sweep (`yifa sweep`, scheduled hourly): every rule in force asks for the records it fires on;
an alert is created for each new (rule, record), a resolved one whose condition holds again is
opened again, and an active alert whose condition no longer holds is resolved. Idempotent, and safe
on several workers at once: the (rule, record) unique constraint and INSERT … ON CONFLICT DO
NOTHING (`bulk_create(ignore_conflicts=True)`) make a second sweeper's rows no-ops, and its
status updates are the same updates. One audit event per run that changed something.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yifa.audit.record import record
from yifa.lib.bulk import insert_rows
from yifa.supervision.models import ACTIVE, Alert, AlertStatus, AlertStep, SweepRun
from yifa.supervision.procedure import ALERTS
from yifa.supervision.rules import RULES, Hit, Rule, window
from yifa.workflow.models import WorkItem
from yifa.workflow.worklist import kind_of

CHUNK = 500


@dataclass
class Counts:
    created: int = 0
    reopened: int = 0
    resolved: int = 0
    firing: int = 0


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i:i + CHUNK])


def sweep_rule(rule: Rule, today: dt.date, hits: dict[int, Hit], now: dt.datetime, counts: Counts) -> None:
    base = Alert.objects.filter(rule=rule.code, record_type=rule.record_type)
    with transaction.atomic():
        active = dict(base.filter(status__in=ACTIVE).values_list("record_id", "pk"))
        new_ids = sorted(set(hits) - set(active))
        gone = sorted(pk for record_id, pk in active.items() if record_id not in hits)
        counts.firing += len(hits)
        for chunk in _chunks(new_ids):
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
            for alert in base.filter(record_id__in=chunk, status=AlertStatus.OPEN, last_seen=now):
                ALERTS.refresh_worklist(alert)
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


def sweep(today: dt.date | None = None, *, rules: Sequence[Rule] = RULES) -> Counts:
    now = timezone.now()
    today = today or timezone.localdate(now)
    w = window(today, now)
    counts = Counts()
    for rule in rules:
        hits = {h.record_id: h for h in rule.find(w)} if rule.in_force(today) else {}
        sweep_rule(rule, today, hits, now, counts)
    if counts.created or counts.reopened or counts.resolved:
        with transaction.atomic():
            run = SweepRun.objects.create(started_at=now, day=today, created=counts.created,
                                          reopened=counts.reopened, resolved=counts.resolved, firing=counts.firing)
            record("supervision.sweep", run, acting_user=None,
                   after={"day": today.isoformat(), "created": counts.created, "reopened": counts.reopened,
                          "resolved": counts.resolved, "firing": counts.firing})
    return counts

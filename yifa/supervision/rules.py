"""The alert rules (预警规则): each is data (code, names, citation, severity, version and the dates it
is in force) plus one small query that returns the records it fires on, as `Hit`s. Queries scan
only indexed due dates in a range (or a bounded look-back window over decided / closed dates), so
the sweep stays cheap over a million cases. Thresholds that are policy or law are `LegalParameter`
rows (seeded by migration supervision 0002), read on the sweep's day.

The major-case filing deadline (重大案件备案审查, issue 12 item 2) sweeps yifa.filing's Filing rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from yifa.cases.models import Case, CaseOfficer, CaseStep, OnSpotCollection
from yifa.cases.models import CaseOutcome as Outcome
from yifa.cases.models import CaseStatus as CS
from yifa.coercion.models import Measure, MeasureStatus
from yifa.complaints.models import Complaint, ComplaintStatus
from yifa.disclosure.models import DecisionKind, Publication, PublicationStatus
from yifa.discretion.models import Assessment
from yifa.enforcement.models import Enforcement, EnforcementStatus
from yifa.filing.models import Filing, FilingStatus
from yifa.licensing.models import ApplicationStatus, LicenceApplication
from yifa.registry.models import Officer
from yifa.supervision.models import Severity
from yifa.workcal.parameters import parameter_on

Y, R = Severity.YELLOW, Severity.RED
OPEN_CASE = [s for s in CS.values if s not in (CS.NOT_OPENED, CS.CLOSED, CS.ARCHIVED)]
BEFORE_DECISION = [CS.REGISTERED, CS.OPENED, CS.INVESTIGATED, CS.REVIEWED, CS.LEGAL_REVIEWED, CS.DISCUSSED,
                   CS.NOTIFIED, CS.HEARING]
DECIDED = [CS.DECIDED, CS.SERVED, CS.CLOSED, CS.ARCHIVED]


@dataclass(frozen=True)
class Hit:
    """A record a rule fires on, and the facts that made it fire."""

    record_id: int
    agency_id: int
    due: dt.date | None
    evidence: dict[str, Any]
    person_id: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True)
class Selection:
    """A rule's records as one query, so the sweep can compare them with its open alerts in SQL
    (only what changed is read into Python): `qs` the rows the rule fires on, `key` the column
    naming the record (the pk, or `case_id` for a row about a case), `hits` the Hits of `qs` or
    of a narrowing of it. Iterating it yields every Hit."""

    qs: Any
    key: str
    hits: Callable[[Any], Iterator[Hit]] = field(repr=False)

    def __iter__(self) -> Iterator[Hit]:
        return self.hits(self.qs)


@dataclass(frozen=True)
class Window:
    """The sweep's day and the parameters in force on it."""

    today: dt.date
    now: dt.datetime
    near: int  # SUP_NEAR_DAYS
    lookback: dt.date  # today - SUP_LOOKBACK_DAYS

    @property
    def soon(self) -> dt.date:
        return self.today + dt.timedelta(days=self.near)

    def param(self, code: str) -> Any:
        return parameter_on(code, self.today)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    name_en: str
    citation: str
    severity: str
    record_type: str
    find: Callable[[Window], Iterable[Hit]] = field(repr=False)
    #: A rule whose `find` is not a `Selection` (it aggregates in Python) may say what its result
    #: depends on: the sweep runs it only when this mark differs from the one it stored last.
    mark: Callable[[Window], str] | None = field(default=None, repr=False)
    version: int = 1
    effective_from: dt.date = dt.date(2021, 7, 15)  # the revised Administrative Penalty Law
    effective_to: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def window(today: dt.date, now: dt.datetime | None = None) -> Window:
    return Window(today=today, now=now or timezone.now(), near=int(parameter_on("SUP_NEAR_DAYS", today)),
                  lookback=today - dt.timedelta(days=int(parameter_on("SUP_LOOKBACK_DAYS", today))))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- cases ----------------------------------------------------------------------------------------

CASE_COLUMNS = ("pk", "agency_id", "created_by_id", "power__unit_id")


def _cases(qs: Any, due: str, *facts: str) -> Selection:
    def hits(rows: Any) -> Iterator[Hit]:
        for row in rows.values(*CASE_COLUMNS, due, *facts):
            yield Hit(row["pk"], row["agency_id"], row[due], {k: _jsonable(row[k]) for k in (due, *facts)},
                      row["created_by_id"], row["power__unit_id"])
    return Selection(qs, "pk", hits)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else str(value) if value is not None and not isinstance(
        value, (int, str, bool, list, dict)) else value


def stage_near(w: Window) -> Selection:
    return _cases(Case.objects.filter(stage_due__gte=w.today, stage_due__lte=w.soon, status__in=OPEN_CASE),
                  "stage_due", "stage_rule", "status")


def stage_overdue(w: Window) -> Selection:
    return _cases(Case.objects.filter(stage_due__lt=w.today, stage_due__gte=w.lookback, status__in=OPEN_CASE),
                  "stage_due", "stage_rule", "status")


def decision_near(w: Window) -> Selection:
    return _cases(Case.objects.filter(decision_due__gte=w.today, decision_due__lte=w.soon,
                                      status__in=BEFORE_DECISION), "decision_due", "opened_on", "status")


def decision_overdue(w: Window) -> Selection:
    return _cases(Case.objects.filter(decision_due__lt=w.today, decision_due__gte=w.lookback,
                                      status__in=BEFORE_DECISION),
                  "decision_due", "opened_on", "decision_extended_days", "status")


def legal_review_missing(w: Window) -> Selection:
    reviewed = CaseStep.objects.filter(case=OuterRef("pk"), step="legal_review")
    qs = Case.objects.filter(decided_on__gte=w.lookback, decided_on__lte=w.today, status__in=DECIDED,
                             serious=True).exclude(Exists(reviewed))
    return _cases(qs, "decided_on", "decision_number")


def _assessments(qs: Any) -> Selection:
    return Selection(qs, "case_id", _assessment_hits)


def _assessment_hits(qs: Any) -> Iterator[Hit]:
    for a in qs.values("case_id", "agency_id", "case__created_by_id", "case__power__unit_id", "assessed_on",
                       "band_min", "band_max", "decided_fine", "tier"):
        yield Hit(a["case_id"], a["agency_id"], a["assessed_on"],
                  {k: _jsonable(a[k]) for k in ("assessed_on", "band_min", "band_max", "decided_fine", "tier")},
                  a["case__created_by_id"], a["case__power__unit_id"])


def above_band(w: Window) -> Selection:
    from django.db.models import F

    return _assessments(Assessment.objects.filter(
        assessed_on__gte=w.lookback, decided=True, outside_reasons="", band_max__isnull=False,
        decided_fine__gt=F("band_max")))


def below_floor(w: Window) -> Selection:
    from django.db.models import F

    return _assessments(Assessment.objects.filter(
        assessed_on__gte=w.lookback, decided=True, outside_reasons="", band_min__isnull=False,
        decided_fine__lt=F("band_min")))


def _count(rows: Any) -> Any:
    """How many of `rows` (about a case) each case has, as a correlated subquery: a COUNT over a
    join grouped the cases by every column, sorting wide rows."""
    per_case = rows.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(per_case), 0)


def few_officers(w: Window) -> Selection:
    """A crew falls below the minimum by a recusal (opening a case needs two officers, APL 42), or
    was entered so in the last few days (an import): only those cases are counted, not every open
    case (the partial index `caseofficer_recused`, and `opened_on`)."""
    minimum = int(w.param("MIN_INVESTIGATORS"))
    # The candidates as one UNION, each part from its own index: an OR of the two in one WHERE
    # made SQLite scan every case.
    candidates = CaseOfficer.objects.filter(recused=True).order_by().values("case_id").union(
        Case.objects.filter(opened_on__gte=w.today - dt.timedelta(days=w.near)).order_by().values("pk"))
    qs = (Case.objects.filter(pk__in=candidates, opened_on__gte=w.lookback, status__in=OPEN_CASE,
                              procedure="ordinary")
          .exclude(status=CS.REGISTERED)
          .annotate(crew=_count(CaseOfficer.objects.filter(recused=False))).filter(crew__lt=minimum))
    return _cases(qs, "opened_on", "crew")


def uncertified(w: Window) -> Selection:
    """From the officers without a valid certificate today (a small table) to their open cases, not
    from every open case to its officers."""
    invalid = Officer.objects.filter(~Q(status=Officer.Status.ACTIVE) | Q(valid_until__lt=w.today)
                                     | Q(valid_from__gt=w.today)).values("pk")
    on_cases = CaseOfficer.objects.filter(recused=False, officer_id__in=invalid).values("case_id")
    qs = Case.objects.filter(pk__in=on_cases, opened_on__gte=w.lookback, status__in=BEFORE_DECISION)
    return _cases(qs, "opened_on", "status")


def fine_unpaid(w: Window) -> Selection:
    qs = Case.objects.filter(payment_due__lt=w.today, payment_due__gte=w.lookback, paid_on__isnull=True,
                             status=CS.SERVED, outcome=Outcome.PENALTY, decided_fine__gt=0)
    return _cases(qs, "payment_due", "decided_fine", "decision_number")


def _collections(qs: Any, due: str) -> Selection:
    return Selection(qs, "case_id", lambda rows: _collection_hits(rows, due))


def _collection_hits(qs: Any, due: str) -> Iterator[Hit]:
    for c in qs.values("case_id", "case__agency_id", "case__created_by_id", "case__power__unit_id", due, "amount",
                       "receipt_no"):
        yield Hit(c["case_id"], c["case__agency_id"], c[due],
                  {due: _iso(c[due]), "amount": str(c["amount"]), "receipt_no": c["receipt_no"]},
                  c["case__created_by_id"], c["case__power__unit_id"])


def cash_not_handed(w: Window) -> Selection:
    return _collections(OnSpotCollection.objects.filter(agency_due__lt=w.today, agency_due__gte=w.lookback,
                                                        handed_on__isnull=True), "agency_due")


def cash_not_banked(w: Window) -> Selection:
    return _collections(OnSpotCollection.objects.filter(bank_due__lt=w.today, bank_due__gte=w.lookback,
                                                        banked_on__isnull=True), "bank_due")


def served_unpublished(w: Window) -> Selection:
    limit = w.today - dt.timedelta(days=int(w.param("SUP_PUBLISH_DAYS")))
    published = Publication.objects.filter(kind=DecisionKind.PENALTY, source_id=OuterRef("pk"))
    qs = Case.objects.filter(served_on__gte=w.lookback, served_on__lt=limit, outcome=Outcome.PENALTY,
                             status__in=[CS.SERVED, CS.CLOSED, CS.ARCHIVED]).exclude(Exists(published))
    return _cases(qs, "served_on", "decision_number")


def publication_overdue(w: Window) -> Selection:
    return Selection(Publication.objects.filter(publish_due__lt=w.today, publish_due__gte=w.lookback,
                                                status=PublicationStatus.DRAFT), "pk", _publication_hits)


def _publication_hits(qs: Any) -> Iterator[Hit]:
    for p in qs.values("pk", "agency_id", "publish_due", "kind", "source_id"):
        yield Hit(p["pk"], p["agency_id"], p["publish_due"],
                  {"publish_due": _iso(p["publish_due"]), "kind": p["kind"], "source_id": p["source_id"]})


def double_penalty(w: Window) -> Selection:
    """APL 29: the same party penalised by fines more than once for one act — two penalty decisions
    on the same party, power and act end date (the later one fires)."""
    earlier = Case.objects.filter(
        party_code=OuterRef("party_code"), power_id=OuterRef("power_id"), act_ended_on=OuterRef("act_ended_on"),
        outcome=Outcome.PENALTY, decided_fine__gt=0, status__in=DECIDED, id__lt=OuterRef("pk")).exclude(party_code="")
    qs = (Case.objects.filter(decided_on__gte=w.lookback, decided_on__lte=w.today, outcome=Outcome.PENALTY,
                              decided_fine__gt=0, status__in=DECIDED).exclude(party_code="").filter(Exists(earlier)))
    return _cases(qs, "decided_on", "party_code", "power_id", "act_ended_on")


REQUIRED_STEPS = ("open", "investigate", "decide", "serve")


def closed_without_records(w: Window) -> Selection:
    qs = Case.objects.filter(closed_on__gte=w.lookback, closed_on__lte=w.today, procedure="ordinary",
                             status__in=[CS.CLOSED, CS.ARCHIVED])
    missing = Q()
    for step in REQUIRED_STEPS:
        qs = qs.annotate(**{f"has_{step}": Exists(CaseStep.objects.filter(case=OuterRef("pk"), step=step))})
        missing |= Q(**{f"has_{step}": False})
    return Selection(qs.filter(missing), "pk", _closed_hits)


def _closed_hits(qs: Any) -> Iterator[Hit]:
    for row in qs.values(*CASE_COLUMNS, "closed_on", *(f"has_{s}" for s in REQUIRED_STEPS)):
        yield Hit(row["pk"], row["agency_id"], row["closed_on"],
                  {"closed_on": _iso(row["closed_on"]),
                   "missing": [s for s in REQUIRED_STEPS if not row[f"has_{s}"]]},
                  row["created_by_id"], row["power__unit_id"])


def repeated_extensions(w: Window) -> Selection:
    times = int(w.param("SUP_REPEAT_EXTENSIONS"))
    # The extended cases from their partial index first (`case_extended_due`): with the status
    # list beside them the planner preferred (status, decision_due) and read every case in hand.
    extended = Case.objects.filter(decision_due__gte=w.lookback, decision_extended_days__gt=0).order_by().values("pk")
    qs = (Case.objects.filter(pk__in=extended, status__in=BEFORE_DECISION)
          .annotate(extensions=_count(CaseStep.objects.filter(step="extend"))).filter(extensions__gte=times))
    return _cases(qs, "decision_due", "extensions", "decision_extended_days")


def officer_workload(w: Window) -> Iterator[Hit]:
    """An officer on far more open cases than the agency's median (SUP_WORKLOAD_FACTOR × median,
    and at least SUP_WORKLOAD_MIN cases). It counts every open assignment (a median needs them
    all), so the sweep runs it only when `workload_mark` changed."""
    factor, floor = float(w.param("SUP_WORKLOAD_FACTOR")), int(w.param("SUP_WORKLOAD_MIN"))
    loads: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (CaseOfficer.objects.filter(recused=False, case__status__in=OPEN_CASE, case__opened_on__gte=w.lookback)
            .values("officer_id", "officer__agency_id").annotate(n=Count("id")))
    for row in rows:
        loads[row["officer__agency_id"]][row["officer_id"]] = row["n"]
    for agency_id, per_officer in loads.items():
        median = statistics.median(per_officer.values())
        for officer_id, n in per_officer.items():
            if n >= floor and n > factor * median:
                yield Hit(officer_id, agency_id, None, {"open_cases": n, "agency_median": median, "factor": factor})


def workload_mark(w: Window) -> str:
    """What the workload counts depend on, read cheaply: the day and the parameters in force; the
    last case step (every status change through the workflow writes one); the assignments (their
    number, last id, the recusals); the open cases' number (a status changed outside a step); the
    officers' agencies. The same mark: the counts, hence the alerts, are the same."""
    parts = [w.today.isoformat(), w.param("SUP_WORKLOAD_FACTOR"), w.param("SUP_WORKLOAD_MIN"),
             CaseStep.objects.order_by("-pk").values_list("pk", flat=True).first(),
             CaseOfficer.objects.count(), CaseOfficer.objects.order_by("-pk").values_list("pk", flat=True).first(),
             CaseOfficer.objects.filter(recused=True).count(),
             Case.objects.filter(status__in=OPEN_CASE).count(),
             hashlib.sha256(repr(list(Officer.objects.order_by("pk").values_list("pk", "agency_id"))).encode())
             .hexdigest()[:16]]
    return "|".join(str(p) for p in parts)


# --- licensing, coercion, enforcement, complaints --------------------------------------------------


def _applications(qs: Any, due: str) -> Selection:
    return Selection(qs, "pk", lambda rows: _application_hits(rows, due))


def _application_hits(qs: Any, due: str) -> Iterator[Hit]:
    for a in qs.values("pk", "agency_id", due, "status", "decided_on"):
        yield Hit(a["pk"], a["agency_id"], a[due],
                  {due: _iso(a[due]), "status": a["status"], "decided_on": _iso(a["decided_on"])})


def licence_decided_late(w: Window) -> Selection:
    return _applications(LicenceApplication.objects.filter(decided_on__gte=w.lookback, decided_late=True),
                         "decision_due")


def licence_overdue(w: Window) -> Selection:
    return _applications(LicenceApplication.objects.filter(decision_due__lt=w.today, decision_due__gte=w.lookback,
                                                           status=ApplicationStatus.ACCEPTED), "decision_due")


def licence_near(w: Window) -> Selection:
    return _applications(LicenceApplication.objects.filter(decision_due__gte=w.today, decision_due__lte=w.soon,
                                                           status=ApplicationStatus.ACCEPTED), "decision_due")


def certificate_overdue(w: Window) -> Selection:
    return _applications(LicenceApplication.objects.filter(
        certificate_due__lt=w.today, certificate_due__gte=w.lookback, status=ApplicationStatus.DECIDED,
        outcome="granted"), "certificate_due")


def _measures(qs: Any, due: str) -> Selection:
    return Selection(qs, "pk", lambda rows: _measure_hits(rows, due))


def _measure_hits(qs: Any, due: str) -> Iterator[Hit]:
    for m in qs.values("pk", "agency_id", due, "kind", "status"):
        value = m[due]
        day = value.date() if isinstance(value, dt.datetime) else value
        yield Hit(m["pk"], m["agency_id"], day, {due: _jsonable(value), "kind": m["kind"], "status": m["status"]})


def seizure_past_term(w: Window) -> Selection:
    return _measures(Measure.objects.lapsed(w.today).filter(ends_on__gte=w.lookback), "ends_on")


def seizure_near(w: Window) -> Selection:
    return _measures(Measure.objects.filter(status=MeasureStatus.IN_FORCE, ends_on__gte=w.today,
                                            ends_on__lte=w.soon), "ends_on")


def emergency_unreported(w: Window) -> Selection:
    since = dt.datetime.combine(w.lookback, dt.time(), tzinfo=w.now.tzinfo)
    return _measures(Measure.objects.report_overdue(w.now).filter(report_due_at__gte=since), "report_due_at")


ENFORCING = [EnforcementStatus.OPENED, EnforcementStatus.REMINDED, EnforcementStatus.DECIDED]


def _enforcements(qs: Any) -> Selection:
    return Selection(qs, "pk", _enforcement_hits)


def _enforcement_hits(qs: Any) -> Iterator[Hit]:
    for e in qs.values("pk", "agency_id", "court_until", "status"):
        yield Hit(e["pk"], e["agency_id"], e["court_until"],
                  {"court_until": _iso(e["court_until"]), "status": e["status"]})


def court_window_near(w: Window) -> Selection:
    return _enforcements(Enforcement.objects.filter(court_until__gte=w.today, court_until__lte=w.soon,
                                                    status__in=ENFORCING))


def court_window_lapsed(w: Window) -> Selection:
    return _enforcements(Enforcement.objects.filter(court_until__lt=w.today, court_until__gte=w.lookback,
                                                    status__in=ENFORCING))


def _complaints(qs: Any, due: str) -> Selection:
    return Selection(qs.filter(agency__isnull=False), "pk", lambda rows: _complaint_hits(rows, due))


def _complaint_hits(qs: Any, due: str) -> Iterator[Hit]:
    for c in qs.values("pk", "agency_id", due, "tracking_no", "status"):
        yield Hit(c["pk"], c["agency_id"], c[due],
                  {due: _iso(c[due]), "tracking_no": c["tracking_no"], "status": c["status"]})


def complaint_accept_overdue(w: Window) -> Selection:
    return _complaints(Complaint.objects.filter(accept_due__lt=w.today, accept_due__gte=w.lookback,
                                                status=ComplaintStatus.RECEIVED), "accept_due")


def complaint_handle_near(w: Window) -> Selection:
    return _complaints(Complaint.objects.filter(handle_due__gte=w.today, handle_due__lte=w.soon,
                                                status=ComplaintStatus.ACCEPTED), "handle_due")


def complaint_handle_overdue(w: Window) -> Selection:
    return _complaints(Complaint.objects.filter(handle_due__lt=w.today, handle_due__gte=w.lookback,
                                                status=ComplaintStatus.ACCEPTED), "handle_due")


CASE, LICENCE, MEASURE = "cases.Case", "licensing.LicenceApplication", "coercion.Measure"
COMPLAINT = "complaints.Complaint"

def filing_overdue(w: Window) -> Selection:
    """A major case not filed with the county legal office by its due date (15 days from the decision)."""
    return Selection(Filing.objects.filter(due__lt=w.today, due__gte=w.lookback, status=FilingStatus.PENDING), "pk",
                     _filing_hits)


def _filing_hits(qs: Any) -> Iterator[Hit]:
    for f in qs.values("pk", "agency_id", "due", "case_id", "decided_on"):
        yield Hit(f["pk"], f["agency_id"], f["due"],
                  {"due": _iso(f["due"]), "case_id": f["case_id"], "decided_on": _iso(f["decided_on"])})


RULES: tuple[Rule, ...] = (
    Rule("CASE_STAGE_NEAR", "办案环节即将到期", "Case stage deadline near", "行政处罚法第六十条；各环节期限规则", Y, CASE,
         stage_near),
    Rule("CASE_STAGE_OVERDUE", "办案环节已超期", "Case stage deadline passed", "行政处罚法第六十条；各环节期限规则", R,
         CASE, stage_overdue),
    Rule("CASE_DECISION_NEAR", "办案期限（九十日）即将届满", "90-day decision limit near", "行政处罚法第六十条", Y,
         CASE, decision_near),
    Rule("CASE_DECISION_OVERDUE", "超过办案期限未作出决定", "No decision within the 90-day limit",
         "行政处罚法第六十条", R, CASE, decision_overdue),
    Rule("CASE_LEGAL_REVIEW_MISSING", "重大执法决定未经法制审核", "Major decision without legal review",
         "行政处罚法第五十八条", R, CASE, legal_review_missing),
    Rule("CASE_ABOVE_BAND", "处罚超出裁量基准且未说明理由", "Penalty above the benchmark band without reasons",
         "行政处罚法第三十四条", R, CASE, above_band),
    Rule("CASE_BELOW_FLOOR", "处罚低于裁量基准下限且未说明理由", "Penalty below the benchmark floor without reasons",
         "行政处罚法第三十四条", Y, CASE, below_floor),
    Rule("CASE_FEW_OFFICERS", "执法人员少于两人", "Fewer than two officers on the case", "行政处罚法第四十二条", R,
         CASE, few_officers),
    Rule("CASE_OFFICER_UNCERTIFIED", "执法人员无有效执法证件", "An officer without a valid certificate",
         "行政处罚法第四十二条", R, CASE, uncertified),
    Rule("CASE_FINE_UNPAID", "罚款逾期未缴纳", "Fine unpaid past its due date", "行政处罚法第七十二条", R, CASE,
         fine_unpaid),
    Rule("CASH_NOT_HANDED_OVER", "当场收缴罚款未按期交至行政机关", "On-the-spot cash not handed over in time",
         "行政处罚法第七十一条", R, CASE, cash_not_handed),
    Rule("CASH_NOT_BANKED", "当场收缴罚款未按期缴付银行", "On-the-spot cash not paid into the bank in time",
         "行政处罚法第七十一条", R, CASE, cash_not_banked),
    Rule("CASE_SERVED_UNPUBLISHED", "决定送达后未公示", "Decision served but never published",
         "行政处罚法第四十八条", Y, CASE, served_unpublished),
    Rule("PUBLICATION_OVERDUE", "执法决定公示超期", "Publication of a decision overdue", "行政处罚法第四十八条", R,
         "disclosure.Publication", publication_overdue),
    Rule("CASE_DOUBLE_PENALTY", "同一违法行为两次以上罚款", "Same party fined twice for one act",
         "行政处罚法第二十九条", R, CASE, double_penalty),
    Rule("CASE_CLOSED_WITHOUT_RECORDS", "结案但缺少法定环节记录", "Closed without the required step records",
         "行政处罚法第四十七条", R, CASE, closed_without_records),
    Rule("CASE_REPEATED_EXTENSIONS", "多次延长办案期限", "Decision limit extended repeatedly",
         "行政处罚法第六十条", Y, CASE, repeated_extensions),
    Rule("OFFICER_WORKLOAD", "执法人员承办案件数远超本机关中位数", "Officer's caseload far above the agency median",
         "行政执法责任制（县域执法监督规则）", Y, "registry.Officer", officer_workload, mark=workload_mark),
    Rule("LICENCE_DECIDED_LATE", "超过法定期限作出许可决定", "Licence decided after its deadline",
         "行政许可法第四十二条", R, LICENCE, licence_decided_late, effective_from=dt.date(2004, 7, 1)),
    Rule("LICENCE_DECISION_NEAR", "许可决定期限即将届满", "Licence decision deadline near", "行政许可法第四十二条", Y,
         LICENCE, licence_near, effective_from=dt.date(2004, 7, 1)),
    Rule("LICENCE_DECISION_OVERDUE", "许可决定已超期", "Licence decision overdue", "行政许可法第四十二条", R, LICENCE,
         licence_overdue, effective_from=dt.date(2004, 7, 1)),
    Rule("LICENCE_CERTIFICATE_OVERDUE", "准予许可后未按期颁发证件", "Licence certificate not issued in time",
         "行政许可法第四十四条", R, LICENCE, certificate_overdue, effective_from=dt.date(2004, 7, 1)),
    Rule("SEIZURE_NEAR_TERM", "查封扣押期限即将届满", "Seizure term ending soon", "行政强制法第二十五条", Y, MEASURE,
         seizure_near, effective_from=dt.date(2012, 1, 1)),
    Rule("SEIZURE_PAST_TERM", "查封扣押超过期限未解除", "Seizure past its term", "行政强制法第二十五条、第二十八条", R,
         MEASURE, seizure_past_term, effective_from=dt.date(2012, 1, 1)),
    Rule("EMERGENCY_UNREPORTED", "当场实施强制措施未在24小时内报告", "Emergency measure not reported in 24 hours",
         "行政强制法第十九条", R, MEASURE, emergency_unreported, effective_from=dt.date(2012, 1, 1)),
    Rule("COURT_WINDOW_NEAR", "申请法院强制执行期限即将届满", "Court enforcement window closing",
         "行政强制法第五十三条", Y, "enforcement.Enforcement", court_window_near, effective_from=dt.date(2012, 1, 1)),
    Rule("COURT_WINDOW_LAPSED", "申请法院强制执行期限已过", "Court enforcement window lapsed",
         "行政强制法第五十三条", R, "enforcement.Enforcement", court_window_lapsed, effective_from=dt.date(2012, 1, 1)),
    Rule("COMPLAINT_ACCEPT_OVERDUE", "投诉举报逾期未作受理决定", "Complaint not accepted or rejected in time",
         "市场监督管理投诉举报处理暂行办法第十八条", R, COMPLAINT, complaint_accept_overdue,
         effective_from=dt.date(2020, 1, 1)),
    Rule("COMPLAINT_HANDLE_NEAR", "投诉举报办理期限即将届满", "Complaint handling deadline near",
         "市场监督管理投诉举报处理暂行办法第二十三条", Y, COMPLAINT, complaint_handle_near,
         effective_from=dt.date(2020, 1, 1)),
    Rule("COMPLAINT_HANDLE_OVERDUE", "投诉举报逾期未办结", "Complaint not handled in time",
         "市场监督管理投诉举报处理暂行办法第二十三条", R, COMPLAINT, complaint_handle_overdue,
         effective_from=dt.date(2020, 1, 1)),
    Rule("MAJOR_CASE_FILING_OVERDUE", "重大案件逾期未备案", "Major case not filed in time",
         "浦江县《关于进一步深化和完善行政执法责任制工作的若干意见》（重大案件备案审查制度）", R, "filing.Filing",
         filing_overdue),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
assert len(BY_CODE) == len(RULES), "rule codes are unique"

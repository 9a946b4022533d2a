"""Indexes that match the main lists (issue 14, item 3): the query each of "my cases", the agency's
cases, `GET /api/cases` and the agency's inspections really runs (captured from the request) is explained on the database
the suite runs on, with enough cases loaded and statistics gathered (ANALYZE) that the planner
prefers what it would prefer in production:

- SQLite (EXPLAIN QUERY PLAN): the cases are a `SEARCH` of an index by agency, never a `SCAN` of
  cases_case (nor of an index over every agency's cases), and the order comes from the index,
  never `USE TEMP B-TREE FOR ORDER BY`;
- PostgreSQL (EXPLAIN): an index scan of cases_case, no `Seq Scan` on it and no `Sort` node.

An officer's "my cases" starts from their assignments (a few hundred cases at most), so sorting
those is allowed; what is not is reading the agency's or all the cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import CASE_FIELDS, client_for, make_agency, make_officer
from yifa.cases.models import Case, CaseOfficer, Status
from yifa.registry.models import Agency

pytestmark = pytest.mark.django_db
D = dt.date

#: Cases per agency and agencies: enough that a sort or a full scan costs the planner more than
#: the index (PostgreSQL picks a seq scan and a sort for a few hundred rows).
PER_AGENCY, AGENCIES = 2000, 5
#: Each case's status in turn: most open (the list's filter), some closed and archived.
STATUSES = [Status.OPENED, Status.REGISTERED, Status.INVESTIGATED, Status.DECIDED, Status.CLOSED, Status.ARCHIVED,
            Status.NOTIFIED, Status.NOT_OPENED]


def load_cases(agency: Any, power: Any, user: Any, officer: Any) -> None:
    """PER_AGENCY cases for each of AGENCIES agencies (agency A first), officer's record on one in 40."""
    agencies = [agency] + [make_agency(agency.region, f"机关{i}", f"机{i}", f"11330726MB{i:05d}00Y")
                           for i in range(1, AGENCIES)]
    fields = dict(CASE_FIELDS)
    for a in agencies:
        Case.objects.bulk_create([
            Case(agency=a, power=power, created_by=user, status=STATUSES[i % len(STATUSES)],
                 stage_due=None if i % 17 == 0 else D(2026, 1, 1) + dt.timedelta(days=i % 365),
                 decision_due=D(2026, 3, 1) + dt.timedelta(days=i % 300), **fields)
            for i in range(PER_AGENCY)], batch_size=1000)
    # two investigators on each of agency A's cases, out of twenty (officer's record among them)
    crew = [officer] + [make_officer(agency, f"办案{i}", 20 + i) for i in range(19)]
    CaseOfficer.objects.bulk_create([
        CaseOfficer(case_id=pk, officer=crew[(n + k) % len(crew)], is_lead=k == 0, assigned_on=D(2026, 1, 1))
        for n, pk in enumerate(Case.objects.filter(agency=agency).values_list("pk", flat=True)) for k in (0, 1)])


def list_query(user: Any, url: str, table: str = "cases_case") -> str:
    """The SQL of the page of cases the request reads (params filled in, ready to explain)."""
    client = client_for(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    found = [q["sql"] for q in ctx.captured_queries if f'FROM "{table}"' in q["sql"] and "LIMIT" in q["sql"]]
    assert len(found) == 1, [q["sql"] for q in ctx.captured_queries]
    return found[0]


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return "\n".join(row[-1] for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_no_full_read_or_sort(sql: str, table: str = "cases_case") -> str:
    shown = plan(sql)
    message = f"{sql}\n{shown}"
    if connection.vendor == "sqlite":
        # SEARCH: the agency's part of an index; a SCAN, even of an index (the deadline's alone),
        # walks every agency's cases
        assert f"SEARCH {table} USING INDEX" in shown or f"SEARCH {table} USING COVERING INDEX" in shown, message
        assert f"SCAN {table}" not in shown, message
        assert "USE TEMP B-TREE FOR ORDER BY" not in shown, message
    else:
        assert "Index Scan" in shown or "Index Only Scan" in shown, message
        assert f"Seq Scan on {table}" not in shown, message
        assert "Sort" not in shown, message
    return shown


def load_inspections(agencies: list[Any], power: Any, user: Any) -> None:
    from yifa.inspections.models import Inspection

    for a in agencies:
        Inspection.objects.bulk_create([
            Inspection(agency=a, power=power, recorded_by=user, inspected_on=D(2025, 1, 1) + dt.timedelta(days=i % 500),
                       party_name="某食品店", place="某路1号", findings="过期食品。", result="suspected",
                       recorded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
            for i in range(PER_AGENCY)], batch_size=1000)


@pytest.fixture
def loaded(agency_a, penalty_power, officer_a, head_a, supervisor, crew_a) -> dict[str, Any]:
    load_cases(agency_a, penalty_power, head_a, crew_a["lead"])
    load_inspections(list(Agency.objects.order_by("pk")), penalty_power, head_a)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"officer_a": officer_a, "head_a": head_a, "supervisor": supervisor}


def test_the_case_lists_use_their_indexes(loaded: dict[str, Any]) -> None:
    """One load for every list (loading is the slow part)."""
    for url in ("/cases/", "/cases/all/", "/cases/all/?status=opened", "/api/cases", "/api/cases/mine"):
        assert_no_full_read_or_sort(list_query(loaded["head_a"], url))
    for url in ("/inspections/", "/api/inspections"):
        assert_no_full_read_or_sort(list_query(loaded["head_a"], url, "inspections_inspection"), "inspections_inspection")
    # an officer's cases start from their assignments: a small sort, but never all the cases
    for url in ("/cases/", "/api/cases/mine"):
        sql = list_query(loaded["officer_a"], url)
        shown = plan(sql)
        if connection.vendor == "sqlite":
            assert "SCAN cases_case" not in shown, f"{sql}\n{shown}"  # cases_case and cases_caseofficer alike
        else:
            assert "Seq Scan on cases_case" not in shown, f"{sql}\n{shown}"


def test_the_portal_search_reads_its_rarest_token_in_index_order(agency_a) -> None:
    """The public search (disclosure.search.walk): the query's token entries are a SEARCH of the
    ordered token index (token, decided_on, publication), never a scan of the records, and (SQLite)
    the newest-first order comes from that index (no sort), for a common word and a rare one."""
    from yifa.disclosure.models import Publication, SearchToken
    from yifa.disclosure.search import tokens_of

    n = 3000
    Publication.objects.bulk_create([
        Publication(agency=agency_a, kind="penalty", source_id=i + 1, status="released", title=f"店{i}",
                    party_name=f"某{'甲乙丙丁'[i % 4]}食品店{i}", result="罚款", decided_on=D(2025, 1, 1) + dt.timedelta(days=i % 400),
                    publish_due=D(2025, 1, 1), publish_rule="DISCLOSURE_PUBLISH",
                    search_text=f"某{'甲乙丙丁'[i % 4]}食品店{i}") for i in range(n)], batch_size=1000)
    SearchToken.objects.bulk_create([SearchToken(publication_id=pk, token=t, decided_on=day)
                                     for pk, text, day in Publication.objects.values_list("pk", "search_text", "decided_on")
                                     for t in tokens_of(text)], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for url in ("/portal/decisions/?q=食品店", "/open/decisions?party=某丙食品店12", f"/portal/decisions/?q=食品&agency={agency_a.pk}"):
        with CaptureQueriesContext(connection) as ctx:
            assert client_for(None).get(url).status_code == 200
        walks = [q["sql"] for q in ctx.captured_queries if 'FROM "disclosure_searchtoken"' in q["sql"] and "ORDER BY" in q["sql"]]
        assert len(walks) == 1, [q["sql"] for q in ctx.captured_queries]
        sql = walks[0]
        shown = plan(sql)
        message = f"{sql}\n{shown}"
        if connection.vendor == "sqlite":
            assert "USING INDEX search_token_ordered" in shown or "USING COVERING INDEX search_token_ordered" in shown, message
            assert "SCAN disclosure_publication" not in shown, message
            assert "SCAN disclosure_searchtoken" not in shown, message
            assert "USE TEMP B-TREE FOR ORDER BY" not in shown, message
        else:
            # PostgreSQL: the token entries by the ordered index, never a scan of them. (With 3,000
            # records it may hash the whole small record table and sort a rare token's few entries;
            # not shown here at a size where that would cost.)
            assert "search_token_ordered" in shown, message
            assert "Seq Scan on disclosure_searchtoken" not in shown, message

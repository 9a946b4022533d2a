"""The statements a workflow step costs, once the per-process reference copy is warm: a
regression guard for `make bench`'s steps per second (counts, never timings, in tests).

Each step needs: lock and read the case, its gates' reads, the UPDATE, the step record, and
the audit append (read the chain head, insert, move the head). Reference data (parameters,
rules, calendar, document kinds, regions, the power catalogue) must come from memory."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import CASE_FIELDS
from yifa.cases import actions
from yifa.evidence.actions import add_evidence
from yifa.lib import refcache

pytestmark = pytest.mark.django_db
D = dt.date
REFERENCE_TABLES = ("workcal_", "documents_documentkind", "documents_agencynumbering", "registry_region",
                    "law_poweritem")


def _case(agency_a, penalty_power, officer_a, title):
    return actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                                 **(CASE_FIELDS | {"title": title}))


def _evidence(c, officer_a):
    add_evidence(c, kind="physical", title="涉案物品", upload=None, acting_user=officer_a, collected_on=D(2026, 9, 2))


def _steps(c, crew, officer_a, head_a):
    yield "open", lambda c: actions.open_case(c, opened_on=D(2026, 9, 2), officers=[crew["lead"], crew["colleague"]],
                                              lead=crew["lead"], acting_user=head_a)
    yield "investigate", lambda c: actions.close_investigation(c, facts="事实。", on_date=D(2026, 9, 3),
                                                               acting_user=officer_a)
    yield "review", lambda c: actions.review_case(c, opinion="同意。", proposed_types=["fine"],
                                                  proposed_fine=Decimal("1000"), serious=False,
                                                  on_date=D(2026, 9, 4), acting_user=head_a)
    yield "notify", lambda c: actions.notify_case(c, notified_on=D(2026, 9, 7), acting_user=officer_a)


#: Each step's statements, the to-do lists' included (yifa.workflow.worklist: the record's items
#: deleted and read back in one DELETE … RETURNING, the crew's logins, the new items, the step on
#: the actor's 已办 list, and the notifications of whoever is newly waited on: four to five).
BUDGET = {"open": 19, "investigate": 18, "review": 15, "notify": 18}


def test_a_warm_step_reads_no_reference_table_and_stays_within_budget(agency_a, penalty_power, crew_a, officer_a,
                                                                        head_a, monkeypatch):
    # The fixtures wrote reference rows inside the test's transaction; start from a clean copy
    # and keep the once-a-second cross-process check out of the count.
    refcache.clear()
    monkeypatch.setattr(refcache, "CHECK_EVERY", 3600.0)
    warm = _case(agency_a, penalty_power, officer_a, "预热案件")
    for name, step in _steps(warm, crew_a, officer_a, head_a):
        if name == "investigate":
            _evidence(warm, officer_a)
        warm = step(warm)
    c = _case(agency_a, penalty_power, officer_a, "计数案件")
    for name, step in _steps(c, crew_a, officer_a, head_a):
        if name == "investigate":
            _evidence(c, officer_a)
        with CaptureQueriesContext(connection) as ctx:
            c = step(c)
        sqls = [q["sql"] for q in ctx.captured_queries]
        assert not [s for s in sqls if any(f'"{t}' in s.split(" WHERE ")[0] or f"FROM {t}" in s
                                           for t in REFERENCE_TABLES)], name
        assert len(sqls) <= BUDGET[name], (name, sqls)

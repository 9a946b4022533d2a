"""The per-process reference cache: a write here is seen at once, another process's write is
seen after the next check of the shared counter, and a rolled-back write leaves nothing behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import F

from yifa.lib import refcache
from yifa.workcal.calendar import apply_rule
from yifa.workcal.models import DeadlineRule, LegalParameter, ReferenceVersion
from yifa.workcal.parameters import parameter_on

DAY = dt.date(2026, 11, 25)
CODE = "HEARING_FINE_INDIVIDUAL"

pytestmark = pytest.mark.django_db


def test_reads_are_served_from_memory_once_loaded(django_assert_num_queries):
    parameter_on(CODE, DAY)
    apply_rule("APL_DECISION", DAY)
    with django_assert_num_queries(0):
        assert parameter_on(CODE, DAY) == Decimal("10000")
        assert apply_rule("APL_DECISION", DAY).rule.count == 90


def test_a_write_in_this_process_is_seen_at_once():
    assert parameter_on(CODE, DAY) == Decimal("10000")
    row = LegalParameter.objects.get(code=CODE)
    row.value = Decimal("12000")
    row.save()
    assert parameter_on(CODE, DAY) == Decimal("12000")
    assert ReferenceVersion.objects.get(pk=1).n >= 1


def test_another_processs_write_is_seen_after_the_next_check(monkeypatch):
    assert apply_rule("APL_DECISION", DAY).rule.count == 90
    # Another process: the row and the counter change without this process's signals.
    DeadlineRule.objects.filter(code="APL_DECISION").update(count=60)
    ReferenceVersion.objects.update_or_create(pk=1, defaults={"n": 41})
    ReferenceVersion.objects.filter(pk=1).update(n=F("n") + 1)
    monkeypatch.setattr(refcache, "CHECK_EVERY", 3600.0)
    assert apply_rule("APL_DECISION", DAY).rule.count == 90  # not checked yet: still the old copy
    monkeypatch.setattr(refcache, "CHECK_EVERY", 0.0)
    assert apply_rule("APL_DECISION", DAY).rule.count == 60


def test_a_rolled_back_write_leaves_no_trace():
    assert parameter_on(CODE, DAY) == Decimal("10000")

    def write_then_fail() -> None:
        with transaction.atomic():
            row = LegalParameter.objects.get(code=CODE)
            row.value = Decimal("1")
            row.save()
            assert parameter_on(CODE, DAY) == Decimal("1")  # read inside the writer's transaction
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        write_then_fail()
    assert parameter_on(CODE, DAY) == Decimal("10000")

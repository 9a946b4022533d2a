"""The shared "nothing changed" check catches a change in any yifa table, and only there."""

import pytest

from tests.conftest import client_for
from tests.helpers import assert_unchanged, yifa_models
from yifa.audit.models import AuditEvent
from yifa.registry.models import Agency

pytestmark = pytest.mark.django_db


def test_covers_every_yifa_table_and_the_audit_log():
    tables = {m._meta.db_table for m in yifa_models()}
    assert AuditEvent._meta.db_table in tables
    assert Agency._meta.db_table in tables
    assert any(m._meta.auto_created for m in yifa_models())  # many-to-many tables too
    assert not any(t.startswith(("django_session", "axes_")) for t in tables)


def test_a_changed_value_fails(agency_a):
    with pytest.raises(AssertionError, match=Agency._meta.db_table), assert_unchanged():
        Agency.objects.filter(pk=agency_a.pk).update(short_name="改")


def test_a_changed_m2m_row_fails(penalty_power):
    through = type(penalty_power).penalty_provisions.through
    with pytest.raises(AssertionError, match=through._meta.db_table), assert_unchanged():
        penalty_power.penalty_provisions.clear()


def test_an_extra_value_is_compared_too():
    box = [1]
    with pytest.raises(AssertionError), assert_unchanged(lambda: list(box)):
        box.append(2)


def test_logging_in_is_not_a_change(officer_a):
    with assert_unchanged():
        client_for(officer_a).get("/")

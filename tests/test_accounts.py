import pytest

from tests.conftest import make_user
from yifa.accounts.actions import save_user
from yifa.audit.models import AuditEvent
from yifa.lib.errors import Forbidden

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(officer_a):
    assert officer_a.password.startswith("argon2$")


def test_account_changes_are_audited_without_the_hash(officer_a):
    admin = make_user("root", "sysadmin")
    officer_a.display_name = "王五"
    save_user(officer_a, acting_user=admin, password="New-pass-2026!")
    ev = AuditEvent.objects.get(action="user.update")
    assert ev.after["display_name"] == "王五"
    assert ev.after["password_changed"] is True
    assert "password" not in ev.after
    assert "password" not in ev.before


def test_only_sysadmin_manages_accounts(officer_a, head_a):
    head_a.role = "sysadmin"
    with pytest.raises(Forbidden):
        save_user(head_a, acting_user=officer_a)
    head_a.refresh_from_db()
    assert head_a.role == "agency_head"
    assert not AuditEvent.objects.exists()

"""Issue 13 items 6 and 7: agency admins manage their agency's staff logins in Yifa (/staff/), all
audited; the audit trail per record and per user for those entitled to it, with each shown event
checked against its chain. Refusals change nothing."""

from __future__ import annotations

import re

import pytest

from tests.conftest import CASE_FIELDS, PASSWORD, client_for, make_user
from tests.helpers import assert_unchanged

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_a(agency_a):
    return make_user("admin_a", "agency_admin", agency=agency_a)


def events(action: str):
    from yifa.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def can_sign_in(username: str, password: str) -> bool:
    from yifa.accounts.models import User

    user = User.objects.get(username=username)
    return user.is_active and user.check_password(password)


def shown_password(body: str) -> str:
    found = re.search(r'data-testid="one-time-password">.*?<code>([^<]+)</code>', body, re.S)
    assert found, "the one-time password is shown"
    return found.group(1)


def test_admin_creates_a_login_linked_to_an_officer_of_the_agency(admin_a, agency_a, officer_record_a):
    from yifa.accounts.models import User

    page = client_for(admin_a).get("/staff/new/")
    assert page.status_code == 200
    assert officer_record_a.name in page.content.decode()
    response = client_for(admin_a).post("/staff/new/", {
        "username": "wang", "display_name": "王建国", "role": "officer", "officer": officer_record_a.pk})
    assert response.status_code == 200
    password = shown_password(response.content.decode())
    wang = User.objects.get(username="wang")
    assert (wang.agency_id, wang.role, wang.officer_id, wang.is_active) == (agency_a.pk, "officer", officer_record_a.pk, True)
    assert can_sign_in("wang", password)
    [created] = events("user.create")
    assert created.agency_id == agency_a.pk
    assert created.actor_id == admin_a.pk
    assert "password" not in created.after
    assert created.after["password_changed"] is True
    # the list shows the new login; the officer is no longer offered to another login
    listing = client_for(admin_a).get("/staff/").content.decode()
    assert "王建国" in listing
    assert "admin_a" in listing
    assert officer_record_a.certificate_no not in client_for(admin_a).get("/staff/new/").content.decode()


def test_admin_deactivates_reactivates_and_resets_a_password(admin_a, officer_a):
    c = client_for(admin_a)
    assert c.post(f"/staff/{officer_a.pk}/", {"op": "deactivate"}).status_code == 302
    officer_a.refresh_from_db()
    assert not officer_a.is_active
    assert not can_sign_in("officer_a", PASSWORD)
    [off] = events("user.deactivate")
    assert off.before == {"is_active": True}
    assert off.after == {"is_active": False}
    assert c.post(f"/staff/{officer_a.pk}/", {"op": "activate"}).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.is_active
    response = c.post(f"/staff/{officer_a.pk}/", {"op": "password", "password": ""})
    new = shown_password(response.content.decode())
    assert not can_sign_in("officer_a", PASSWORD)
    assert can_sign_in("officer_a", new)
    [reset] = events("user.password_reset")
    assert reset.after == {"password_changed": True, "must_change_password": True}
    assert reset.before == {"must_change_password": False}
    # a chosen password must pass the validators: refused, nothing changed
    with assert_unchanged():
        assert c.post(f"/staff/{officer_a.pk}/", {"op": "password", "password": "123"}).status_code == 400
    # role and name changes are recorded field by field
    assert c.post(f"/staff/{officer_a.pk}/", {"op": "change", "role": "legal_reviewer",
                                              "display_name": "新名字"}).status_code == 302
    [changed] = events("user.update")
    assert changed.before == {"display_name": "officer_a", "role": "officer"}
    assert changed.after == {"display_name": "新名字", "role": "legal_reviewer"}


def test_refusals_change_nothing(admin_a, head_a, officer_a, officer_b, supervisor, officer_record_b, agency_b):
    from yifa.lib.errors import Forbidden
    from yifa.staff import actions

    sysadmin = make_user("root_like", "sysadmin")
    with assert_unchanged():
        # another agency's user, and a sysadmin: not found to the agency admin
        assert client_for(admin_a).post(f"/staff/{officer_b.pk}/", {"op": "deactivate"}).status_code == 404
        assert client_for(admin_a).get(f"/staff/{officer_b.pk}/").status_code == 404
        assert client_for(admin_a).post(f"/staff/{sysadmin.pk}/", {"op": "password"}).status_code == 404
        # an officer, a head, a supervisor: no management, not even of themselves
        for user in (officer_a, head_a, supervisor):
            assert client_for(user).post(f"/staff/{officer_a.pk}/", {"op": "deactivate"}).status_code == 403
            assert client_for(user).post("/staff/new/", {"username": "x", "display_name": "x",
                                                         "role": "officer"}).status_code == 403
        assert client_for(officer_a).get("/staff/").status_code == 403
        # an officer of another agency cannot be linked; no admin may deactivate themselves
        assert client_for(admin_a).post("/staff/new/", {"username": "x", "display_name": "x", "role": "officer",
                                                        "officer": officer_record_b.pk}).status_code == 400
        assert client_for(admin_a).post(f"/staff/{admin_a.pk}/", {"op": "deactivate"}).status_code == 400
        # the action refuses whatever calls it
        with pytest.raises(Forbidden):
            actions.create_login(agency=agency_b, username="y", display_name="y", role="officer", acting_user=admin_a)
        with pytest.raises(Forbidden):
            actions.reset_password(officer_b, acting_user=admin_a)
        with pytest.raises(Forbidden):
            actions.set_active(sysadmin, False, acting_user=admin_a)


def test_audit_trail_per_user_and_per_record_for_the_entitled_only(admin_a, head_a, officer_a, officer_b, supervisor,
                                                                   penalty_power, agency_a):
    from yifa.audit.models import AuditEvent
    from yifa.cases import actions as case_actions

    case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    mine = f"/audit/users/{officer_a.pk}/"
    for user, status in ((officer_a, 200), (head_a, 200), (admin_a, 200), (supervisor, 200), (officer_b, 404)):
        assert client_for(user).get(mine).status_code == status, user
    assert client_for(officer_a).get(f"/audit/users/{head_a.pk}/").status_code == 404
    record = f"/audit/records/case/{case.pk}/"
    assert client_for(officer_b).get(record).status_code == 404
    assert client_for(make_user("someone", "public")).get(record).status_code == 403
    body = client_for(head_a).get(record).content.decode()
    assert "officer_a" in body
    assert "case.register" not in body
    assert 'data-intact="yes"' in body
    assert 'data-intact="no"' not in body
    assert f'href="/audit/records/case/{case.pk}/"' in client_for(officer_a).get(f"/cases/{case.pk}/").content.decode()
    # an event edited in the database shows as failing its check where it is shown
    AuditEvent.objects.filter(object_type="cases.Case", object_id=str(case.pk)).update(actor="someone else")
    assert 'data-intact="no"' in client_for(head_a).get(record).content.decode()


def test_django_admin_is_the_sysadmins_only(head_a):
    sysadmin = make_user("sys", "sysadmin", is_staff=True)
    head_a.is_staff = True
    head_a.save()
    assert client_for(head_a).get("/admin/").status_code == 302
    page = client_for(sysadmin).get("/admin/")
    assert page.status_code == 200
    assert "系统管理" in page.content.decode()


def test_the_trail_pages_queries_do_not_grow_with_the_events(admin_a, officer_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yifa.staff import actions

    c = client_for(admin_a)
    url = f"/audit/users/{admin_a.pk}/"

    def queries_with(events: int) -> int:
        while len(events_by_admin()) < events:
            actions.set_active(officer_a, not officer_a.is_active, acting_user=admin_a)
            officer_a.refresh_from_db()
        c.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    def events_by_admin() -> list[object]:
        from yifa.audit.models import AuditEvent

        return list(AuditEvent.objects.filter(actor_id=admin_a.pk))

    assert queries_with(5) == queries_with(50)


def test_staff_pages_in_english(admin_a, officer_a):
    from tests.test_i18n import chinese_in, english, wording

    c = english(client_for(admin_a))
    for url in ("/staff/", f"/staff/{officer_a.pk}/", f"/audit/users/{officer_a.pk}/", "/staff/new/"):
        response = c.get(url)
        assert response.status_code == 200
        assert chinese_in(wording(response.content.decode(), "officer_a", "admin_a", "浦江县市场监督管理局")) == [], url


def test_the_admins_yifa_models_are_named_in_chinese():
    from django.contrib import admin
    from django.utils import translation

    cjk = re.compile(r"[\u4e00-\u9fff]")
    translation.activate("zh-hans")  # Django's own fields (password, last login) in the admin's language
    unnamed = [f"{model._meta.label}.{f.name}" for model in admin.site._registry
               if model._meta.app_config.name.startswith("yifa.")
               for f in model._meta.get_fields()
               if hasattr(f, "verbose_name") and not f.auto_created and not cjk.search(str(f.verbose_name))]
    apps_unnamed = [m._meta.app_config.name for m in admin.site._registry
                    if m._meta.app_config.name.startswith("yifa.") and not cjk.search(str(m._meta.app_config.verbose_name))]
    translation.deactivate()
    assert unnamed == []
    assert apps_unnamed == []
    # The libraries' own tables (English field names) are not offered in the admin at all.
    offered = {m._meta.app_label for m in admin.site._registry}
    assert offered.isdisjoint({"axes", "django_q"})


def test_the_trail_never_shows_a_secret_or_its_hash():
    from types import SimpleNamespace

    from yifa.staff.trail import changes

    event = SimpleNamespace(object_type="complaints.Complaint", before={},
                            after={"code_hash": "argon2$x", "subject": "噪音", "password": "p", "api_token": "t"})
    shown = changes(event)  # type: ignore[arg-type]
    assert [c.after for c in shown] == ["噪音"]

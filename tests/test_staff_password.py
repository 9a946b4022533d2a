"""Issue 13: a generated one-time password must be changed at the next sign-in (the flag on the
user, the middleware, /password/, audited as `user.password_change`); staff logins and pickers of
people in pinyin order, the pickers matching pinyin. Refusals change nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import PASSWORD, client_for, make_user
from tests.helpers import assert_unchanged

pytestmark = pytest.mark.django_db

NEW = "Qingshui-River-2026"


@pytest.fixture
def admin_a(agency_a):
    return make_user("admin_a", "agency_admin", agency=agency_a)


def one_time(body: str) -> str:
    found = re.search(r'data-testid="one-time-password">.*?<code>([^<]+)</code>', body, re.S)
    assert found
    return found.group(1)


def signed_in(username: str, password: str) -> Client:
    c = Client()
    response = c.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, "signed in"
    return c


def test_a_generated_password_must_be_changed_before_anything_else(admin_a, agency_a):
    from yifa.accounts.models import User
    from yifa.audit.models import AuditEvent

    body = client_for(admin_a).post("/staff/new/", {"username": "li", "display_name": "李四", "role": "officer"})
    password = one_time(body.content.decode())
    assert User.objects.get(username="li").must_change_password
    assert AuditEvent.objects.get(action="user.create").after["must_change_password"] is True

    c = signed_in("li", password)
    home = c.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith("/password/?next=")
    assert c.get("/cases/")["Location"] == "/password/?next=%2Fcases%2F"
    assert c.get("/api/cases").status_code == 403
    page = c.get("/password/?next=/cases/")
    assert page.status_code == 200
    assert "data-password-required" in page.content.decode()

    # a wrong current password, two different new ones, a too common one: refused, nothing changes
    for data in ({"old_password": "wrong", "new_password": NEW, "new_password2": NEW},
                 {"old_password": password, "new_password": NEW, "new_password2": NEW + "x"},
                 {"old_password": password, "new_password": "password", "new_password2": "password"},
                 {"old_password": password, "new_password": password, "new_password2": password}):
        with assert_unchanged():
            assert c.post("/password/", {**data, "next": "/cases/"}).status_code == 400
    assert c.get("/")["Location"].startswith("/password/")

    done = c.post("/password/", {"old_password": password, "new_password": NEW, "new_password2": NEW,
                                 "next": "/cases/"})
    assert done.status_code == 302
    assert done["Location"] == "/cases/"
    li = User.objects.get(username="li")
    assert not li.must_change_password
    assert li.check_password(NEW)
    assert c.get("/").status_code == 200, "still signed in, free to go on"
    event = AuditEvent.objects.get(action="user.password_change")
    assert (event.actor_id, event.before, event.after) == (
        li.pk, {"must_change_password": True}, {"password_changed": True, "must_change_password": False})
    assert "password" not in event.after
    # an outside address as `next` is not followed
    assert c.post("/password/", {"old_password": NEW, "new_password": NEW + "!", "new_password2": NEW + "!",
                                 "next": "https://evil.example/"})["Location"] == "/"


def test_a_reset_sets_the_flag_only_for_a_generated_password(admin_a, officer_a):
    c = client_for(admin_a)
    c.post(f"/staff/{officer_a.pk}/", {"op": "password", "password": ""})
    officer_a.refresh_from_db()
    assert officer_a.must_change_password
    c.post(f"/staff/{officer_a.pk}/", {"op": "password", "password": "Chosen-By-Admin-2026"})
    officer_a.refresh_from_db()
    assert not officer_a.must_change_password
    assert signed_in("officer_a", "Chosen-By-Admin-2026").get("/").status_code == 200


def test_only_ones_own_password(officer_a, head_a):
    from yifa.lib.errors import Forbidden
    from yifa.staff.actions import change_own_password

    with assert_unchanged(), pytest.raises(Forbidden):
        change_own_password(officer_a, old_password=PASSWORD, new_password=NEW, acting_user=head_a)
    assert Client().get("/password/")["Location"].startswith("/login/")


def test_staff_list_and_pickers_in_pinyin_order_matching_pinyin(admin_a, agency_a):
    from yifa.registry.models import Officer

    for username, name in (("u1", "张三"), ("u2", "李四"), ("u3", "王五")):
        user = make_user(username, "officer", agency=agency_a)
        user.display_name = name
        user.save()
    listing = client_for(admin_a).get("/staff/").content.decode()
    assert listing.index("李四") < listing.index("王五") < listing.index("张三")
    for serial, name in enumerate(("赵六", "曾七"), start=1):
        Officer.objects.create(agency=agency_a, name=name, resident_id=f"3307261980010100{serial:02d}",
                               certificate_no=f"浙C3307269{serial:02d}", issuing_authority="浙江省人民政府",
                               area="浦江县", valid_from="2024-01-01", valid_until="2030-12-31")
    form = client_for(admin_a).get("/staff/new/").content.decode()
    assert form.index("曾七") < form.index("赵六")
    assert re.search(r'data-pinyin="zhaoliu zl"[^>]*>赵六', form)
    assert re.search(r'data-pinyin="zengqi zq"[^>]*>曾七', form)


def test_picker_search_text_is_full_pinyin_and_initials():
    from yifa.lib.pinyin import person_search_text, search_text

    assert search_text("zhang1 san1") == "zhangsan zs"
    assert person_search_text("曾七") == "zengqi zq"
    assert search_text("") == ""

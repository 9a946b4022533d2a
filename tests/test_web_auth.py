"""Signing in and out through the real login form, and the lockout after 5 failures."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_renders_the_form(db):
    response = Client().get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert "csrfmiddlewaretoken" in html


def test_login_with_the_cast_password(officer_a):
    client = Client()
    response = login(client, "officer_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in(client)
    home = client.get(reverse("home")).content.decode()
    assert "officer_a" in home
    assert "执法人员" in home


def test_login_honours_next(officer_a):
    client = Client()
    target = reverse("registry:officer-list")
    response = client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response["Location"] == target


def test_wrong_password_is_refused_with_a_message(officer_a):
    client = Client()
    response = login(client, "officer_a", "not-the-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert not signed_in(client)


def test_five_failures_lock_the_account(officer_a, head_a):
    client = Client()
    for _ in range(4):
        assert login(client, "officer_a", "wrong-password").status_code == 200
    fifth = login(client, "officer_a", "wrong-password")
    assert fifth.status_code == 429
    # Now even the right password is refused, with the lockout page.
    fresh = Client()
    response = login(fresh, "officer_a", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "账户已暂时锁定" in html
    english = Client()
    english.cookies["django_language"] = "en"
    response = login(english, "officer_a", PASSWORD)
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    assert not signed_in(english)
    assert not signed_in(fresh)
    assert not signed_in(client)
    # The lockout is by username: another account still signs in.
    other = Client()
    assert login(other, "head_a", PASSWORD).status_code == 302
    assert signed_in(other)


def test_four_failures_do_not_lock(officer_a):
    client = Client()
    for _ in range(4):
        login(client, "officer_a", "wrong-password")
    assert login(client, "officer_a", PASSWORD).status_code == 302
    assert signed_in(client)


def test_logout_is_post_only(officer_a):
    client = client_for(officer_a)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in(client)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not signed_in(client)


def test_signed_in_user_visiting_login_goes_home(officer_a):
    response = client_for(officer_a).get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_language_switch_sets_the_language(officer_a):
    client = client_for(officer_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.cookies["django_language"].value == "en"
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html

"""Issue 13 items 4 and 5 (server side): officers in pinyin order in lists and pickers, the
registering officer preselected as lead, import controls only for those who may import, and no
rule code or software version string on the pages people read."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.conftest import CASE_FIELDS, client_for, make_officer
from yifa.cases import actions
from yifa.lib.pinyin import name_key
from yifa.workcal.models import DeadlineRule

#: What a person must not read: rule codes (ACL_SEIZURE, APL_SERVICE …) and version strings.
CODE = re.compile(r"\b[A-Z]{2,}_[A-Z_]+\b")
VERSIONS = re.compile(r"chinese[-_ ]?calendar|\d{4}-\d{4}@v\d+", re.I)


def visible_text(html: str) -> str:
    """The page's text as read: no scripts, tags or attribute values (links and ids may hold codes)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_name_key_orders_names_by_pinyin_not_code_point():
    names = ["张三", "李四", "王五", "赵六"]
    assert sorted(names) == ["张三", "李四", "王五", "赵六"]  # code point: 张 U+5F20 < 李 U+674E
    assert sorted(names, key=name_key) == ["李四", "王五", "张三", "赵六"]  # li, wang, zhang, zhao
    assert name_key("张三") == "zhang1 san1"
    assert name_key("曾国藩").startswith("zeng")  # a surname's own reading (not ceng)
    assert name_key("李四") < name_key("林一")  # syllable by syllable: li < lin
    assert name_key("") == ""


@pytest.fixture
def four(agency_a):
    return [make_officer(agency_a, name, serial) for serial, name in enumerate(["张三", "李四", "王五", "赵六"], 31)]


def positions(html: str, names: list[str]) -> list[int]:
    return [html.index(n) for n in names]


def test_officers_listed_and_offered_in_pinyin_order(four, crew_a, head_a, officer_a, penalty_power):
    pinyin_order = ["李四", "王五", "张三", "赵六"]
    html = client_for(head_a).get(reverse("registry:officer-list")).content.decode()
    assert positions(html, pinyin_order) == sorted(positions(html, pinyin_order))

    # The head opens a lead that officer_a registered: the officers to choose from in pinyin order,
    # and officer_a (who registered it) preselected as lead and as one of the investigators.
    case = actions.register_case(agency=head_a.agency, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    page = client_for(head_a).get(reverse("cases:detail", args=[case.pk])).content.decode()
    form = re.search(r'<form[^>]*data-step="open".*?</form>', page, re.S)
    assert form is not None
    assert positions(form.group(0), pinyin_order) == sorted(positions(form.group(0), pinyin_order))
    lead = crew_a["lead"].pk
    assert re.search(rf'<option value="{lead}"[^>]*\bselected\b', form.group(0))
    assert re.search(rf'<input type="checkbox" name="officers" value="{lead}"[^>]*checked', form.group(0))


def test_simple_procedure_form_ticks_the_signed_in_officer(crew_a, officer_a, four):
    html = client_for(officer_a).get(reverse("cases:simple_new")).content.decode()
    me = crew_a["lead"].pk
    assert re.search(rf'<input type="checkbox" name="officers" value="{me}"[^>]*checked', html)
    assert not re.search(rf'<input type="checkbox" name="officers" value="{four[0].pk}"[^>]*checked', html)


def test_import_controls_only_for_those_who_may_import(officer_a, head_a, supervisor):
    field = client_for(officer_a).get(reverse("transfer:index")).content.decode()
    assert "/import/" not in field  # a field officer can export what they see, not import
    assert "上传导入" not in field
    head = client_for(head_a).get(reverse("transfer:index")).content.decode()
    assert reverse("transfer:import", args=["officers"]) in head
    assert reverse("transfer:import", args=["laws"]) not in head  # shared data: the legal office's
    assert reverse("transfer:import", args=["laws"]) in client_for(supervisor).get(reverse("transfer:index")).content.decode()


def test_main_pages_show_names_not_codes(crew_a, officer_a, head_a, supervisor, penalty_power):
    case = actions.register_case(agency=head_a.agency, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    actions.open_case(case, opened_on=dt.date(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                      lead=crew_a["lead"], acting_user=head_a)
    pages = [
        reverse("home"), reverse("cases:mine"), reverse("cases:detail", args=[case.pk]),
        reverse("coercion:list"), reverse("inspections:list"), reverse("transfer:index"),
        reverse("registry:officer-list"), reverse("registry:rule-list"), reverse("registry:power-list"),
        reverse("calendar"), reverse("deadline") + "?rule=ACL_SEIZURE&start=2026-09-29",
        reverse("deadline") + "?start=2026-09-29&count=7&unit=working",
    ]
    rule = reverse("registry:rule-detail", args=[DeadlineRule.objects.filter(code="ACL_SEIZURE").first().pk])
    for user in (officer_a, head_a, supervisor):
        client = client_for(user)
        # a rule's code is shown on its page only to those who maintain rules (the supervisor here)
        for url in [*pages, rule] if user != supervisor else pages:
            response = client.get(url)
            if response.status_code in (403, 404):  # not this role's page
                continue
            assert response.status_code == 200, (user.username, url, response.status_code)
            text = visible_text(response.content.decode())
            assert not CODE.findall(text), (user.username, url, CODE.findall(text))
            assert not VERSIONS.findall(text), (user.username, url, VERSIONS.findall(text))
    deadline = visible_text(client_for(officer_a).get(pages[-2]).content.decode())
    assert "2004年至2026年的节假日安排" in deadline

"""Accessibility in the served HTML and CSS (issue 13 item 9, WCAG 2.1 AA), checked without a
browser; tests/test_browser_a11y.py runs axe-core over the pages in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CSS = (Path(__file__).resolve().parent.parent / "yifa/static/yifa/yifa.css").read_text()


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def described_ids_missing(html: str) -> set[str]:
    """aria-describedby / aria-controls / aria-labelledby targets that are not in the page."""
    wanted = {i for attr in re.findall(r'aria-(?:describedby|controls|labelledby)="([^"]+)"', html) for i in attr.split()}
    return {i for i in wanted if f'id="{i}"' not in html}


def test_field_borders_and_focus_are_visible():
    variables = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", CSS))
    assert re.search(r"input, select, textarea \{ border: 1px solid var\(--field\)", CSS)
    assert contrast(variables["field"], "#ffffff") >= 3
    assert contrast(variables["field"], variables["bg"]) >= 3  # fields on the grey page, too
    assert re.search(r"^:focus-visible \{ outline: 3px solid var\(--focus\)", CSS, re.MULTILINE)
    assert contrast(variables["focus"], "#ffffff") >= 3


def test_signed_in_page_has_a_skip_link_a_named_menu_button_and_no_dangling_references(officer_a):
    html = client_for(officer_a).get("/deadline/").content.decode()
    assert '<a class="skip" href="#main">跳到正文</a>' in html
    assert '<main id="main"' in html
    assert 'type="checkbox" id="nav-toggle"' not in html
    assert re.search(r'<button type="button" class="nav-button" aria-expanded="false" aria-controls="main-nav">'
                     r'<span aria-hidden="true">☰</span> 菜单</button>', html)
    assert "aria-describedby=" in html  # the form's help texts are linked ...
    assert described_ids_missing(html) == set()  # ... to ids that are rendered


def test_forms_link_only_rendered_help_texts(officer_a, penalty_power):
    for path in ("/cases/new/", "/coercion/new/", "/licensing/new/", "/inspections/new/"):
        html = client_for(officer_a).get(path).content.decode()
        assert described_ids_missing(html) == set(), path
    html = Client().get("/complaints/").content.decode()
    assert described_ids_missing(html) == set()


def autocomplete(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert tag, name
    value = re.search(r'autocomplete="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def test_the_complainant_s_own_data_autocompletes_and_a_party_s_does_not(officer_a, penalty_power):
    public = Client().get("/complaints/").content.decode()
    assert autocomplete(public, "name") == "name"
    assert autocomplete(public, "phone") == "tel"
    lead = client_for(officer_a).get("/cases/new/").content.decode()
    for name in ("party_name", "party_phone", "party_address"):
        assert autocomplete(lead, name) == "off", name


def test_a_registry_list_announces_its_count_and_its_table_is_a_named_keyboard_region(head_a, officer_record_a):
    client = client_for(head_a)
    html = client.get("/registry/officers/").content.decode()
    assert '<p id="results-status" class="visually-hidden" role="status"></p>' in html
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="执法人员">' in html
    assert '<caption class="visually-hidden">执法人员</caption>' in html
    assert 'hx-trigger="submit"' in html  # choosing a filter value does not reload on its own
    # The live search's answer carries the count the status line reads out.
    partial = client.get("/registry/officers/?q=王", headers={"HX-Request": "true"}).content.decode()
    assert re.search(r'<p class="muted" data-count>共 1 条</p>', partial)
    assert 'id="results-status"' not in partial  # the status line itself stays in place

"""The registry tables' rows written in Python (yifa.web.registry_rows) are exactly what the
tables' template loops wrote: each loop is kept here as it was, rendered over the same records
(with values that need escaping, missing optional values, inactive records, values outside the
choices) in both languages, and compared byte for byte."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.template import Context, Template
from django.utils.translation import override

from yifa.law.models import Law, PowerItem
from yifa.lib.htmlrows import filter_options
from yifa.registry.models import Agency, Officer, Post, Region, Unit
from yifa.web import registry_rows
from yifa.workcal.models import DeadlineRule

#: The loops of templates/registry/_*_table.html before their rows moved to Python.
LOOPS = {
    "region": """  {% for r in page_obj %}
    <tr>
      <td class="indent-{% if r.level == 'city' %}1{% elif r.level == 'county' %}2{% elif r.level == 'township' %}3{% else %}0{% endif %}"><a href="{% url 'registry:region-detail' r.pk %}">{{ r.name }}</a></td>
      <td>{{ r.code }}</td><td>{{ r.get_level_display|tr }}</td><td>{{ r.parent.name|default:"—" }}</td>
    </tr>
  {% endfor %}""",
    "agency": """  {% for a in page_obj %}
    <tr>
      <td><a href="{% url 'registry:agency-detail' a.pk %}">{{ a.name }}</a></td>
      <td>{{ a.get_kind_display|tr }}</td><td>{{ a.get_sector_display|tr }}</td><td>{{ a.region.name }}</td>
      <td>{{ a.uscc }}</td><td>{% if a.is_active %}{% translate "有效" %}{% else %}<span class="status-revoked">{% translate "已撤销" %}</span>{% endif %}</td>
    </tr>
  {% endfor %}""",
    "unit": """  {% for u in page_obj %}
    <tr>
      <td><a href="{% url 'registry:unit-detail' u.pk %}">{{ u.name }}</a></td>
      <td>{{ u.agency.name }}</td><td class="wrap">{{ u.duties|truncatechars:60|default:"—" }}</td>
    </tr>
  {% endfor %}""",
    "post": """  {% for p in page_obj %}
    <tr>
      <td><a href="{% url 'registry:post-detail' p.pk %}">{{ p.name }}</a></td>
      <td>{{ p.agency.name }}</td><td>{{ p.unit.name|default:"—" }}</td><td>{{ p.headcount }}</td>
      <td class="wrap">{{ p.duties|truncatechars:60 }}</td>
    </tr>
  {% endfor %}""",
    "officer": """  {% for o in page_obj %}
    <tr>
      <td><a href="{% url 'registry:officer-detail' o.pk %}">{{ o.name }}</a></td>
      <td>{{ o.certificate_no }}</td><td>{{ o.agency.name }}</td><td>{{ o.field|default:"—" }}</td>
      <td>{{ o.valid_until|date:"Y-m-d" }}</td>
      <td><span class="badge status-{{ o.status }}">{{ o.get_status_display|tr }}</span>{% if o.area_unresolved %} <span class="badge deadline-overdue" data-testid="area-unresolved">{% translate "执法区域未能对应行政区划" %}</span>{% endif %}</td>
    </tr>
  {% endfor %}""",
    "law": """  {% for law in page_obj %}
    <tr>
      <td><a href="{% url 'registry:law-detail' law.pk %}">《{{ law.name }}》</a></td>
      <td>{{ law.get_kind_display|tr }}</td><td>{{ law.issuer }}</td>
      <td>{{ law.promulgated_on|date:"Y-m-d"|default:"—" }}</td><td>{{ law.provision_count }}</td>
    </tr>
  {% endfor %}""",
    "power": """  {% for p in page_obj %}
    <tr>
      <td>{{ p.code }}</td>
      <td class="wrap"><a href="{% url 'registry:power-detail' p.pk %}">{{ p.name }}</a>{% if not p.is_active %} <span class="badge status-revoked">{% translate "已停用" %}</span>{% endif %}</td>
      <td>{{ p.get_category_display|tr }}</td><td>{{ p.agency.name }}</td>
      <td>{% if p.time_limit_rule %}{{ p.time_limit_rule|day_count }}{% else %}—{% endif %}</td>
    </tr>
  {% endfor %}""",
    "rule": """  {% for r in page_obj %}
    <tr>
      <td class="wrap"><a href="{% url 'registry:rule-detail' r.pk %}">{{ r.name }}</a></td>
      <td>{{ r|day_count }}</td>
      <td>{{ r.trigger }}</td><td class="wrap">{{ r.citation }}</td>
      <td>{% if r.effective_to %}{% blocktranslate with start=r.effective_from|date:"Y-m-d" end=r.effective_to|date:"Y-m-d" %}{{ start }} 起，至 {{ end }}{% endblocktranslate %}{% else %}{% blocktranslate with start=r.effective_from|date:"Y-m-d" %}{{ start }} 起{% endblocktranslate %}{% endif %}</td>
    </tr>
  {% endfor %}""",
}

NASTY = "甲 <b>&\"'乙"
LONG = "负责" + "市场监管、食品安全、<特种设备>与价格监督检查的执法工作" * 4


def records() -> dict[str, list[Any]]:
    """Unsaved records (no database needed): every branch of every loop at least once."""
    province = Region(pk=1, code="330000", name="浙江省", level="province")
    city = Region(pk=2, code="330700", name=NASTY, level="city", parent=province)
    agency = Agency(pk=3, name=NASTY, kind="statutory", sector="township", region=city, uscc="11330726MB12345673")
    revoked = Agency(pk=4, name="旧局", kind="entrusted", sector="department", region=province, uscc="X<1>",
                     is_active=False)
    odd = Agency(pk=5, name="怪局", kind="unknown", sector="", region=city, uscc="")
    unit = Unit(pk=6, agency=agency, name=NASTY, duties=LONG)
    rule = DeadlineRule(pk=8, code="R1", name=NASTY, count=7, unit="working", trigger="受理<之日>",
                        citation="《某法》第1条 & 第2条", effective_from=dt.date(2021, 7, 15))
    ended = DeadlineRule(pk=9, code="R2", name="旧规则", count=15, unit="calendar", trigger="立案",
                         citation="", effective_from=dt.date(999, 1, 2), effective_to=dt.date(2020, 12, 31))
    law = Law(pk=10, name=NASTY, kind="law", issuer="全国人大<常委会>", promulgated_on=dt.date(2021, 1, 22))
    law.provision_count = 1234  # type: ignore[attr-defined]
    unpublished = Law(pk=11, name="草案", kind="other-kind", issuer="")
    unpublished.provision_count = 0  # type: ignore[attr-defined]
    return {
        "region": [province, city, Region(pk=12, code="330726001", name="街道", level="township", parent=city),
                   Region(pk=13, code="x", name="x", level="county", parent=None), Region(pk=14, code="y", name="y", level="")],
        "agency": [agency, revoked, odd],
        "unit": [unit, Unit(pk=15, agency=revoked, name="办公室", duties=""), Unit(pk=16, agency=agency, name="短", duties="短职责")],
        "post": [Post(pk=17, agency=agency, unit=unit, name=NASTY, duties=LONG, headcount=1234),
                 Post(pk=18, agency=revoked, unit=None, name="岗位", duties="", headcount=0)],
        "officer": [
            Officer(pk=19, agency=agency, name=NASTY, certificate_no="浙C<1>", field="", valid_until=dt.date(2028, 2, 9),
                    status="active", area_unresolved=True),
            Officer(pk=20, agency=revoked, name="李梅", certificate_no="浙C2", field="综合<执法>",
                    valid_until=dt.date(2026, 12, 31), status="revoked"),
            Officer(pk=21, agency=agency, name="王", certificate_no="", field="x", valid_until=dt.date(2030, 1, 1),
                    status="nonsense"),
        ],
        "law": [law, unpublished],
        "power": [
            PowerItem(pk=22, code="330726-<CF>", name=NASTY, category="penalty", agency=agency, time_limit_rule=rule),
            PowerItem(pk=23, code="P2", name="停用事项", category="licensing", agency=revoked, is_active=False,
                      time_limit_rule=ended),
            PowerItem(pk=24, code="P3", name="无时限", category="odd", agency=odd, time_limit_rule=None),
        ],
        "rule": [rule, ended],
    }


ROWS: dict[str, Callable[[Sequence[Any]], str]] = {
    "region": registry_rows.region_rows, "agency": registry_rows.agency_rows, "unit": registry_rows.unit_rows,
    "post": registry_rows.post_rows, "officer": registry_rows.officer_rows, "law": registry_rows.law_rows,
    "power": registry_rows.power_rows, "rule": registry_rows.rule_rows,
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("table", sorted(LOOPS))
def test_rows_are_what_the_template_loop_wrote(table: str, language: str) -> None:
    recs = records()[table]
    loop = Template("{% load i18n yifa_i18n %}" + LOOPS[table])
    with override(language):
        expected = loop.render(Context({"page_obj": recs}))
        got = "  " + ROWS[table](recs)
    assert got == expected
    assert "<b>" not in got  # the nasty text came out escaped


@pytest.mark.parametrize("table", sorted(LOOPS))
def test_no_records_no_rows(table: str) -> None:
    assert ROWS[table]([]) == ""


def test_english_rows_say_it_in_english() -> None:
    recs = records()
    with override("en"):
        power = registry_rows.power_rows(recs["power"])
        rule = registry_rows.rule_rows(recs["rule"])
    assert "7 working days" in power
    assert "Withdrawn" in power
    assert "已停用" not in power
    assert "from 0999-01-02 to 2020-12-31" in rule


@pytest.mark.parametrize("chosen", ["", "b", "nope"])
def test_filter_options_are_what_the_template_loop_wrote(chosen: str) -> None:
    choices = [("a", NASTY), ("b", "乙"), ("<c>", "丙")]
    loop = Template('{% for value, label in f.choices %}<option value="{{ value }}"{% if value == f.value %} selected{% endif %}>{{ label }}</option>{% endfor %}')
    expected = loop.render(Context({"f": {"choices": choices, "value": chosen}}))
    assert filter_options(choices, chosen) == expected

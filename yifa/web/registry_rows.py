"""The rows of the registry's list tables, written in Python rather than by a template loop.

Fifty rows of five to six cells through the template engine (a variable lookup, a filter chain,
a localisation and an escape per cell, a `{% url %}` per row) were most of a registry list's CPU
(docs/benchmarks.md, "CPU per request"). Each function here writes what the table's loop wrote,
byte for byte (tests/test_registry_rows.py renders both ways, in both languages): every value
is escaped as the template escaped it (yifa.lib.htmlrows). Choice labels and URLs
are worked out once per page, not once per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from yifa.law.models import Law, PowerItem
from yifa.lib.htmlrows import html_row, joined, ymd
from yifa.registry.models import Agency, Officer, Region
from yifa.web.cells import choice_labels, day_counts, short, url_maker

Rows = Callable[[Sequence[Any]], SafeString]


def region_rows(records: Sequence[Any]) -> SafeString:
    url, level = url_maker("registry:region-detail"), choice_labels(Region, "level")
    indent = {"city": "1", "county": "2", "township": "3"}
    return joined(html_row(
        '\n    <tr>\n      <td class="indent-{}"><a href="{}">{}</a></td>\n'
        "      <td>{}</td><td>{}</td><td>{}</td>\n    </tr>\n  ",
        indent.get(r.level, "0"), url(r.pk), r.name, r.code, level(r.level),
        (r.parent.name if r.parent is not None else "") or "—") for r in records)


def agency_rows(records: Sequence[Any]) -> SafeString:
    url, kind, sector = url_maker("registry:agency-detail"), choice_labels(Agency, "kind"), choice_labels(Agency, "sector")
    active = gettext("有效")
    revoked = format_html('<span class="status-revoked">{}</span>', gettext("已撤销"))
    return joined(html_row(
        '\n    <tr>\n      <td><a href="{}">{}</a></td>\n'
        "      <td>{}</td><td>{}</td><td>{}</td>\n"
        "      <td>{}</td><td>{}</td>\n    </tr>\n  ",
        url(a.pk), a.name, kind(a.kind), sector(a.sector), a.region.name, a.uscc,
        active if a.is_active else revoked) for a in records)


def unit_rows(records: Sequence[Any]) -> SafeString:
    url = url_maker("registry:unit-detail")
    return joined(html_row(
        '\n    <tr>\n      <td><a href="{}">{}</a></td>\n'
        '      <td>{}</td><td class="wrap">{}</td>\n    </tr>\n  ',
        url(u.pk), u.name, u.agency.name, short(u.duties) or "—") for u in records)


def post_rows(records: Sequence[Any]) -> SafeString:
    url = url_maker("registry:post-detail")
    return joined(html_row(
        '\n    <tr>\n      <td><a href="{}">{}</a></td>\n'
        "      <td>{}</td><td>{}</td><td>{}</td>\n"
        '      <td class="wrap">{}</td>\n    </tr>\n  ',
        url(p.pk), p.name, p.agency.name, (p.unit.name if p.unit is not None else "") or "—", p.headcount,
        short(p.duties)) for p in records)


def officer_rows(records: Sequence[Any]) -> SafeString:
    url, status = url_maker("registry:officer-detail"), choice_labels(Officer, "status")
    unresolved = format_html(' <span class="badge deadline-overdue" data-testid="area-unresolved">{}</span>',
                             gettext("执法区域未能对应行政区划"))
    return joined(html_row(
        '\n    <tr>\n      <td><a href="{}">{}</a></td>\n'
        "      <td>{}</td><td>{}</td><td>{}</td>\n"
        "      <td>{}</td>\n"
        '      <td><span class="badge status-{}">{}</span>{}</td>\n    </tr>\n  ',
        url(o.pk), o.name, o.certificate_no, o.agency.name, o.field or "—", ymd(o.valid_until),
        o.status, status(o.status), unresolved if o.area_unresolved else "") for o in records)


def law_rows(records: Sequence[Any]) -> SafeString:
    url, kind = url_maker("registry:law-detail"), choice_labels(Law, "kind")
    return joined(html_row(
        '\n    <tr>\n      <td><a href="{}">《{}》</a></td>\n'
        "      <td>{}</td><td>{}</td>\n"
        "      <td>{}</td><td>{}</td>\n    </tr>\n  ",
        url(law.pk), law.name, kind(law.kind), law.issuer, ymd(law.promulgated_on) or "—",
        law.provision_count) for law in records)


def power_rows(records: Sequence[Any]) -> SafeString:
    url, category = url_maker("registry:power-detail"), choice_labels(PowerItem, "category")
    inactive = format_html(' <span class="badge status-revoked">{}</span>', gettext("已停用"))
    days = day_counts()
    return joined(html_row(
        "\n    <tr>\n      <td>{}</td>\n"
        '      <td class="wrap"><a href="{}">{}</a>{}</td>\n'
        "      <td>{}</td><td>{}</td>\n"
        "      <td>{}</td>\n    </tr>\n  ",
        p.code, url(p.pk), p.name, "" if p.is_active else inactive, category(p.category), p.agency.name,
        days(p.time_limit_rule.count, p.time_limit_rule.unit) if p.time_limit_rule else "—")
        for p in records)


def rule_rows(records: Sequence[Any]) -> SafeString:
    url = url_maker("registry:rule-detail")
    since, between, days = gettext("%(start)s 起"), gettext("%(start)s 起，至 %(end)s"), day_counts()

    def period(r: Any) -> str:
        start = ymd(r.effective_from)
        return between % {"start": start, "end": ymd(r.effective_to)} if r.effective_to else since % {"start": start}

    return joined(html_row(
        '\n    <tr>\n      <td class="wrap"><a href="{}">{}</a></td>\n'
        "      <td>{}</td>\n"
        '      <td>{}</td><td class="wrap">{}</td>\n'
        "      <td>{}</td>\n    </tr>\n  ",
        url(r.pk), r.name, days(r.count, r.unit), r.trigger, r.citation, period(r)) for r in records)

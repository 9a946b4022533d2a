"""Lists whose items moved from a template loop to Python (yifa.lib.htmlrows): the notifications
list, the fines ledger, the licensing applications and the portal's audit roots print exactly what their loops printed (each loop kept here as it was),
in both languages, with values that need escaping; and `{% once %}` (base.html) renders per
language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.translation import override

from yifa.cases.models import Case
from yifa.fines.models import PaymentNotice
from yifa.fines.views import notice_rows
from yifa.law.models import PowerItem
from yifa.lib.htmlrows import escaped, html_row, ymd, ymd_hm
from yifa.licensing.models import LicenceApplication
from yifa.licensing.views import application_cards
from yifa.registry.models import Agency
from yifa.web.views import notification_items
from yifa.workflow.models import Notification
from yifa.workflow.worklist import step_label

NASTY = "甲 <b>&\"'乙"

NOTIFICATION_LOOP = """  {% for n in notifications %}
  <li{% if not n.read_at %} class="deadline-near"{% endif %}><a href="{{ n.url }}">
    <span class="due">{{ n.created_at|date:"Y-m-d H:i" }}</span>
    {% if not n.read_at %}<span class="badge">{% translate "未读" %}</span> {% endif %}<strong>{{ n.action }}</strong> · {{ n.title }}
    {% if n.due %}<span class="muted">{% translate "期限" %} {{ n.due|date:"Y-m-d" }}</span>{% endif %}</a></li>
  {% endfor %}"""

LEDGER_LOOP = """  {% for r in page.rows %}{% with n=r.notice %}
    <tr class="deadline-{{ r.state }}" data-notice="{{ n.reference }}" data-state="{{ r.state }}">
      {% if show_agency %}<td>{{ n.agency.name }}</td>{% endif %}
      <td>{{ n.reference }}</td>
      <td><a href="{% url 'cases:detail' n.case_id %}">{{ r.case.decision_number|default:r.case.title }}</a></td>
      <td>{{ n.fine }}</td><td>{{ n.due_on|date:"Y-m-d" }}{% if r.instalments %} <span class="muted">{% blocktranslate count k=r.instalments %}（分{{ k }}期）{% plural %}（分{{ k }}期）{% endblocktranslate %}</span>{% endif %}</td>
      <td>{{ n.paid_total }}</td><td>{{ r.surcharge }}</td><td>{{ r.outstanding }}</td>
      <td>{% if r.state == "paid" %}{% translate "已缴清" %}{% elif r.state == "surcharge" %}{% translate "罚款已缴，加处罚款未清" %}{% elif r.state == "due" %}{% translate "未到期" %}{% elif r.state == "enforce" %}{% translate "即将届满申请强制执行期限" %}{% else %}{% translate "逾期未缴" %}{% endif %}{% if r.paused %} <span class="badge">{% translate "复议/诉讼中" %}</span>{% endif %}</td>
      <td>{{ n.enforce_by|date:"Y-m-d" }}</td>
    </tr>
  {% endwith %}{% endfor %}"""


def notifications() -> list[Notification]:
    moment = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)  # the next day in Beijing
    return [
        Notification(pk=1, kind="penalty", step="investigate", title=NASTY, url="/cases/1/?a=1&b=<2>",
                     due=dt.date(2026, 3, 9), created_at=moment),
        Notification(pk=2, kind="no-such-kind", step="odd<step>", title="已读", url="/x/", created_at=moment,
                     read_at=moment),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_notification_items_are_what_the_loop_wrote(language: str) -> None:
    rows = notifications()
    with override(language), timezone.override("Asia/Shanghai"):
        for n in rows:
            n.action = step_label(n.kind, n.step)  # type: ignore[attr-defined]
        expected = Template("{% load i18n %}" + NOTIFICATION_LOOP).render(Context({"notifications": rows}))
        got = "  " + notification_items(rows)
    assert got == expected
    assert "2026-03-02 07:30" in got
    assert "&lt;b&gt;" in got


def ledger_rows() -> list[dict[str, Any]]:
    agency = Agency(pk=1, name=NASTY)
    case = Case(pk=7, title="标题<1>", decision_number="")
    numbered = Case(pk=8, title="无关", decision_number="浦市监罚〔2026〕1号")

    def notice(pk: int, case: Case, **extra: Any) -> PaymentNotice:
        return PaymentNotice(pk=pk, case=case, agency=agency, reference=f"3307<{pk}>", fine=Decimal("12345.60"),
                             due_on=dt.date(2026, 4, 1), enforce_by=dt.date(2026, 10, 1), paid_total=Decimal("0.00"),
                             **extra)

    rows = []
    for i, (state, c) in enumerate([("paid", case), ("surcharge", numbered), ("due", case), ("enforce", numbered),
                                    ("overdue", case), ("odd", numbered)]):
        n = notice(i + 1, c)
        rows.append({"notice": n, "case": c, "case_label": c.decision_number or c.title, "state": state,
                     "surcharge": Decimal("3.5") * i, "outstanding": Decimal("1E+3") if i == 2 else Decimal(i),
                     "paused": i % 2 == 1, "instalments": [0, 1, 3][i % 3]})
    return rows


def _both_ways(loop: str, write: Any, rows: list[dict[str, Any]], language: str,
               show_agency: bool) -> tuple[str, str]:
    """The rows as the Python writer makes them and as the former template loop printed them."""
    with override(language):
        expected = Template("{% load i18n %}" + loop).render(Context({"page": {"rows": rows}, "show_agency": show_agency}))
        return "  " + write(rows, show_agency=show_agency), expected


@pytest.mark.parametrize("show_agency", [True, False])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_ledger_rows_are_what_the_loop_wrote(language: str, show_agency: bool) -> None:
    got, expected = _both_ways(LEDGER_LOOP, notice_rows, ledger_rows(), language, show_agency)
    assert got == expected
    assert "<b>" not in got
    assert "3307&lt;1&gt;" in got


LICENSING_LOOP = """  {% for r in page.rows %}{% with a=r.app %}
  <li class="case-card deadline-{{ r.state }}" data-application="{{ a.pk }}" data-deadline="{{ r.state }}">
    <span class="badge status-{{ a.status }}">{{ r.status_label }}</span>
    {% if a.kind == "renewal" %}<span class="badge">{{ r.kind_label }}</span>{% endif %}
    {% if r.state == "overdue" %}<span class="badge deadline-overdue">{% translate "已超期" %}</span>{% elif r.state == "near" %}<span class="badge deadline-near">{% translate "即将到期" %}</span>{% endif %}
    <h2><a href="{% url 'licensing:detail' a.pk %}">{{ a.applicant_name }}</a></h2>
    <dl>
      {% if show_agency %}<dt>{% translate "执法主体" %}</dt><dd>{{ a.agency.name }}</dd>{% endif %}
      <dt>{% translate "许可事项" %}</dt><dd>{{ a.power.name }}</dd>
      {% if a.subject %}<dt>{% translate "申请事项" %}</dt><dd>{{ a.subject }}</dd>{% endif %}
      <dt>{% translate "收到申请" %}</dt><dd>{{ a.received_on|date:"Y-m-d" }}</dd>
      <dt>{% translate "当前期限" %}</dt><dd class="due" data-testid="running-due">{% if r.due %}{{ r.due|date:"Y-m-d" }} <span class="muted">{{ r.due_label }}{% if r.paused %} {% translate "（计时中止）" %}{% endif %}</span>{% else %}—{% endif %}</dd>
    </dl>
  </li>
  {% endwith %}{% endfor %}"""


def application_rows() -> list[dict[str, Any]]:
    agency, power = Agency(pk=1, name=NASTY), PowerItem(pk=2, name="食品<经营>许可")
    rows = []
    for i, (state, kind) in enumerate([("overdue", "renewal"), ("near", "new"), ("normal", "renewal"), ("odd", "x")]):
        app = LicenceApplication(pk=10 + i, agency=agency, power=power, applicant_name=f"{NASTY}{i}", status="accepted",
                                 kind=kind, subject="" if i % 2 else "分店<1>", received_on=dt.date(2026, 1, 2 + i))
        rows.append({"app": app, "state": state, "status_label": "受理<中>", "kind_label": "延续", "paused": i == 2,
                     "due": None if i == 3 else dt.date(2026, 2, 1 + i), "due_label": "审查期限&"})
    return rows


@pytest.mark.parametrize("show_agency", [True, False])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_application_cards_are_what_the_loop_wrote(language: str, show_agency: bool) -> None:
    got, expected = _both_ways(LICENSING_LOOP, application_cards, application_rows(), language, show_agency)
    assert got == expected


SEAL_LOOP = """  {% for s in seals %}<tr><td>{{ s.pk }}</td><td><time datetime="{{ s.at|date:'c' }}">{{ s.at|date:"Y-m-d H:i" }}</time></td><td><code class="hash">{{ s.hash }}</code></td><td><code class="hash">{{ s.key_id|truncatechars:17 }}</code></td></tr>
  {% endfor %}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_seal_rows_are_what_the_loop_wrote(language: str) -> None:
    from yifa.audit.models import AuditSeal
    from yifa.portal.views_audit import seal_rows

    seals = [AuditSeal(pk=3, at=dt.datetime(2026, 12, 31, 16, 5, 7, 123456, tzinfo=dt.UTC), hash="ab<c>",
                       key_id="0123456789abcdef0123"),
             AuditSeal(pk=2, at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), hash="d", key_id="short")]
    with override(language), timezone.override("Asia/Shanghai"):
        expected = Template(SEAL_LOOP).render(Context({"seals": seals}))
        got = "  " + seal_rows(seals)
    assert got == expected


def test_escaping_and_dates_are_the_templates() -> None:
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    for value in [NASTY, 12, Decimal("1.50"), None, mark_safe("<i>安全</i>")]:
        assert escaped(value) == str(conditional_escape(value))
    assert html_row("<td>{}</td><td>{x}</td>", "<", x="&") == "<td>&lt;</td><td>&amp;</td>"
    assert ymd(None) == ""
    assert ymd(dt.date(999, 1, 2)) == "0999-01-02"
    assert ymd_hm(None) == ""
    with timezone.override("Asia/Shanghai"):
        assert ymd_hm(dt.datetime(2026, 12, 31, 16, 5, tzinfo=dt.UTC)) == "2027-01-01 00:05"


def test_once_renders_per_language() -> None:
    page = Template("{% load i18n yifa_once %}{% once %}{% translate \"切换\" %}{% endonce %}")
    with override("zh-hans"):
        zh = page.render(Context({}))
    with override("en"):
        en = page.render(Context({}))
    with override("zh-hans"):
        again = page.render(Context({}))
    assert zh == again == "切换"
    assert en != zh

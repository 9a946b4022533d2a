"""Language switching: Chinese (zh-hans) by default, English from the language cookie, the
Accept-Language header or the set_language view; refusals in the page language; a complete
English catalogue, compiled."""

from __future__ import annotations

import datetime as dt
import gettext as gnu_gettext
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import CASE_FIELDS, client_for
from tests.test_licensing import make_power, on, valid_uscc
from yifa.cases import actions as case_actions
from yifa.cases.labels import CASE_LABELS, case_labels
from yifa.coercion import actions as coercion_actions
from yifa.coercion.forms import MEASURE_LABELS
from yifa.coercion.models import MeasureKind, MeasureStatus
from yifa.inspections.actions import record_inspection
from yifa.inspections.forms import INSPECTION_LABELS
from yifa.inspections.models import Inspection, InspectionResult
from yifa.law.models import Law
from yifa.licensing import actions as licensing_actions
from yifa.licensing.labels import LICENSING_LABELS, licensing_labels
from yifa.web.i18n import MODEL_LABELS, model_labels

ROOT = Path(__file__).resolve().parent.parent / "yifa"
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Elements whose text is the page's own wording (not data).
WORDING = re.compile(r"<(h1|h2|h3|th|dt|label|button|nav)\b[^>]*>(.*?)</\1>", re.S)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def page(client: Client, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def wording(html: str, *data: str) -> str:
    """The text of headings, table heads, labels, buttons and the menu, without select options
    (agency names are data) and without the given data strings."""
    html = re.sub(r"<select\b.*?</select>", "", html, flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", m.group(2)) for m in WORDING.finditer(html))
    for item in data:
        text = text.replace(item, "")
    return text


def chinese_in(text: str) -> list[str]:
    return CJK.findall(text)


def menu(html: str) -> str:
    """The text of the main menu."""
    found = re.search(r'<nav class="nav" id="main-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert found, "no main menu on the page"
    return re.sub(r"<[^>]+>", " ", found.group(1))


# --- pages -------------------------------------------------------------------------------


def test_login_page_is_chinese_by_default():
    html = page(Client(), reverse("login"))
    assert '<html lang="zh-hans">' in html
    assert "<h1>登录</h1>" in html
    assert "用户名" in html
    assert "密码" in html
    assert "Sign in" not in html
    assert "Username" not in html


def test_login_page_in_english_when_chosen():
    html = page(english(Client()), reverse("login"))
    assert '<html lang="en">' in html
    assert "<h1>Sign in</h1>" in html
    assert ">Username</label>" in html
    assert ">Password</label>" in html
    assert not chinese_in(wording(html))
    assert "登录" not in html
    assert "用户名" not in html


def test_a_browser_asking_for_english_still_gets_chinese():
    """Chinese by default whatever the browser says; English only when the user picks it."""
    html = page(Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"), reverse("login"))
    assert '<html lang="zh-hans">' in html
    assert "<h1>登录</h1>" in html
    assert "Sign in" not in html


def test_the_choice_of_english_is_remembered_for_a_year():
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600


def test_home_page_in_both_languages(officer_a, officer_record_a):
    zh = page(client_for(officer_a), reverse("home"))
    assert "可查看的记录" in zh
    assert "执法人员（按证件状态）" in zh
    assert "Records you can see" not in zh
    en = page(english(client_for(officer_a)), reverse("home"))
    assert "Records you can see" in en
    assert "Officers by certificate status" in en
    assert "Shortcuts" in en
    assert "Deadline calculator" in en
    assert 'data-testid="home-role">Enforcement officer<' in en
    assert not chinese_in(wording(en, str(officer_a)))
    assert "可查看的记录" not in en
    assert "常用功能" not in en


def test_officer_list_in_both_languages(officer_a, officer_record_a):
    url = reverse("registry:officer-list")
    zh = page(client_for(officer_a), url)
    assert "<h1>执法人员</h1>" in zh
    assert "<th>执法证号</th>" in zh
    assert "有效期至" in zh
    assert "Certificate no." not in zh
    en = page(english(client_for(officer_a)), url)
    assert "<h1>Officers</h1>" in en
    assert "<th>Name</th>" in en
    assert "<th>Certificate no.</th>" in en
    assert "<th>Valid until</th>" in en
    assert 'status-active">Valid</span>' in en  # the certificate status, a model choice
    assert ">All</option>" in en
    assert "1 record" in en
    assert "王建国" in en  # data stays as it is
    assert not chinese_in(wording(en))
    assert "证件状态" not in en
    assert "执法证号" not in en


def test_deadline_calculator_in_both_languages(officer_a):
    params = {"start": "2026-01-05", "count": "3", "unit": "working"}
    zh = page(client_for(officer_a), reverse("deadline"), **params)
    due = dt.date.fromisoformat(re.search(r'data-testid="due-date">([\d-]+)<', zh).group(1))
    assert "<h1>期限计算</h1>" in zh
    assert "计算结果" in zh
    assert "3个工作日" in zh
    assert "（星期" + "一二三四五六日"[due.weekday()] + "）" in zh
    en = page(english(client_for(officer_a)), reverse("deadline"), **params)
    assert f'data-testid="due-date">{due.isoformat()}<' in en
    assert "<h1>Deadline calculator</h1>" in en
    assert "<h2>Result</h2>" in en
    assert "3 working days" in en
    assert f"({due:%A})" in en
    assert ">Start date</label>" in en
    assert ">Calculate</button>" in en
    assert not chinese_in(wording(en))
    assert "计算结果" not in en
    assert "个工作日" not in en


def test_set_language_view_switches_the_pages(officer_a):
    client = client_for(officer_a)
    url = reverse("registry:officer-list")
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    assert "<h1>Officers</h1>" in page(client, url)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": url})
    assert "<h1>执法人员</h1>" in page(client, url)


# --- case pages -----------------------------------------------------------------------------


@pytest.fixture
def open_case(agency_a, penalty_power, officer_a, head_a, crew_a):
    """A case opened on 2026-09-02 with officer_a as lead; its head sees the step forms."""
    case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    return case_actions.open_case(case, opened_on=dt.date(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                                  lead=crew_a["lead"], acting_user=head_a)


def test_my_cases_in_both_languages(open_case, officer_a):
    url = reverse("cases:mine")
    zh = page(client_for(officer_a), url)
    assert "<h1>我的案件</h1>" in zh
    assert "<dt>环节期限</dt>" in zh
    assert "<dt>办案期限</dt>" in zh
    assert 'status-opened">已立案</span>' in zh
    assert ">全部</option>" in zh
    assert "<dt>当事人</dt>" in zh
    assert "My cases" not in zh
    assert "Stage deadline" not in zh
    en = page(english(client_for(officer_a)), url)
    assert "<h1>My cases</h1>" in en
    assert "<dt>Stage deadline</dt>" in en
    assert "<dt>Case time limit</dt>" in en
    assert "<dt>Party</dt>" in en
    assert ">Search</button>" in en
    assert ">All</option>" in en
    assert 'status-opened">Opened</span>' in en  # the case status, a model choice
    assert ">Legal review passed</option>" in en  # the status filter
    assert "Red: overdue; yellow: due within 3 days." in en
    assert CASE_FIELDS["party_name"] in en  # data stays as it is
    assert not chinese_in(wording(en, open_case.number, open_case.title))
    assert "环节期限" not in en
    assert "已立案" not in en
    assert "我的案件" not in en


def test_case_page_in_both_languages(open_case, head_a):
    url = reverse("cases:detail", args=[open_case.pk])
    zh = page(client_for(head_a), url)
    assert "<h2>办案过程记录</h2>" in zh
    assert "<dt>办案期限</dt>" in zh
    assert "<h2>当事人</h2>" in zh
    assert "<summary>指派办案人员</summary>" in zh
    assert "<strong>立案</strong>" in zh
    assert "<strong>线索登记</strong>" in zh
    assert "法人或其他组织" in zh
    assert "Timeline" not in zh
    assert "Case time limit" not in zh
    en = page(english(client_for(head_a)), url)
    assert 'data-testid="case-status">Opened</span>' in en
    assert "<h2>Timeline</h2>" in en
    assert "<h2>Party</h2>" in en
    assert "<h2>Case officers</h2>" in en
    assert "<dt>Case number</dt>" in en
    assert "<dt>Stage deadline</dt>" in en
    assert "<dt>Case time limit</dt>" in en
    assert "<dt>Procedure</dt><dd>Ordinary procedure</dd>" in en
    assert "<dt>Case source</dt><dd>Found in an inspection</dd>" in en
    assert "Legal person or other organisation" in en  # the party kind
    assert "<strong>Register lead</strong>" in en
    assert "<strong>Open case</strong>" in en
    assert "<summary>Assign officer</summary>" in en
    assert ">Assign officer</button>" in en
    assert ">Date assigned" in en
    assert ">Register evidence</button>" in en
    assert "Generate “Case opening approval form”" in en  # a document button, the kind's name
    assert CASE_FIELDS["party_name"] in en
    assert CASE_FIELDS["title"] in en
    assert not chinese_in(wording(en, open_case.title))
    assert "办案过程记录" not in en
    assert "指派办案人员" not in en
    assert "法人或其他组织" not in en


def test_case_file_page_in_both_languages(open_case, officer_a):
    url = reverse("cases:file", args=[open_case.pk])
    zh = page(client_for(officer_a), url)
    assert "<h1>卷内目录" in zh
    assert '<th colspan="5">立案审批表</th>' in zh
    en = page(english(client_for(officer_a)), url)
    assert "<h1>Case file contents" in en
    assert '<th colspan="5">Case opening approval form</th>' in en
    assert '<th colspan="5">Evidence</th>' in en
    assert ">Pages</th>" in en
    assert "(no document generated; see the case record)" in en
    assert not chinese_in(wording(en, open_case.title, CASE_FIELDS["party_name"]))
    assert "卷内目录" not in en
    assert "立案审批表" not in en


def test_step_done_message_is_in_the_page_language(open_case, head_a):
    """A step's success message names the step in the page language."""
    data = {"version": open_case.version, "reason": "案情复杂", "on_date": "2026-09-20"}
    response = english(client_for(head_a)).post(reverse("cases:step", args=[open_case.pk, "extend"]), data,
                                                 follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Done: “Extend time limit”." in html
    assert "已办理" not in html


# --- licensing, coercive measures and inspections ----------------------------------------------


def assert_english_menu(html: str) -> None:
    items = menu(html)
    for label in ("Home", "My cases", "Coercive measures", "Inspections", "Licensing"):
        assert f">{label}</a>" in html, label
    assert not chinese_in(items), items


def test_licensing_list_in_both_languages(agency_a, officer_a):
    power = make_power(agency_a, "XK-A-001")
    with on(dt.date(2026, 9, 29)):
        app = licensing_actions.receive_application(
            power=power, applicant_kind="organisation", applicant_name="浦江县好味道餐饮有限公司",
            applicant_code=valid_uscc(), subject="食品经营许可（餐饮服务）", materials=["申请书"],
            received_on=dt.date(2026, 9, 29), acting_user=officer_a)
    url = reverse("licensing:list")
    with on(dt.date(2026, 9, 30)):
        zh = page(client_for(officer_a), url)
        en = page(english(client_for(officer_a)), url)
    assert "<h1>行政许可申请</h1>" in zh
    assert ">行政许可</a>" in zh
    assert 'status-received">已收到申请</span>' in zh
    assert "Licence applications" not in zh
    assert ">Licensing</a>" not in zh
    assert "<title>Licence applications · " in en
    assert "<h1>Licence applications</h1>" in en
    assert_english_menu(en)
    assert 'status-received">Received</span>' in en
    assert ">Correction requested</option>" in en
    assert "<dt>Licensing item</dt>" in en
    assert "<dt>Received</dt>" in en
    assert "<dt>Current deadline</dt>" in en
    assert "Correction notice due" in en  # the running deadline's name
    assert "＋ Register application</a>" in en
    assert ">Licences</a>" in en
    assert app.applicant_name in en
    assert app.subject in en
    assert not chinese_in(wording(en, app.applicant_name))
    assert "行政许可申请" not in en
    assert "已收到申请" not in en
    assert "补正告知期限" not in en


def test_coercion_list_in_both_languages(agency_a, crew_a, officer_a):
    measure = coercion_actions.propose_measure(
        agency=agency_a, kind="detention", party_name="浦江县某某食品店", items="过期食品200箱",
        reason="涉嫌经营超过保质期的食品。", acting_user=officer_a)
    url = reverse("coercion:list")
    zh = page(client_for(officer_a), url)
    assert "<h1>行政强制措施</h1>" in zh
    assert ">行政强制</a>" in zh
    assert 'status-proposed">待批准</span>' in zh
    assert "Coercive measures" not in zh
    en = page(english(client_for(officer_a)), url)
    assert "<title>Coercive measures · " in en
    assert "<h1>Coercive measures</h1>" in en
    assert_english_menu(en)
    assert 'status-proposed">Awaiting approval</span>' in en
    assert ">In force</option>" in en
    assert f">Seizure of property · {measure.party_name}</a>" in en  # the kind of measure
    assert "<dt>Party</dt>" in en
    assert "<dt>Date carried out</dt>" in en
    assert "<dt>Term ends</dt>" in en
    assert "＋ Propose sealing up or seizure</a>" in en
    assert "Sealing up and seizure last at most 30 days, 30 more with approval" in en
    assert not chinese_in(wording(en, measure.party_name))
    assert "行政强制措施" not in en
    assert "扣押财物" not in en
    assert "待批准" not in en


def test_inspections_list_in_both_languages(agency_a, penalty_power, crew_a, officer_a):
    inspection = record_inspection(
        agency=agency_a, power=penalty_power, inspected_on=dt.date(2026, 9, 29),
        officers=[crew_a["lead"], crew_a["colleague"]], party_name="浦江县某某食品店", party_code="92330726MA2ABCDE1B",
        place="浦江县浦阳街道某某路1号", findings="店内销售的酸奶已超过保质期。", result="suspected", acting_user=officer_a)
    url = reverse("inspections:list")
    zh = page(client_for(officer_a), url)
    assert "<h1>行政检查</h1>" in zh
    assert ">行政检查</a>" in zh
    assert "涉嫌违法，移交立案" in zh
    assert "Inspections" not in zh
    en = page(english(client_for(officer_a)), url)
    assert "<title>Administrative inspection · " in en
    assert "<h1>Administrative inspection</h1>" in en
    assert_english_menu(en)
    assert '<span class="badge">Suspected violation; referred for a case</span>' in en  # the result
    assert ">Problem found; ordered to correct</option>" in en  # the result filter
    assert "<dt>Date inspected</dt>" in en
    assert "<dt>Place inspected</dt>" in en
    assert "<dt>Inspection item</dt>" in en
    assert "＋ Record inspection</a>" in en
    assert 'placeholder="Party, place, findings, inspection item"' in en
    assert inspection.party_name in en
    assert inspection.place in en
    assert not chinese_in(wording(en, inspection.party_name))
    assert "记录检查" not in en
    assert "检查日期" not in en
    assert "涉嫌违法" not in en


# --- messages in the page language ------------------------------------------------------


def test_action_error_on_a_form_is_in_the_page_language(officer_a):
    """An officer may not add laws: the action's Forbidden is shown on the form."""
    data = {"name": "测试法", "kind": "law", "issuer": "全国人民代表大会常务委员会"}
    before = Law.objects.count()
    error = re.compile(r'data-testid="action-error">([^<]*)<')
    zh = client_for(officer_a).post(reverse("registry:law-new"), data)
    assert zh.status_code == 403
    assert error.search(zh.content.decode()).group(1) == "您无权执行此操作。"
    en = english(client_for(officer_a)).post(reverse("registry:law-new"), data)
    assert en.status_code == 403
    assert error.search(en.content.decode()).group(1) == "You may not do this."
    assert Law.objects.count() == before


def test_calculator_refusal_is_in_the_page_language(officer_a):
    params = {"start": "2010-01-05", "rule": "APL_PRESERVATION"}
    response = english(client_for(officer_a)).get(reverse("deadline"), params)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The rule is not in force on the start date." in html
    assert "尚未施行" not in html
    response = client_for(officer_a).get(reverse("deadline"), params)
    html = response.content.decode()
    assert response.status_code == 400
    assert "该规则在起算日尚未施行或已失效。" in html
    assert "not in force" not in html


def test_staff_only_refusal_is_in_the_page_language(citizen):
    response = english(client_for(citizen)).get(reverse("registry:officer-list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "For enforcement staff only." in html
    assert "<h1>Forbidden</h1>" in html
    assert "仅供执法人员" not in html


# --- the catalogue -------------------------------------------------------------------------


def read_po(path: Path) -> list[dict[str, object]]:
    """Entries of a .po written with --no-wrap (one line per string)."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry = {}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"') and not entry.get("msgid"):  # the header's fields
            entry["msgstr"] = str(entry["msgstr"]) + json.loads(line)
            continue
        key, _, value = line.partition(" ")
        assert value.startswith('"'), f"wrapped or malformed line in {path.name}: {line!r}"
        entry[key] = json.loads(value)
    return entries


def test_every_msgid_has_an_english_msgstr():
    entries = [e for e in read_po(PO) if e["msgid"]]
    assert len(entries) > 200
    empty = [e["msgid"] for e in entries
             if not all(str(v).strip() for k, v in e.items() if k.startswith("msgstr"))]
    assert empty == []
    # Placeholders survive translation.
    for e in entries:
        names = set(re.findall(r"%\((\w+)\)s", str(e["msgid"])))
        for key, value in e.items():
            if key.startswith("msgstr"):
                assert set(re.findall(r"%\((\w+)\)s", str(value))) == names, e["msgid"]


def test_the_compiled_catalogue_matches_the_po():
    """django.mo is committed (a fresh machine needs no gettext): it must be up to date."""
    with MO.open("rb") as f:
        compiled = gnu_gettext.GNUTranslations(f)
    for e in read_po(PO):
        if not e["msgid"] or "msgid_plural" in e:
            continue
        msgid = str(e["msgid"])
        if "msgctxt" in e:
            assert compiled.pgettext(str(e["msgctxt"]), msgid) == e["msgstr"], msgid
        else:
            assert compiled.gettext(msgid) == e["msgstr"], msgid


def test_every_model_label_shown_in_pages_has_a_translation():
    missing = set(model_labels()) - set(MODEL_LABELS)
    assert missing == set(), "add to yifa.web.i18n.MODEL_LABELS and the .po"
    with translation.override("en"):
        untranslated = [label for label in MODEL_LABELS if translation.gettext(label) == label]
    assert untranslated == []


@pytest.mark.django_db
def test_every_case_label_shown_in_pages_has_a_translation():
    """Statuses, outcomes, sources, party, evidence and document kinds, … (yifa.cases.labels)."""
    found = case_labels()
    assert {"已立案", "给予行政处罚", "投诉举报", "公民", "书证", "立案审批表"} <= set(found)
    missing = set(found) - set(CASE_LABELS)
    assert missing == set(), "add to yifa.cases.labels.CASE_LABELS and the .po"
    with translation.override("en"):
        untranslated = [label for label in CASE_LABELS if translation.gettext(label) == label]
    assert untranslated == []


@pytest.mark.django_db
def test_every_licensing_label_shown_in_pages_has_a_translation():
    """Application statuses, outcomes, applicant and application kinds, suspensions (yifa.licensing.labels)."""
    found = licensing_labels()
    assert {"已收到申请", "准予行政许可", "延续申请", "鉴定、专家评审"} <= set(found)
    missing = set(found) - set(LICENSING_LABELS)
    assert missing == set(), "add to yifa.licensing.labels.LICENSING_LABELS and the .po"
    with translation.override("en"):
        untranslated = [label for label in LICENSING_LABELS if translation.gettext(label) == label]
    assert untranslated == []


def test_every_measure_and_inspection_label_shown_in_pages_has_a_translation():
    """Kinds and statuses of coercive measures (MEASURE_LABELS); inspection results and the Inspection
    fields the record form takes its labels from (INSPECTION_LABELS)."""
    measures = [str(label) for choices in (MeasureKind, MeasureStatus) for _, label in choices.choices]
    assert {"扣押财物", "实施中"} <= set(measures)
    assert set(measures) - set(MEASURE_LABELS) == set(), "add to yifa.coercion.forms.MEASURE_LABELS and the .po"
    form_fields = ("power", "inspected_on", "party_name", "party_code", "place", "findings", "result",
                   "random_selection")
    inspections = [str(label) for _, label in InspectionResult.choices]
    inspections += [str(Inspection._meta.get_field(name).verbose_name) for name in form_fields]
    assert {"涉嫌违法，移交立案", "检查地点"} <= set(inspections)
    assert set(inspections) - set(INSPECTION_LABELS) == set(), \
        "add to yifa.inspections.forms.INSPECTION_LABELS and the .po"
    with translation.override("en"):
        untranslated = [label for label in (*MEASURE_LABELS, *INSPECTION_LABELS)
                        if translation.gettext(label) == label]
    assert untranslated == []


TEMPLATE_DIRS = [
    ROOT / "templates" / "registry", ROOT / "templates" / "web", ROOT / "templates" / "registration",
    ROOT / "templates" / "cases", ROOT / "transfer" / "templates" / "transfer",
    ROOT / "templates" / "licensing", ROOT / "templates" / "coercion", ROOT / "templates" / "inspections",
    ROOT / "templates" / "_parts", ROOT / "enforcement" / "templates" / "enforcement",
    ROOT / "randomcheck" / "templates" / "randomcheck", ROOT / "staff" / "templates" / "staff",
]
TOP_TEMPLATES = [ROOT / "templates" / name for name in ("base.html", "403.html", "404.html")]


def test_templates_have_no_untranslated_chinese():
    files = TOP_TEMPLATES + [f for d in TEMPLATE_DIRS for f in sorted(d.glob("*.html"))]
    assert len(files) > 20
    leftovers = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{% blocktranslate\b.*?\{% endblocktranslate %\}", "", text, flags=re.S)
        text = re.sub(r'\{% translate "[^"]*"[^%]*%\}', "", text)
        leftovers += [f"{path.name}: {line.strip()}" for line in text.splitlines() if CJK.search(line)]
    assert leftovers == []


def test_case_step_refusal_is_in_the_page_language_only(agency_a, penalty_power, crew_a, officer_a):
    """A refused step on the case page: in the page language only (with the article); nothing
    changes."""
    case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    data = {"version": case.version, "opened_on": "2026-09-02",
            "officers": [crew_a["lead"].pk, crew_a["colleague"].pk], "lead": crew_a["lead"].pk}
    url = reverse("cases:step", args=[case.pk, "open"])
    error = re.compile(r'data-testid="action-error">([^<]*)</div>')
    en = error.search(english(client_for(officer_a)).post(url, data).content.decode())
    assert en
    assert en.group(1).startswith("Open case: needs the agency head")
    assert "(Administrative Penalty Law, art. 54)" in en.group(1)
    assert not chinese_in(en.group(1))
    zh = error.search(client_for(officer_a).post(url, data).content.decode())
    assert zh
    assert "行政处罚法第五十四条" in zh.group(1)
    assert "agency head" not in zh.group(1)
    case.refresh_from_db()
    assert (case.status, case.version) == ("registered", 0)

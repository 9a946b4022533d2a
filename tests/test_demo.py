"""`yifa demo` and `yifa accounts`: a deterministic, valid, audited demo county."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from yifa.accounts.models import Role, User
from yifa.audit.chain import verify
from yifa.audit.models import AuditEvent
from yifa.demo.build import build, cn_number, provision_label
from yifa.demo.data import DEMO_PASSWORD, DEMO_URL
from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.lib.idcodes import resident_id_problem, uscc_problem
from yifa.registry.models import (
    Agency,
    Officer,
    OfficerStatusChange,
    Post,
    Region,
    TrainingRecord,
    Unit,
)

SEED = 11
DEMO_MODELS = (Region, Agency, Unit, Post, Officer, OfficerStatusChange, TrainingRecord,
               Law, Provision, ProvisionVersion, PowerItem, User)


# --- helpers ---------------------------------------------------------------------------


def digest() -> str:
    """A hash over every demo row by natural key (not by primary key)."""
    through = PowerItem.penalty_provisions.through
    violated = PowerItem.violated_provisions.through
    parts = [
        Region.objects.values_list("code", "name", "level", "parent__code", "path"),
        Agency.objects.values_list("uscc", "name", "short_name", "kind", "sector", "region__code",
                                   "entrusted_by__uscc", "address", "phone", "qualification_basis"),
        Unit.objects.values_list("agency__uscc", "name", "duties"),
        Post.objects.values_list("agency__uscc", "name", "unit__name", "headcount", "duties"),
        Officer.objects.values_list("resident_id", "name", "certificate_no", "agency__uscc",
                                    "unit__name", "post__name", "status", "valid_from",
                                    "valid_until", "is_legal_reviewer", "area", "field"),
        OfficerStatusChange.objects.values_list("officer__resident_id", "from_status", "to_status",
                                                "reason", "changed_at"),
        TrainingRecord.objects.values_list("officer__resident_id", "year", "course", "hours",
                                           "completed_on"),
        Law.objects.values_list("name", "kind", "issuer", "promulgated_on"),
        Provision.objects.values_list("law__name", "label", "article"),
        ProvisionVersion.objects.values_list("provision__law__name", "provision__label",
                                             "effective_from", "effective_to", "text"),
        PowerItem.objects.values_list("code", "name", "category", "agency__uscc", "unit__name",
                                      "post__name", "procedure", "penalty_types",
                                      "time_limit_rule__code", "penalty_standard", "fee_standard"),
        through.objects.values_list("poweritem__code", "provision__law__name", "provision__label"),
        violated.objects.values_list("poweritem__code", "provision__law__name", "provision__label"),
        User.objects.values_list("username", "role", "display_name", "agency__uscc",
                                 "region__code", "is_staff", "is_superuser", "date_joined",
                                 "last_login"),
    ]
    rows = sorted(repr(row) for qs in parts for row in qs)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def build_and_digest(seed: int, when: dt.datetime) -> tuple[str, dict[str, int]]:
    """Build at a frozen moment inside a savepoint, digest, and roll the build back."""
    with time_machine.travel(when, tick=False), transaction.atomic():
        counts = build(seed=seed)
        result = digest()
        transaction.set_rollback(True)
    assert not Agency.objects.exists()
    return result, counts


def table_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in (*DEMO_MODELS, AuditEvent)}


# --- determinism -----------------------------------------------------------------------


def test_same_seed_same_data_at_any_time_other_seed_other_data(db):
    first, counts = build_and_digest(SEED, dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    again, counts_again = build_and_digest(SEED, dt.datetime(2027, 8, 15, 22, 30, tzinfo=dt.UTC))
    other, _ = build_and_digest(SEED + 1, dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    assert first == again
    assert counts == counts_again
    assert other != first


def test_unknown_scale_is_refused_and_writes_nothing(db):
    before = table_counts()
    with pytest.raises(CommandError):
        call_command("demo", "--scale", "galaxy")
    with pytest.raises(ValueError, match="scale must be one of"):
        build(seed=1, scale="galaxy")
    assert table_counts() == before


# --- --if-empty ------------------------------------------------------------------------


def test_if_empty_does_nothing_when_an_agency_exists(agency_a):
    before = table_counts()
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "已有执法主体" in out.getvalue()
    assert table_counts() == before


# --- accounts without demo data --------------------------------------------------------


def test_accounts_prints_nothing_misleading_without_demo_data(db):
    User.objects.create_user(username="admin", password=None, role=Role.SYSADMIN)  # unusable
    User.objects.create_user(username="someone", password="x-Secret-2026", role=Role.OFFICER)
    out = StringIO()
    call_command("accounts", stdout=out)
    text = out.getvalue()
    assert "yifa demo" in text
    assert DEMO_PASSWORD not in text
    assert "admin" not in text
    assert "someone" not in text


# --- the built county ------------------------------------------------------------------


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """One build through the CLI for the whole class, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("demo", "--seed", str(SEED), "--if-empty", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.usefixtures("demo_output")
class TestDemoCounty:
    def test_command_reports_what_it_wrote(self, db, demo_output):
        assert "演示数据已生成" in demo_output
        match = re.search(r"law\.PowerItem\s+(\d+)", demo_output)
        assert match
        assert int(match.group(1)) == PowerItem.objects.count()

    def test_region_tree(self, db):
        county = Region.objects.get(code="330726")
        assert county.name == "浦江县"
        assert county.level == "county"
        assert county.parent.code == "330700"
        assert county.parent.parent.code == "330000"
        assert county.path == "330000/330700/330726/"
        towns = Region.objects.filter(parent=county).order_by("code")
        assert 15 <= towns.count() <= 16
        assert towns[0].code == "330726001"
        assert towns[0].name == "浦阳街道"
        assert all(t.level == "township" and len(t.code) == 9 for t in towns)
        assert {"黄宅镇", "郑宅镇", "大畈乡", "仙华街道"} <= set(towns.values_list("name", flat=True))

    def test_agencies(self, db):
        departments = Agency.objects.filter(sector="department")
        townships = Agency.objects.filter(sector="township")
        assert 35 <= departments.count() <= 45
        assert townships.count() == Region.objects.filter(level="township").count()
        market = Agency.objects.get(name="浦江县市场监督管理局")
        assert market.short_name == "浦市监"
        assert market.kind == "statutory"
        for name in ("浦江县综合行政执法局", "浦江县公安局", "金华市生态环境局浦江分局",
                     "浦江县自然资源和规划局", "浦江县消防救援大队", "国家税务总局浦江县税务局"):
            assert Agency.objects.filter(name=name).exists(), name
        assert set(Agency.objects.values_list("kind", flat=True)) == {
            "statutory", "authorised", "entrusted"}
        for agency in Agency.objects.filter(kind="entrusted"):
            assert agency.entrusted_by is not None
            assert agency.entrusted_by.kind != "entrusted"
        for agency in Agency.objects.select_related("region"):
            agency.full_clean()
            assert uscc_problem(agency.uscc) is None
            assert agency.uscc[2:8] == agency.region.code[:6]

    def test_units_and_posts_with_duties(self, db):
        for agency in Agency.objects.all():
            assert agency.units.count() >= 3, agency
            assert agency.posts.count() >= 5, agency
        assert not Unit.objects.filter(duties="").exists()
        assert not Post.objects.filter(duties="").exists()
        assert not Post.objects.exclude(unit__agency=F("agency")).exists()

    def test_officers(self, db):
        officers = Officer.objects.select_related("agency", "unit", "post")
        assert 540 <= officers.count() <= 680
        statuses = Counter(officers.values_list("status", flat=True))
        assert set(statuses) == {"active", "suspended", "revoked", "expired"}
        assert statuses["active"] / sum(statuses.values()) > 0.85
        for o in officers:
            o.full_clean()
            assert resident_id_problem(o.resident_id) is None
            assert o.resident_id.startswith("3307")
            assert 1965 <= int(o.resident_id[6:10]) <= 1998
            assert o.certificate_no.startswith("浙C")
            assert o.issuing_authority == "浙江省人民政府"
            assert o.area == "浦江县"
            assert o.post.agency_id == o.agency_id
            assert o.unit_id == o.post.unit_id
            assert (o.status == "expired") == (o.valid_until < dt.date(2026, 1, 1))

    def test_legal_reviewers_at_least_five_percent_per_agency(self, db):
        for agency in Agency.objects.all():
            total = agency.officers.count()
            reviewers = agency.officers.filter(is_legal_reviewer=True).count()
            assert total >= 2, agency
            assert reviewers >= math.ceil(0.05 * total), agency

    def test_status_history_explains_every_status(self, db):
        for o in Officer.objects.prefetch_related("status_history"):
            history = list(o.status_history.all())
            assert history[0].from_status == ""
            assert history[0].to_status == "active"
            assert history[-1].to_status == o.status
            assert all(h.changed_at.date() >= o.valid_from for h in history)

    def test_training(self, db):
        assert set(TrainingRecord.objects.values_list("year", flat=True)) == {2025, 2026}
        active = Officer.objects.filter(status="active")
        assert not active.exclude(training__year=2025).exists()
        assert not TrainingRecord.objects.exclude(completed_on__year=F("year")).exists()

    def test_laws_are_real_and_versioned(self, db):
        assert Law.objects.count() >= 30
        food = Provision.objects.get(law__name="中华人民共和国食品安全法", label="第一百二十二条")
        text = food.version_on(dt.date(2026, 1, 1)).text
        assert "未取得食品生产经营许可" in text
        assert "五万元以上十万元以下罚款" in text
        ads = Provision.objects.get(law__name="中华人民共和国广告法", label="第五十五条")
        assert "工商行政管理部门" in ads.version_on(dt.date(2017, 1, 1)).text
        assert "市场监督管理部门" in ads.version_on(dt.date(2026, 1, 1)).text
        for provision in Provision.objects.all():
            assert provision.version_on(dt.date(2026, 1, 1)) is not None, provision
            assert provision.label.startswith(f"第{cn_number(provision.article)}条")
        assert not ProvisionVersion.objects.filter(source="").exists()

    def test_power_items(self, db):
        items = PowerItem.objects.select_related("agency", "unit", "post", "time_limit_rule")
        assert 1700 <= items.count() <= 2300
        categories = Counter(items.values_list("category", flat=True))
        assert categories["penalty"] > items.count() / 2
        assert {"licensing", "inspection", "coercion", "levy"} <= set(categories)
        rule_for = {"penalty": "APL_DECISION", "licensing": "ALL_DECISION",
                    "coercion": "ACL_SEIZURE"}
        pattern = re.compile(r"^330726-[A-Z0-9]+-(CF|XK|QZ|ZS|JC|QT)-\d{4}$")
        for item in items.prefetch_related("penalty_provisions"):
            item.clean()
            assert pattern.match(item.code), item.code
            assert item.penalty_provisions.exists(), item.code
            assert item.unit.agency_id == item.agency_id == item.post.agency_id
            assert item.responsibility_items
            assert item.accountability
            if item.category in rule_for:
                assert item.time_limit_rule.code == rule_for[item.category]
            if item.category == "penalty":
                assert item.penalty_types
                assert item.penalty_standard
                assert item.procedure in ("penalty_ordinary", "penalty_simple")
            else:
                assert item.penalty_types == []
        for agency in Agency.objects.all():
            assert agency.powers.exists(), agency

    def test_a_real_power_item_cites_its_law(self, db):
        item = PowerItem.objects.get(agency__name="浦江县市场监督管理局",
                                     name="对未取得食品经营许可从事餐饮服务活动的行政处罚")
        assert item.code.startswith("330726-SJ-CF-")
        assert [str(p) for p in item.penalty_provisions.all()] == [
            "《中华人民共和国食品安全法》第一百二十二条"]
        assert [str(p) for p in item.violated_provisions.all()] == [
            "《中华人民共和国食品安全法》第三十五条"]
        assert set(item.penalty_types) == {"fine", "confiscation"}

    def test_logins_for_every_role(self, db):
        users = {u.username: u for u in User.objects.select_related("agency", "region")}
        assert {u.role for u in users.values()} == set(Role.values)
        # One hash, made once, shared by every demo login.
        assert len({u.password for u in users.values()}) == 1
        assert users["gongzhong"].check_password(DEMO_PASSWORD)
        assert all(u.display_name for u in users.values())
        assert users["admin"].is_superuser
        assert users["admin"].is_staff
        assert not any(u.is_staff for name, u in users.items() if name != "admin")
        for name in ("sifaju", "xiaoneng", "lingdao"):
            assert users[name].region.name == "浦江县"
            assert users[name].agency is None
        for name in ("shijian_zhifa", "shijian_fazhi", "shijian_fuze", "shijian_guanli",
                     "shijian_caiwu"):
            assert users[name].agency.name == "浦江县市场监督管理局"
        assert users["zongzhi_zhifa"].agency.name == "浦江县综合行政执法局"
        assert users["gongzhong"].role == Role.PUBLIC
        assert users["gongzhong"].agency is None
        reviewer = Officer.objects.get(agency=users["shijian_fazhi"].agency,
                                       name=users["shijian_fazhi"].display_name)
        assert reviewer.is_legal_reviewer
        assert reviewer.status == "active"

    def test_every_row_is_audited_and_the_chains_verify(self, db):
        verdict = verify()
        assert verdict.ok, verdict.problem
        events = AuditEvent.objects.all()
        assert verdict.count == events.count()
        # The registries are written by the generator; the story cases (and their evidence), licences,
        # measures, inspections and public records by the demo users' own actions.
        # No user but the generator's, except the public filing and rating complaints (no account).
        public = events.filter(object_type="complaints.Complaint", action__in=["complaint.receive", "complaint.rate"])
        assert set(events.filter(actor_id=None).exclude(pk__in=public).values_list("actor", flat=True)) == {"demo"}
        assert public.filter(actor_id=None).count() == public.count() > 0
        by_users = set(events.exclude(actor_id=None).values_list("object_type", flat=True))
        assert by_users == {"cases.Case", "evidence.Evidence", "licensing.LicenceApplication", "licensing.Licence",
                            "coercion.Measure", "inspections.Inspection", "disclosure.Publication",
                            "complaints.Complaint",  # handled by the bureau's officer
                            # the fines ledger: notices, bank statements, confiscated property
                            "fines.PaymentNotice", "fines.Statement", "fines.Property",
                            # the benchmark applied before each story decision (APL 34)
                            "discretion.Assessment"}
        assert not events.filter(object_type="cases.Case", actor_id=None).exists()
        by_type = Counter(events.values_list("object_type", flat=True))
        for model in DEMO_MODELS:
            assert by_type[model._meta.label] == model.objects.count(), model
        officer = Officer.objects.order_by("pk").first()
        event = events.get(object_type="registry.Officer", object_id=str(officer.pk))
        assert event.action == "officer.create"
        assert event.agency_id == officer.agency_id
        assert event.chain == f"agency:{officer.agency_id}"
        assert event.after["resident_id"] == officer.resident_id
        item = PowerItem.objects.order_by("pk").first()
        after = events.get(object_type="law.PowerItem", object_id=str(item.pk)).after
        assert after["penalty_provisions"] == sorted(
            item.penalty_provisions.values_list("pk", flat=True))
        assert not any("password" in e.after for e in events.filter(object_type="accounts.User"))

    def test_if_empty_leaves_a_loaded_database_alone(self, db):
        before = table_counts()
        out = StringIO()
        call_command("demo", "--if-empty", stdout=out)
        assert "已有执法主体" in out.getvalue()
        assert table_counts() == before
        assert verify().ok

    def test_building_again_is_refused_and_changes_nothing(self, db):
        before = table_counts()
        with pytest.raises(CommandError, match="冲突"):
            call_command("demo", "--seed", "99")
        assert table_counts() == before
        assert verify().ok

    def test_accounts_table(self, db):
        out = StringIO()
        call_command("accounts", stdout=out)
        text = out.getvalue()
        for role in Role:
            assert role.label in text, role
        for name in ("admin", "sifaju", "shijian_fazhi", "zongzhi_zhifa", "gongzhong",
                     "浦江县市场监督管理局", "浦江县综合行政执法局"):
            assert name in text
        assert DEMO_PASSWORD in text
        assert DEMO_URL in text
        line = next(row for row in text.splitlines() if row.startswith("shijian_caiwu"))
        assert "罚没财务人员" in line
        assert "浦江县市场监督管理局" in line


# --- pure helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(("n", "words"), [
    (1, "一"), (10, "十"), (15, "十五"), (20, "二十"), (35, "三十五"), (100, "一百"),
    (102, "一百零二"), (110, "一百一十"), (119, "一百一十九"), (122, "一百二十二"),
])
def test_cn_number(n, words):
    assert cn_number(n) == words


@pytest.mark.parametrize(("key", "label"), [
    ("122", "第一百二十二条"), ("60.1", "第六十条第一款"), ("91.1", "第九十一条第一款"),
    ("34.1.4", "第三十四条第一款第四项"),
])
def test_provision_label(key, label):
    assert provision_label(key) == label

"""The fixed cast, used by every test that involves people.

- officer_a, head_a: an officer and the head of agency A (county market regulation)
- officer_b: an officer of agency B (county comprehensive enforcement)
- supervisor: the county legal office, overseeing the whole county
- citizen: a member of the public with a login
Time zone is Asia/Shanghai (non-UTC) so date/time-zone mistakes show up.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("YIFA_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API beside live_server

PASSWORD = "Yifa-test-2026!"


def pytest_configure(config: pytest.Config) -> None:
    """Many tests move the clock across days and weeks with one signed-in client, so their
    sessions last as long as Django's default (two weeks); the production default (8 hours,
    YIFA_SESSION_AGE) and expiry itself are tested in tests/test_production.py."""
    from django.conf import settings

    settings.SESSION_COOKIE_AGE = 14 * 24 * 3600

# Reference data shipped by data migrations. A transactional test's flush empties these tables
# for the tests after it, so such tests put them back first (every seed is idempotent).
SEED_MIGRATIONS = [
    "yifa.workcal.migrations.0002_seed_rules_and_calendar",
    "yifa.workcal.migrations.0004_seed_legal_parameters",
    "yifa.workcal.migrations.0005_seed_case_rules",
    "yifa.workcal.migrations.0006_seed_min_investigators",
    "yifa.documents.migrations.0002_seed_document_kinds",
    "yifa.cases.migrations.0008_seed_penalty_kinds",
    "yifa.licensing.migrations.0006_seed_licensing_rules",
    "yifa.complaints.migrations.0002_seed_complaint_deadline_rules",
    "yifa.enforcement.migrations.0002_seed_enforcement_periods",
    "yifa.fines.migrations.0002_seed_fine_parameters",
    "yifa.disclosure.migrations.0002_disclosure_rules",
    "yifa.accountability.migrations.0002_seed_terms_and_deadlines",
    # after every rule above: the roll-over flags are set on the rules as seeded
    "yifa.workcal.migrations.0009_seed_roll_over_flags",
    "yifa.workcal.migrations.0010_seed_acl_min_officers",
    "yifa.filereview.migrations.0002_seed_sheet_and_self_inspection",
]


@pytest.fixture(autouse=True)
def _fresh_reference_cache():
    """Each test starts and ends with an empty per-process reference cache (its database is new)."""
    from yifa.lib import pagecache, refcache

    refcache.clear()
    pagecache.clear()  # the public pages kept (their version is of another test's database)
    yield
    refcache.clear()
    pagecache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public forms' rate limits count in the cache (locmem): each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    from importlib import import_module

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    for name in SEED_MIGRATIONS:
        import_module(name).seed(apps, None)
    # The discretion benchmarks are loaded after migrate (post_migrate), not by a migration.
    from yifa.discretion.loader import read_files, sync

    sync(read_files())


@pytest.fixture
def county(db):
    from yifa.registry.models import Region

    zhejiang = Region.objects.create(code="330000", name="浙江省", level="province")
    jinhua = Region.objects.create(code="330700", name="金华市", level="city", parent=zhejiang)
    return Region.objects.create(code="330726", name="浦江县", level="county", parent=jinhua)


@pytest.fixture
def other_county(county):
    from yifa.registry.models import Region

    return Region.objects.create(code="330723", name="武义县", level="county", parent=county.parent)


def make_agency(region, name: str, short: str, uscc: str):
    from yifa.registry.models import Agency

    return Agency.objects.create(
        name=name, short_name=short, kind="statutory", qualification_basis="《地方各级人民代表大会和地方各级人民政府组织法》",
        region=region, parent_government=f"{region.name}人民政府", uscc=uscc,
    )


@pytest.fixture
def agency_a(county):
    return make_agency(county, "浦江县市场监督管理局", "浦市监", "11330726MB12345673")


@pytest.fixture
def agency_b(county):
    return make_agency(county, "浦江县综合行政执法局", "浦综执", "11330726MB76543210")


def make_user(username: str, role: str, **extra):
    from yifa.accounts.models import User

    return User.objects.create_user(username=username, password=PASSWORD, role=role, display_name=username, **extra)


@pytest.fixture
def officer_a(agency_a):
    return make_user("officer_a", "officer", agency=agency_a)


@pytest.fixture
def head_a(agency_a):
    return make_user("head_a", "agency_head", agency=agency_a)


@pytest.fixture
def officer_b(agency_b):
    return make_user("officer_b", "officer", agency=agency_b)


@pytest.fixture
def supervisor(county):
    return make_user("supervisor", "supervisor", region=county)


@pytest.fixture
def citizen(db):
    return make_user("citizen", "public")


@pytest.fixture
def cast(officer_a, head_a, officer_b, supervisor, citizen):
    return {"officer_a": officer_a, "head_a": head_a, "officer_b": officer_b, "supervisor": supervisor, "citizen": citizen}


@pytest.fixture
def officer_record_a(agency_a):
    """A certified officer (the registry record, not a login) of agency A."""
    from yifa.registry.models import Officer

    return Officer.objects.create(
        agency=agency_a, name="王建国", resident_id="330726198001010011", certificate_no="浙C330726001",
        issuing_authority="浙江省人民政府", area="浦江县", field="市场监管",
        valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2028, 12, 31),
    )


@pytest.fixture
def officer_record_b(agency_b):
    from yifa.registry.models import Officer

    return Officer.objects.create(
        agency=agency_b, name="李梅", resident_id="330726198502020023", certificate_no="浙C330726101",
        issuing_authority="浙江省人民政府", area="浦江县", field="综合执法",
        valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2028, 12, 31),
    )


def client_for(user):
    from django.test import Client

    c = Client()
    if user is not None:
        c.force_login(user)
    return c


# --- case handling -------------------------------------------------------------------


def make_officer(agency, name: str, serial: int, **extra):
    from yifa.lib.idcodes import resident_id_check_char
    from yifa.registry.models import Officer

    body = f"3307261985{serial:02d}0101{serial % 10}"[:17]
    defaults = {"issuing_authority": "浙江省人民政府", "area": "浦江县", "field": "市场监管",
                "valid_from": dt.date(2024, 1, 1), "valid_until": dt.date(2028, 12, 31)}
    return Officer.objects.create(agency=agency, name=name, resident_id=body + resident_id_check_char(body),
                                  certificate_no=f"浙C33072620{serial:02d}", **(defaults | extra))


@pytest.fixture
def penalty_power(agency_a):
    """A penalty power of agency A with its legal basis (food safety law art. 133), for which no
    discretion benchmark is shipped: deciding does not need the assess step (see
    `benchmarked_power` for one that does)."""
    from yifa.law.models import Law, PowerItem, Provision

    law = Law.objects.create(name="中华人民共和国食品安全法", kind="law", issuer="全国人民代表大会常务委员会")
    basis = Provision.objects.create(law=law, article=133, label="第一百三十三条")
    power = PowerItem.objects.create(
        code="330726-SJ-CF-0001", name="对拒绝、阻挠、干扰食品安全监督检查的行政处罚",
        category="penalty", agency=agency_a, procedure="penalty_ordinary",
        penalty_types=["warning", "fine", "confiscation", "licence"],
    )
    power.penalty_provisions.set([basis])
    return power


@pytest.fixture
def benchmarked_power(agency_a, penalty_power):
    """A penalty power of agency A whose basis (food safety law art. 122) has a shipped benchmark
    (food.unlicensed): a penalty decision needs the assess step first (APL 34)."""
    from yifa.law.models import PowerItem, Provision

    basis = Provision.objects.create(law=penalty_power.penalty_provisions.get().law, article=122, label="第一百二十二条")
    power = PowerItem.objects.create(
        code="330726-SJ-CF-0002", name="对未取得食品生产经营许可从事食品生产经营活动的行政处罚",
        category="penalty", agency=agency_a, procedure="penalty_ordinary",
        penalty_types=["warning", "fine", "confiscation", "licence"],
    )
    power.penalty_provisions.set([basis])
    return power


@pytest.fixture
def crew_a(agency_a, officer_a, officer_record_a):
    """Agency A's certified officers: officer_a's own record, a colleague, a legal reviewer and
    a hearing chair; officer_a's login is linked to their certificate."""
    from tests.conftest import make_user as _make_user

    officer_a.officer = officer_record_a
    officer_a.save()
    colleague = make_officer(agency_a, "陈晓东", 11)
    reviewer = make_officer(agency_a, "何丽", 12, is_legal_reviewer=True)
    chair = make_officer(agency_a, "孙志强", 13)
    reviewer_login = _make_user("reviewer_a", "legal_reviewer", agency=agency_a, officer=reviewer)
    return {"lead": officer_record_a, "colleague": colleague, "reviewer": reviewer, "chair": chair,
            "reviewer_login": reviewer_login}


CASE_FIELDS = {
    "title": "某食品店未取得食品经营许可经营案", "source": "inspection", "registered_on": dt.date(2026, 9, 1),
    "party_kind": "organisation", "party_name": "浦江县某某食品店", "party_code": "92330726MA2ABCDE1B",
    "party_address": "浦江县浦阳街道某某路1号", "act_ended_on": dt.date(2026, 8, 20), "discovered_on": dt.date(2026, 8, 28),
}


@pytest.fixture
def history(head_a, agency_a, agency_b, supervisor):
    """Five audit events on agency A's chain and two on agency B's (the audit tests' record)."""
    from yifa.registry.actions import create_record, update_record
    from yifa.registry.models import Unit

    units = [create_record(Unit, {"agency": agency_a, "name": f"第{i}科"}, acting_user=head_a) for i in range(3)]
    update_record(units[0], {"duties": "负责食品安全监管"}, acting_user=head_a)
    update_record(units[1], {"duties": "负责特种设备监管"}, acting_user=head_a)
    create_record(Unit, {"agency": agency_b, "name": "执法一中队"}, acting_user=supervisor)
    create_record(Unit, {"agency": agency_b, "name": "执法二中队"}, acting_user=supervisor)
    return units

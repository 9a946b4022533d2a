"""Build the demo data set: deterministic from a seed, bulk-inserted, and audited.

One transaction for the whole build. Every row written gets a `<model>.create` audit event
(actor "demo") appended to its agency's hash chain, so `yifa audit verify` holds afterwards.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from yifa.accounts.models import User
from yifa.audit.chain import Change, append
from yifa.demo import data
from yifa.demo.data import CountyData, DeptData, PowerTemplate
from yifa.demo.laws import LAWS, LawData
from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.lib.idcodes import USCC_ALPHABET, resident_id_check_char, uscc_check_char
from yifa.lib.pinyin import name_key
from yifa.registry.models import (
    Agency,
    Officer,
    OfficerStatusChange,
    Post,
    Region,
    TrainingRecord,
    Unit,
)
from yifa.workcal.models import DeadlineRule

BATCH = 500
LAW_ORDER = {law.key: i for i, law in enumerate(LAWS)}
JOINED = dt.datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TZ = ZoneInfo("Asia/Shanghai")
SCALES = ("county", "city", "province")
CATEGORY_CODES = {
    "penalty": "CF", "licensing": "XK", "coercion": "QZ", "levy": "ZS", "benefit": "JF",
    "inspection": "JC", "confirmation": "QR", "reward": "JL", "adjudication": "CJ", "other": "QT",
}
RULE_FOR = {"penalty": "APL_DECISION", "licensing": "ALL_DECISION", "coercion": "ACL_SEIZURE"}
PROCEDURE_FOR = {
    "licensing": "licensing", "coercion": "coercion", "inspection": "inspection",
}
AREA_CODES = {"330700": "0579", "330100": "0571", "330200": "0574"}
STREETS = ("人民路", "和平路", "解放路", "文化路", "建设路", "中山路", "新华路", "东风路", "环城路", "公园路")
#: Share of the township-level domains' items a township holds (seeded choice per item).
TOWNSHIP_SHARE = 0.7
#: Share of the transferred domains' items the comprehensive enforcement bureau holds.
TRANSFER_SHARE = 0.5

M = TypeVar("M", bound=models.Model)

# --- small helpers ---------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..999 in Chinese numerals as used in article labels (十五, 一百零二, 一百二十二)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _DIGITS[rest]
    return head + _DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")


def provision_label(key: str) -> str:
    """"122" → 第一百二十二条; "60.1" → 第六十条第一款; "34.1.4" → 第三十四条第一款第四项."""
    parts = [int(p) for p in key.split(".")]
    label = f"第{cn_number(parts[0])}条"
    if len(parts) > 1:
        label += f"第{cn_number(parts[1])}款"
    if len(parts) > 2:
        label += f"第{cn_number(parts[2])}项"
    return label


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def county_short(name: str) -> str:
    """浦江县 → 浦江; 婺城区 → 婺城 (the form used in 金华市生态环境局浦江分局)."""
    return re.sub(r"[县区市]$", "", name) if len(name) > 2 else name


_FIELDS: dict[type[models.Model], list[str]] = {}


def snapshot(obj: models.Model, **extra: Any) -> dict[str, Any]:
    """The row's own columns (no queries); passwords never enter the audit trail."""
    names = _FIELDS.get(type(obj))
    if names is None:
        names = [f.attname for f in obj._meta.concrete_fields if f.attname != "password"]
        _FIELDS[type(obj)] = names
    snap = {name: getattr(obj, name) for name in names}
    snap.update(extra)
    return snap


# --- the builder -----------------------------------------------------------------------


class Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 -- seeded for the same demo every time; nothing secret
        self.changes: list[Change] = []
        self.counts: Counter[str] = Counter()
        self.provisions: dict[tuple[str, str], Provision] = {}
        self.texts: dict[tuple[str, str], str] = {}
        self.laws: dict[str, LawData] = {law.key: law for law in LAWS}
        self.rules = self._rules()
        self.usccs: set[str] = set()
        self.resident_ids: set[str] = set()
        self.demo_agencies: dict[str, Agency] = {}
        self.demo_county: Region | None = None

    # writing -----------------------------------------------------------------------

    def create(self, objs: Sequence[M], agency_of: Any = None, **extra_of: Any) -> list[M]:
        """Bulk-insert `objs` and queue one audit event per row."""
        if not objs:
            return []
        model = type(objs[0])
        created = model.objects.bulk_create(objs, batch_size=BATCH)  # type: ignore[attr-defined]
        action = f"{model._meta.model_name}.create"
        label = model._meta.label
        for obj in created:
            extra = {k: fn(obj) for k, fn in extra_of.items()}
            self.changes.append(Change(
                action=action, object_type=label, object_id=str(obj.pk),
                agency_id=agency_of(obj) if agency_of else None, after=snapshot(obj, **extra),
            ))
        self.counts[label] += len(created)
        return list(created)

    def audit(self) -> None:
        for start in range(0, len(self.changes), 20000):
            append(self.changes[start:start + 20000], actor_id=None, actor="demo")
        self.counts["audit.AuditEvent"] += len(self.changes)
        self.changes = []

    # reference data -----------------------------------------------------------------

    @staticmethod
    def _rules() -> dict[str, DeadlineRule]:
        rules: dict[str, DeadlineRule] = {}
        for rule in DeadlineRule.objects.filter(code__in=RULE_FOR.values()).order_by("effective_from"):
            rules[rule.code] = rule  # the latest version wins
        return rules

    def build_laws(self) -> None:
        laws = self.create([
            Law(name=law.name, kind=law.kind, issuer=law.issuer,
                promulgated_on=_date(law.promulgated), document_number=law.document_number)
            for law in LAWS
        ])
        by_key = {law.key: row for law, row in zip(LAWS, laws, strict=True)}
        provisions: list[Provision] = []
        keys: list[tuple[str, str]] = []
        for law in LAWS:
            for key in law.provisions:
                provisions.append(Provision(law=by_key[law.key], article=int(key.split(".")[0]),
                                            label=provision_label(key)))
                keys.append((law.key, key))
        created = self.create(provisions)
        self.provisions = dict(zip(keys, created, strict=True))
        versions: list[ProvisionVersion] = []
        for (law_key, key), provision in self.provisions.items():
            law = self.laws[law_key]
            text = law.provisions[key]
            spans = text if isinstance(text, list) else [(law.effective, None, text)]
            for start, end, words in spans:
                versions.append(ProvisionVersion(
                    provision=provision, text=words, effective_from=_date(start),
                    effective_to=_date(end) if end else None, source=law.source,
                ))
            self.texts[(law_key, key)] = spans[-1][2]
        self.create(versions)

    # places -------------------------------------------------------------------------

    def build_regions(self, scale: str) -> list[tuple[Region, Region, CountyData]]:
        """The region tree; returns (city, county, data) for each county to populate."""
        province = self.create([Region(code=data.PROVINCE[0], name=data.PROVINCE[1],
                                       level="province", path=data.PROVINCE[0] + "/")])[0]
        city_codes = {"county": ["330700"], "city": ["330700"],
                      "province": ["330700", "330100", "330200"]}[scale]
        cities = self.create([
            Region(code=code, name=data.CITIES[code][0], level="city", parent=province,
                   path=f"{province.path}{code}/")
            for code in city_codes
        ])
        counties: list[Region] = []
        county_data: list[tuple[Region, CountyData]] = []
        for city in cities:
            members = data.CITIES[city.code][1]
            if scale == "county":
                members = [data.PUJIANG]
            for cd in members:
                counties.append(Region(code=cd.code, name=cd.name, level="county", parent=city,
                                       path=f"{city.path}{cd.code}/"))
                county_data.append((city, cd))
        created = self.create(counties)
        result = [(city, county, cd) for (city, cd), county in zip(county_data, created, strict=True)]
        for _city, county, _cd in result:
            if county.code == data.PUJIANG.code:
                self.demo_county = county
        return result

    def township_names(self, cd: CountyData) -> list[str]:
        if cd.townships:
            return list(cd.townships)
        names: list[str] = []
        suffixes = ("街道", "街道", "镇", "镇", "镇", "乡")
        while len(names) < 15:
            name = "".join(self.rng.sample(data.PLACE_CHARS, 2)) + self.rng.choice(suffixes)
            if name not in names:
                names.append(name)
        return names

    # agencies -----------------------------------------------------------------------

    def uscc(self, kind: str, region_code: str) -> str:
        prefix = "11" if kind == "statutory" else "12"
        while True:
            org = "00" + "".join(self.rng.choice("0123456789") for _ in range(6))
            org += self.rng.choice(USCC_ALPHABET[:10] + "X")
            first17 = f"{prefix}{region_code}{org}"
            code = first17 + uscc_check_char(first17)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def contact(self, city: Region, county: Region) -> tuple[str, str]:
        address = f"{county.name}{self.rng.choice(STREETS)}{self.rng.randint(1, 399)}号"
        phone = f"{AREA_CODES[city.code]}-8{self.rng.randrange(10 ** 7):07d}"
        return address, phone

    def dept_agency(self, d: DeptData, city: Region, county: Region) -> Agency:
        name = d.name_format.format(county=county.name, tail=d.tail, city=city.name,
                                    county_short=county_short(county.name))
        address, phone = self.contact(city, county)
        basis = d.basis or "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》；本级机构职能配置规定"
        if d.kind == "entrusted":
            basis = "《中华人民共和国行政处罚法》第二十条；委托机关出具的行政执法委托书"
        return Agency(
            name=name, short_name=county.name[0] + d.short, kind=d.kind, sector="department",
            qualification_basis=basis, region=county, parent_government=f"{county.name}人民政府",
            uscc=self.uscc(d.kind, county.code), address=address, phone=phone,
        )

    def township_agency(self, name: str, town: Region, city: Region, county: Region) -> Agency:
        suffix = "办事处" if name.endswith("街道") else "人民政府"
        address, phone = self.contact(city, county)
        return Agency(
            name=f"{county.name}{name}{suffix}", short_name=name, kind="statutory", sector="township",
            qualification_basis="《中华人民共和国行政处罚法》第二十四条；浙江省赋予乡镇（街道）"
                                "行政执法权事项目录",
            region=town, parent_government=f"{county.name}人民政府",
            uscc=self.uscc("statutory", county.code), address=address, phone=phone,
        )

    # the county ---------------------------------------------------------------------

    def build_county(self, city: Region, county: Region, cd: CountyData) -> None:
        towns = self.create([
            Region(code=f"{county.code}{i:03d}", name=name, level="township", parent=county,
                   path=f"{county.path}{county.code}{i:03d}/")
            for i, name in enumerate(self.township_names(cd), start=1)
        ])
        plain = [d for d in data.DEPARTMENTS if d.kind != "entrusted"]
        entrusted = [d for d in data.DEPARTMENTS if d.kind == "entrusted"]
        agencies = self.create([self.dept_agency(d, city, county) for d in plain], _own_id)
        by_key = {d.key: a for d, a in zip(plain, agencies, strict=True)}
        later = []
        for d in entrusted:
            agency = self.dept_agency(d, city, county)
            agency.entrusted_by = by_key[d.entrusted_by]
            later.append(agency)
        for d, agency in zip(entrusted, self.create(later, _own_id), strict=True):
            by_key[d.key] = agency
        town_agencies = self.create(
            [self.township_agency(t.name, t, city, county) for t in towns], _own_id)
        if county.code == data.PUJIANG.code:
            self.demo_agencies = by_key
        plans = [AgencyPlan(by_key[d.key], d) for d in data.DEPARTMENTS]
        plans += [AgencyPlan(a, None) for a in town_agencies]
        self.build_units_posts(plans)
        self.build_officers(plans, county)
        self.build_powers(plans, county)

    def build_units_posts(self, plans: list[AgencyPlan]) -> None:
        units: list[Unit] = []
        for plan in plans:
            plan.units = [Unit(agency=plan.agency, name=n, duties=duty) for n, duty in plan.unit_specs()]
            units += plan.units
        self.create(units, _agency_id)
        posts: list[Post] = []
        for plan in plans:
            plan.posts = plan.post_objects(self.rng)
            posts += plan.posts
        self.create(posts, _agency_id)

    # people -------------------------------------------------------------------------

    def person_name(self) -> str:
        given = self.rng.choice(data.GIVEN)
        if self.rng.random() < 0.7:
            given += self.rng.choice(data.GIVEN)
        return self.rng.choice(data.SURNAMES) + given

    def resident_id(self) -> str:
        while True:
            born = dt.date(1965, 1, 1) + dt.timedelta(days=self.rng.randrange(34 * 365))
            first17 = (f"{self.rng.choice(data.ID_REGIONS)}{born:%Y%m%d}"
                       f"{self.rng.randrange(1000):03d}")
            value = first17 + resident_id_check_char(first17)
            if value not in self.resident_ids:
                self.resident_ids.add(value)
                return value

    def build_officers(self, plans: list[AgencyPlan], county: Region) -> None:
        officers: list[Officer] = []
        serial = 0
        for plan in plans:
            size = plan.dept.size if plan.dept else self.rng.randint(6, 12)
            count = max(2, round(size * self.rng.uniform(0.85, 1.15)))
            field = plan.dept.field if plan.dept else "综合执法"
            crew = []
            for _ in range(count):
                serial += 1
                crew.append(self.officer(plan, county, field, serial))
            self.pick_reviewers(crew)
            if county.code == data.PUJIANG.code and plan.dept:
                self.match_logins(plan.dept.key, crew)
            officers += crew
        for o in officers:  # bulk inserts skip Officer.save(), which sets the key
            o.name_key = name_key(o.name)
        created = self.create(officers, _agency_id)
        self.build_history(created)
        self.build_training(created)

    def officer(self, plan: AgencyPlan, county: Region, field: str, serial: int) -> Officer:
        post = self.rng.choice(plan.field_posts)
        roll = self.rng.random()
        if roll < 0.03:
            status, start = Officer.Status.EXPIRED, dt.date(2019, 1, 1)
        else:
            status = (Officer.Status.SUSPENDED if roll < 0.06 else
                      Officer.Status.REVOKED if roll < 0.08 else Officer.Status.ACTIVE)
            start = dt.date(2022, 1, 1)
        valid_from = start + dt.timedelta(days=self.rng.randrange(4 * 365))
        five_years = dt.date(valid_from.year + 5, valid_from.month, min(valid_from.day, 28))
        valid_until = five_years - dt.timedelta(days=1)
        if status == Officer.Status.EXPIRED:
            valid_until = min(valid_until, dt.date(2025, 12, 31))
        return Officer(
            agency=plan.agency, unit=post.unit, post=post, name=self.person_name(),
            resident_id=self.resident_id(), certificate_no=f"浙C{county.code}{serial:04d}",
            issuing_authority=data.ISSUER, area=county.name, area_codes=[county.code], field=field,
            valid_from=valid_from, valid_until=valid_until, status=status,
        )

    def pick_reviewers(self, crew: list[Officer]) -> None:
        """At least 5% of an agency's officers hold legal-review qualification (3S)."""
        wanted = max(1, math.ceil(0.05 * len(crew))) + self.rng.choice((0, 0, 1))
        active = [o for o in crew if o.status == Officer.Status.ACTIVE] or crew
        for officer in self.rng.sample(active, min(wanted, len(active))):
            officer.is_legal_reviewer = True

    @staticmethod
    def match_logins(dept_key: str, crew: list[Officer]) -> None:
        """Demo logins of officers and reviewers are certified officers of their agency too."""
        logins = [x for x in data.DEMO_LOGINS if x.agency == dept_key
                  and x.role in ("officer", "legal_reviewer")]
        active = [o for o in crew if o.status == Officer.Status.ACTIVE]
        for login, officer in zip(logins, active, strict=False):
            officer.name = login.display_name
            officer.is_legal_reviewer = officer.is_legal_reviewer or login.role == "legal_reviewer"

    def build_history(self, officers: list[Officer]) -> None:
        rows: list[OfficerStatusChange] = []
        for o in officers:
            issued = dt.datetime.combine(o.valid_from, dt.time(9, 0), TZ)
            rows.append(OfficerStatusChange(officer=o, from_status="", to_status="active",
                                            reason="考试合格，核发行政执法证件", changed_at=issued))
            if o.status == Officer.Status.ACTIVE:
                continue
            if o.status == Officer.Status.EXPIRED:
                when = dt.datetime.combine(o.valid_until + dt.timedelta(days=1), dt.time(1, 0), TZ)
                reason = "证件有效期届满，未申请换证"
            else:
                day = o.valid_from + dt.timedelta(days=200 + self.rng.randrange(300))
                day = max(min(day, dt.date(2025, 12, 20)), o.valid_from + dt.timedelta(days=1))
                when = dt.datetime.combine(day, dt.time(10, 30), TZ)
                reason = self.rng.choice(
                    ("年度执法资格考试未通过", "年度考核不合格，暂扣执法证件")
                    if o.status == Officer.Status.SUSPENDED
                    else ("调离行政执法岗位", "退休", "受到降级处分，注销执法证件"))
            rows.append(OfficerStatusChange(officer=o, from_status="active", to_status=o.status,
                                            reason=reason, changed_at=when))
        self.create(rows, _officer_agency)

    def build_training(self, officers: list[Officer]) -> None:
        rows: list[TrainingRecord] = []
        for o in officers:
            if o.status in (Officer.Status.REVOKED, Officer.Status.EXPIRED):
                years = [(2025, self.rng.randint(1, 2))]
            else:
                years = [(2025, self.rng.randint(3, 5)), (2026, self.rng.randint(1, 4))]
            for year, n in years:
                first_month, last_month = (3, 11) if year == 2025 else (1, 10)
                for course, hours in self.rng.sample(data.COURSES, n):
                    day = dt.date(year, self.rng.randint(first_month, last_month),
                                  self.rng.randint(1, 28))
                    rows.append(TrainingRecord(officer=o, year=year, course=course,
                                               hours=Decimal(hours), completed_on=day))
        self.create(rows, _officer_agency)

    # powers -------------------------------------------------------------------------

    def templates_for(self, plan: AgencyPlan) -> list[PowerTemplate]:
        if plan.dept is None:
            pool = [t for dom in data.TOWNSHIP_DOMAINS for t in data.DOMAINS[dom]
                    if t.category in ("penalty", "coercion")]
            chosen = [t for t in pool if self.rng.random() < TOWNSHIP_SHARE]
        else:
            chosen = [t for dom in plan.dept.domains for t in data.DOMAINS[dom]]
            if plan.dept.key == "zongzhi":
                own = set(plan.dept.domains)
                pool = [t for dom in data.ENFORCEMENT_DOMAINS if dom not in own
                        for t in data.DOMAINS[dom] if t.category == "penalty"]
                chosen += [t for t in pool if self.rng.random() < TRANSFER_SHARE]
        return _dedupe(chosen + self.inspections(chosen))

    def inspections(self, chosen: list[PowerTemplate]) -> list[PowerTemplate]:
        """One routine inspection item per law the agency enforces."""
        laws = sorted({t.law for t in chosen if t.category == "penalty"}, key=LAW_ORDER.__getitem__)
        return [
            PowerTemplate("inspection", f"对执行《{self.laws[k].name}》情况的行政检查", k,
                          (_first_penalty_basis(chosen, k),))
            for k in laws
        ]

    def build_powers(self, plans: list[AgencyPlan], county: Region) -> None:
        items: list[PowerItem] = []
        links: list[tuple[list[Provision], list[Provision]]] = []
        for plan in plans:
            seq: Counter[str] = Counter()
            for t in self.templates_for(plan):
                seq[t.category] += 1
                items.append(self.power(plan, county, t, seq[t.category]))
                links.append(self.power_links(t))
        through_v = PowerItem.violated_provisions.through
        through_p = PowerItem.penalty_provisions.through
        created = PowerItem.objects.bulk_create(items, batch_size=BATCH)
        v_rows, p_rows = [], []
        for power, (violated, basis) in zip(created, links, strict=True):
            v_rows += [through_v(poweritem_id=power.pk, provision_id=p.pk) for p in violated]
            p_rows += [through_p(poweritem_id=power.pk, provision_id=p.pk) for p in basis]
            self.changes.append(Change(
                action="poweritem.create", object_type=PowerItem._meta.label, object_id=str(power.pk),
                agency_id=power.agency_id,
                after=snapshot(power, violated_provisions=sorted(p.pk for p in violated),
                               penalty_provisions=sorted(p.pk for p in basis)),
            ))
        through_v.objects.bulk_create(v_rows, batch_size=BATCH)
        through_p.objects.bulk_create(p_rows, batch_size=BATCH)
        self.counts[PowerItem._meta.label] += len(created)

    def power_links(self, t: PowerTemplate) -> tuple[list[Provision], list[Provision]]:
        violated = [self.provisions[(t.law, k)] for k in t.violated]
        basis = [self.provisions[(t.law, k)] for k in t.basis]
        extra = {"coercion": ("行政强制法", "25"), "licensing": ("行政许可法", "42"),
                 "inspection": ("行政处罚法", "54")}.get(t.category)
        if extra:
            basis.append(self.provisions[extra])
        return violated, basis

    def power(self, plan: AgencyPlan, county: Region, t: PowerTemplate, n: int) -> PowerItem:
        post = plan.post_for(t.category)
        rule = self.rules.get(RULE_FOR.get(t.category, ""))
        return PowerItem(
            code=f"{county.code}-{plan.code}-{CATEGORY_CODES[t.category]}-{n:04d}",
            name=t.name, category=t.category, agency=plan.agency, unit=post.unit, post=post,
            procedure=self.procedure(t), time_limit_rule=rule, fee_standard=t.fee,
            penalty_types=list(t.penalty_types), penalty_standard=self.standard(t),
            responsibility_items=data.RESPONSIBILITY.get(t.category, data.RESPONSIBILITY_DEFAULT),
            accountability=data.ACCOUNTABILITY,
        )

    @staticmethod
    def procedure(t: PowerTemplate) -> str:
        if t.category == "penalty":
            light = set(t.penalty_types) <= {"warning", "fine"}
            return "penalty_simple" if light and _minor(t) else "penalty_ordinary"
        return PROCEDURE_FOR.get(t.category, "general")

    def standard(self, t: PowerTemplate) -> str:
        if t.category != "penalty":
            return ""
        law = self.laws[t.law]
        cited = "；".join(f"《{law.name}》{provision_label(k)}：{self.texts[(t.law, k)]}" for k in t.basis)
        return cited + "在法定幅度内按照本机关公布的行政处罚裁量基准确定处罚种类和幅度。"

    # logins -------------------------------------------------------------------------

    def build_users(self) -> None:
        hashed = make_password(data.DEMO_PASSWORD)
        users = []
        for login in data.DEMO_LOGINS:
            agency = self.demo_agencies.get(login.agency) if login.agency else None
            officer = (Officer.objects.filter(agency=agency, name=login.display_name).first()
                       if agency and login.role in ("officer", "legal_reviewer") else None)
            users.append(User(
                username=login.username, password=hashed, role=login.role,
                display_name=login.display_name, agency=agency, officer=officer,
                region=self.demo_county if login.region else None,
                is_staff=login.staff, is_superuser=login.staff, date_joined=JOINED,
            ))
        self.create(users, lambda u: u.agency_id)

    # all of it ----------------------------------------------------------------------

    def run(self, scale: str) -> None:
        self.build_laws()
        for city, county, cd in self.build_regions(scale):
            self.build_county(city, county, cd)
        self.build_users()
        self.audit()


class AgencyPlan:
    """One agency being built: its units, posts and which post handles which kind of power."""

    def __init__(self, agency: Agency, dept: DeptData | None) -> None:
        self.agency = agency
        self.dept = dept
        self.units: list[Unit] = []
        self.posts: list[Post] = []
        self.field_posts: list[Post] = []
        self.by_name: dict[str, Post] = {}
        self.code = dept.code if dept else f"XZ{agency.region.code[-3:]}"

    def unit_specs(self) -> list[tuple[str, str]]:
        if self.dept is None:
            return list(data.TOWNSHIP_UNITS)
        if self.dept.kind == "entrusted":
            return [("综合科", "负责文电、档案、执法统计和执法公示。"),
                    ("法制审核室", "负责案件审核、重大执法决定法制审核和案卷管理。"),
                    ("综合审批协调室", "负责配合委托机关办理依申请事项。"),
                    ("执法一中队", "负责城区片区的日常巡查和案件查处。"),
                    ("执法二中队", "负责乡镇片区的日常巡查和案件查处。")]
        business = [(n, f"负责{n}职责范围内的日常监督检查、案件查处和执法公示，配合法制审核。")
                    for n in self.dept.units]
        team = (f"{self.dept.field}行政执法队", "负责本部门行政处罚案件的调查取证、强制措施实施和执法全过程记录。")
        return [*data.STANDARD_UNITS, *business, team]

    def field_units(self) -> list[Unit]:
        """Units whose people go out to enforce (beyond office, legal and approval units)."""
        return self.units[3:] if self.dept is not None else [self.units[1], self.units[3]]

    def post_objects(self, rng: random.Random) -> list[Post]:
        legal, approval = self._special_units()
        field = self.field_units()
        posts = [Post(agency=self.agency, unit=u, name=f"{u.name}执法岗", headcount=rng.randint(2, 8),
                      duties=f"在{u.name}职责范围内开展监督检查和案件调查，持证执法，两人以上共同实施，"
                             "做好执法全过程记录。")
                 for u in field]
        for name, where, duties in data.POSTS:
            unit = field[0] if where == -1 else legal if where == 1 else approval
            posts.append(Post(agency=self.agency, unit=unit, name=name, duties=duties,
                              headcount=rng.randint(1, 4)))
        self.field_posts = posts[:len(field)] + posts[len(field):len(field) + 3]
        self.by_name = {p.name: p for p in posts}
        return posts

    def _special_units(self) -> tuple[Unit, Unit]:
        if self.dept is None:
            return self.units[2], self.units[0]
        return self.units[1], self.units[2]

    def post_for(self, category: str) -> Post:
        name = {"penalty": "案件调查岗", "licensing": "行政审批岗", "inspection": "执法检查岗",
                "coercion": "案件调查岗", "levy": "行政审批岗", "confirmation": "行政审批岗"}
        return self.by_name[name.get(category, "执法监督岗")]


# --- small functions used above --------------------------------------------------------


def _own_id(agency: Agency) -> int:
    return agency.pk


def _agency_id(obj: Any) -> int:
    return obj.agency_id


def _officer_agency(row: Any) -> int:
    return row.officer.agency_id


def _minor(t: PowerTemplate) -> bool:
    """Items whose typical case is a warning or a small on-the-spot fine (APL art. 51)."""
    return (t.law, t.basis[0]) in {
        ("道路交通安全法", "89"), ("道路交通安全法", "90"), ("道路交通安全法", "93"),
        ("城市市容和环境卫生管理条例", "34"), ("消防法", "60.2"), ("大气污染防治法", "119"),
    }


def _first_penalty_basis(chosen: list[PowerTemplate], law: str) -> str:
    return next(t.basis[0] for t in chosen if t.law == law and t.category == "penalty")


def _dedupe(templates: Iterable[PowerTemplate]) -> list[PowerTemplate]:
    seen: set[tuple[str, str]] = set()
    out = []
    for t in templates:
        if (t.category, t.name) not in seen:
            seen.add((t.category, t.name))
            out.append(t)
    return out


def counts_by_model(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items()))


def build(seed: int = 2026, scale: str = "county") -> dict[str, int]:
    """Build the demo data in one transaction; returns rows written per model."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")
    builder = Builder(seed)
    with transaction.atomic():
        builder.run(scale)
    return counts_by_model(builder.counts)


def is_loaded() -> bool:
    return Agency.objects.exists()


__all__ = ["SCALES", "build", "is_loaded"]

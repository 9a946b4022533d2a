"""Statutory gates for penalty cases. Each raises a refusal naming its article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yifa.cases.models import Case, CaseStep, Consequence, Hearing, PartyKind, PenaltyKind
from yifa.law.models import PowerItem, Provision
from yifa.lib import refcache, rows
from yifa.lib.errors import ActionError, NotFound, refuse
from yifa.registry.models import Agency, Officer, Region, region_tree
from yifa.registry.regions import covers
from yifa.workcal.dated import version_on, versions_by_code
from yifa.workcal.parameters import parameter_on, parameter_row


def require_agency_staff(user: Any, case: Case) -> None:
    """Another agency's case does not exist for this user."""
    if not (getattr(user, "is_authenticated", False) and user.is_agency_staff and user.agency_id == case.agency_id):
        raise NotFound()


#: What the certificate gates read of an officer (a narrow SELECT on every close of an investigation).
GATE_FIELDS = ("id", "name", "agency_id", "status", "valid_from", "valid_until", "area", "area_codes")


def active_officers(case: Case) -> list[Officer]:
    """The case's officers who have not withdrawn."""
    return list(Officer.objects.filter(case_assignments__case_id=case.pk, case_assignments__recused=False)
                .only(*GATE_FIELDS))


def investigators(case: Case) -> set[int]:
    return {a.officer_id for a in case.assignments.all()}


def _names_on_path(path: str) -> frozenset[str]:
    codes = [c for c in path.split("/") if c]
    return frozenset(Region.objects.filter(code__in=codes).values_list("name", flat=True))


def area_names(region: Region) -> frozenset[str]:
    """The region and its ancestors by name (an officer's area is written as a place name)."""
    return refcache.memoised("region_names_on_path", region.path, _names_on_path)


def agency_region_path(agency_id: int) -> str:
    """The materialised path of the agency's region (memoised per process: refcache)."""
    paths = refcache.cached("agency_region_paths",
                            lambda: dict(Agency.objects.values_list("pk", "region__path")))
    return paths[agency_id] if agency_id in paths else Agency.objects.get(pk=agency_id).region.path


def penalty_types_of(power_id: int) -> list[str]:
    """The penalty types the power item sets (memoised per process: the catalogue is reference
    data, refcache)."""
    return refcache.memoised("penalty_types", power_id, lambda pk: list(
        PowerItem.objects.filter(pk=pk).values_list("penalty_types", flat=True).get()))


def require_certified(officers: Sequence[Officer], case: Case, day: dt.date) -> None:
    """APL 42: officers hold a valid certificate for the area on that day."""
    for officer in officers:
        if officer.agency_id != case.agency_id:
            raise refuse(f"{officer.name}不是本机关执法人员", f"{officer.name} is not this agency's officer", "行政处罚法第四十二条")
        if not officer.may_act_on(day):
            raise refuse(f"{officer.name}的执法证件在{day}无效", f"{officer.name} holds no valid certificate on {day}",
                         "行政处罚法第四十二条")
        if not covers(officer.area_codes, agency_region_path(case.agency_id), region_tree()):
            raise refuse(f"{officer.name}的执法区域（{officer.area}）不含本案", f"{officer.name}'s area does not cover this case",
                         "行政处罚法第四十二条")


def require_two_investigators(officers: Sequence[Officer], case: Case, day: dt.date) -> None:
    minimum = int(parameter_on("MIN_INVESTIGATORS", day))
    if len({o.pk for o in officers}) < minimum:
        raise refuse(f"调查取证的执法人员不得少于{minimum}人", f"At least {minimum} officers must investigate",
                     "行政处罚法第四十二条、第五十五条")
    require_certified(officers, case, day)


def limitation_ends(case: Case) -> dt.date:
    """APL 36: 2 years from the end of the act, 5 where life/health or financial safety was harmed."""
    code = "LIMITATION_YEARS_SERIOUS" if case.safety_harm else "LIMITATION_YEARS"
    years = int(parameter_on(code, case.discovered_on))
    end = case.act_ended_on
    try:
        return end.replace(year=end.year + years)
    except ValueError:  # 29 February
        return end.replace(year=end.year + years, day=28)


def require_within_limitation(case: Case) -> None:
    if case.discovered_on > limitation_ends(case):
        raise refuse(
            f"违法行为在{limitation_ends(case)}前未被发现，不再给予行政处罚",
            "The act was not discovered within the limitation period", "行政处罚法第三十六条",
        )


def hearing_threshold(case: Case, day: dt.date) -> Decimal:
    code = "HEARING_FINE_INDIVIDUAL" if case.party_kind == PartyKind.INDIVIDUAL else "HEARING_FINE_ORGANISATION"
    return parameter_on(code, day)


def confiscation_threshold(case: Case, day: dt.date) -> Decimal:
    """APL 63(1)(2): the value of confiscated gains and property together from which the party may
    ask for a hearing (configurable, effective-dated)."""
    individual = case.party_kind == PartyKind.INDIVIDUAL
    return parameter_on("HEARING_CONFISCATION_INDIVIDUAL" if individual else "HEARING_CONFISCATION_ORGANISATION", day)


# --- penalty types (APL 9) as data ------------------------------------------------------------


def kinds_on(day: dt.date) -> dict[str, PenaltyKind]:
    """The penalty types in force on `day`, by code, in their order (memoised per process)."""
    versions = refcache.cached("penalty_kinds", lambda: versions_by_code(PenaltyKind.objects.all()))
    found = [row for rows_ in versions.values() if (row := version_on(rows_, day)) is not None]
    return {k.code: k for k in sorted(found, key=lambda k: (k.position, k.code))}


def allowed_kinds(power_id: int, day: dt.date) -> dict[str, PenaltyKind]:
    """The types the power item sets (by its APL 9 groups), and those that are transferred where
    the agency lacks the power (APL 18(3): detention goes to the public-security organ)."""
    groups = set(penalty_types_of(power_id)) or set(PowerItem.PenaltyType.values)
    return {c: k for c, k in kinds_on(day).items() if k.group in groups or k.transfer_only}


def may_decide(kind: PenaltyKind, power_id: int) -> bool:
    """A transfer-only type is decided only under a power item that sets it."""
    return not kind.transfer_only or kind.group in set(penalty_types_of(power_id))


def require_known_types(case: Case, types: Sequence[str], day: dt.date, field: str) -> dict[str, PenaltyKind]:
    allowed = allowed_kinds(case.power_id, day)
    if not types or not set(types) <= set(allowed):
        raise refuse("处罚种类须是该职权事项设定的、施行中的行政处罚种类", "Penalty types must be those of the power item",
                     "行政处罚法第四条、第九条", field=field)
    return {t: allowed[t] for t in types}


@dataclass(frozen=True)
class Amounts:
    """What a penalty carries: the fine, the confiscated gains, the confiscated property's value."""

    fine: Decimal | None = None
    gains: Decimal | None = None
    property_value: Decimal | None = None

    def of(self, measure: str) -> Decimal | None:
        return {"fine": self.fine, "gains": self.gains, "property": self.property_value}.get(measure)

    @property
    def confiscated(self) -> Decimal:
        return (self.gains or Decimal(0)) + (self.property_value or Decimal(0))


AMOUNT_FIELDS = {"fine": ("fine", "罚款金额"), "gains": ("gains", "没收违法所得金额"),
                 "property": ("property_value", "没收非法财物价值")}


def require_amounts(kinds: dict[str, PenaltyKind], amounts: Amounts, prefix: str) -> None:
    """Each measured type has its positive amount, and only those have one (APL 59(1)(3))."""
    measures = {k.measure for k in kinds.values() if k.measure}
    for measure, (name, label) in AMOUNT_FIELDS.items():
        value = amounts.of(measure)
        if (measure in measures) != (value is not None and value > 0):
            raise ActionError(f"处罚种类含{label[:-2]}的，须填写大于零的{label}；不含的，不填。",
                              f"Give a positive {name} exactly when that penalty is chosen.",
                              field=f"{prefix}_{name}")


def _large(case: Case, kinds: dict[str, PenaltyKind], amounts: Amounts, day: dt.date) -> dict[str, bool]:
    """Which measured types reach the hearing thresholds (fines, and confiscation taken together)."""
    measures = {k.measure for k in kinds.values()}
    large_fine = amounts.fine is not None and amounts.fine >= hearing_threshold(case, day)
    large_conf = bool(measures & {"gains", "property"}) and amounts.confiscated >= confiscation_threshold(case, day)
    return {"fine": large_fine, "gains": large_conf, "property": large_conf}


def _applies(consequence: str, kind: PenaltyKind, large: dict[str, bool]) -> bool:
    return consequence == Consequence.ALWAYS or (consequence == Consequence.LARGE and large.get(kind.measure, False))


def consequences(case: Case, types: Sequence[str], amounts: Amounts, day: dt.date) -> list[dict[str, Any]]:
    """Per type: whether it brings the hearing right (APL 63) and legal review (APL 58), with the
    article the type's row names."""
    kinds = kinds_on(day)
    chosen = {t: kinds[t] for t in types if t in kinds}
    large = _large(case, chosen, amounts, day)
    return [{"code": k.code, "name": k.name, "hearing": _applies(k.hearing, k, large), "hearing_citation": k.hearing_citation,
             "legal_review": _applies(k.legal_review, k, large), "legal_review_citation": k.legal_review_citation}
            for k in chosen.values()]


def _money(amount: Decimal) -> str:
    return f"人民币{amount:,.2f}元"


def effects(case: Case, types: Sequence[str], amounts: Amounts, day: dt.date) -> list[dict[str, Any]]:
    """What the documents print for each type: its text (with its amount or value) and its
    consequences for the hearing right and legal review."""
    kinds = kinds_on(day)
    out = []
    for item in consequences(case, types, amounts, day):
        measure = kinds[item["code"]].measure
        value = amounts.of(measure) if measure else None
        worth = "价值" if measure == "property" else ""
        item["text"] = item["name"] + (f"（{worth}{_money(value)}）" if value is not None and worth else
                                       _money(value) if value is not None else "")
        out.append(item)
    return out


def proposed_amounts(case: Case) -> Amounts:
    return Amounts(case.proposed_fine, case.proposed_gains, case.proposed_property_value)


def decided_amounts(case: Case) -> Amounts:
    return Amounts(case.decided_fine, case.decided_gains, case.decided_property_value)


def has_hearing_right(case: Case, day: dt.date) -> bool:
    """APL 63: large fines or confiscations, lowering qualification, revoking licences, suspension,
    closure, restricting practice, other heavier penalties — as the types' rows say."""
    return any(c["hearing"] for c in consequences(case, case.proposed_types, proposed_amounts(case), day))


def _types_need_review(case: Case, day: dt.date) -> bool:
    return any(c["legal_review"] for c in consequences(case, case.proposed_types, proposed_amounts(case), day))


# --- the party's age and capacity (APL 30, 31) ------------------------------------------------


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_at_act(case: Case) -> int | None:
    """The individual party's age when the act ended (None: no birth date, or an organisation)."""
    if case.party_kind != PartyKind.INDIVIDUAL or case.party_birth_date is None:
        return None
    return age_on(case.party_birth_date, case.act_ended_on)


def is_minor_to_mitigate(case: Case) -> bool:
    """14 to 18 at the time of the act: the penalty is lighter or mitigated (APL 30)."""
    age = age_at_act(case)
    if age is None:
        return False
    return int(parameter_on("AGE_NO_PENALTY", case.act_ended_on)) <= age < int(parameter_on("AGE_FULL_RESPONSIBILITY", case.act_ended_on))


def require_punishable(case: Case, mitigation: str) -> None:
    """APL 30, 31: no penalty under 14 or without capacity; 14-18 is punished more lightly."""
    age = age_at_act(case)
    if age is not None:
        floor = parameter_row("AGE_NO_PENALTY", case.act_ended_on)
        if age < floor.value:
            raise refuse(f"不满{int(floor.value)}周岁的未成年人有违法行为的，不予行政处罚（行为时{age}周岁）",
                         f"No penalty for a person under {int(floor.value)} at the time of the act", "行政处罚法第三十条",
                         field="outcome")
    if case.incapacity_found:
        raise refuse("精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚",
                     "No penalty for a person who could not understand or control the act", "行政处罚法第三十一条",
                     field="outcome")
    if is_minor_to_mitigate(case) and not mitigation:
        raise refuse("已满十四周岁不满十八周岁的未成年人有违法行为的，应当从轻或者减轻行政处罚",
                     "A minor of 14 to 18 is punished more lightly or mitigated", "行政处罚法第三十条",
                     field="mitigation")


def hearing_held_on(case: Case) -> dt.date | None:
    """The day of the latest hearing held on any of the case's notices (None: never heard)."""
    return rows.latest_date(Hearing, "held_on", case_id=case.pk)


def needs_legal_review(case: Case, day: dt.date) -> bool:
    """APL 58 and the agency's catalogue of major decisions (defaults: the hearing thresholds,
    licence and restriction measures, serious cases, and any case that was heard)."""
    return _types_need_review(case, day) or has_hearing_right(case, day) or case.serious or hearing_held_on(case) is not None


def last_step(case: Case, step: str) -> CaseStep | None:
    return case.steps.filter(step=step).order_by("-at", "-id").first()


def sent_back(case: Case) -> bool:
    """The last legal review failed and sent the case back for further investigation, and the
    investigation has not been closed again since."""
    last = case.steps.filter(step__in=("investigate", "legal_review")).order_by("-at", "-id").first()
    return bool(last and last.step == "legal_review" and not last.data.get("passed"))


def reviewed_since_notice(case: Case) -> bool:
    """No notice yet, or the head has reviewed the proposal again since the last one: a (new)
    proposed decision the party has not yet been told of (APL 44)."""
    if case.notice_round == 0:
        return True
    last = case.steps.filter(step__in=("review", "notify")).order_by("-at", "-id").first()
    return bool(last and last.step == "review")


def legal_review_passed(case: Case, since: dt.date | None = None, until: dt.date | None = None) -> bool:
    review = last_step(case, "legal_review")
    return bool(review and review.data.get("passed") and (since is None or review.on_date >= since)
                and (until is None or review.on_date <= until))


def require_legal_review(case: Case, day: dt.date) -> None:
    if not needs_legal_review(case, day):
        return
    if not legal_review_passed(case, since=hearing_held_on(case), until=day):
        raise refuse("本案属于重大执法决定，未经法制审核或审核未通过的，不得作出决定",
                     "A major decision needs a passed legal review first", "行政处罚法第五十八条")


def require_discussion(case: Case) -> None:
    if case.serious and last_step(case, "discuss") is None:
        raise refuse("情节复杂或者重大违法行为给予行政处罚，应当由负责人集体讨论决定",
                     "Serious cases are decided by the heads collectively", "行政处罚法第五十七条第二款")


def require_not_heavier(case: Case, types: Sequence[str], amounts: Amounts | Decimal | None, what: str = "决定") -> None:
    """APL 45, 62: the decision may not exceed what was notified (arguing never increases it)."""
    if not isinstance(amounts, Amounts):
        amounts = Amounts(fine=amounts)
    if not set(types) <= set(case.proposed_types):
        raise refuse(f"{what}的处罚种类超出事先告知的范围", "Penalty types exceed those notified", "行政处罚法第四十四条、第四十五条")
    notified = proposed_amounts(case)
    for measure, (_name, label) in AMOUNT_FIELDS.items():
        value, before = amounts.of(measure), notified.of(measure)
        if value is not None and (before is None or value > before):
            raise refuse(f"{what}的{label}高于事先告知的{label}", f"The {_name} is higher than notified",
                         "行政处罚法第四十五条第二款")


# --- the provisions a case applies (违则 and 罚则) ---------------------------------------------

#: The two kinds of provision a case cites: the one violated and the one the penalty rests on, each
#: offered from the power item's own (PowerItem.violated_provisions / penalty_provisions).
PROVISION_KINDS = {"violated": "violated_provisions", "penalty": "penalty_provisions"}


def power_provisions(power_id: int, which: str) -> list[Provision]:
    """The power item's provisions of one kind ("violated" or "penalty"), in the law's order
    (reference data: read once per version of it, yifa.lib.refcache)."""
    return refcache.memoised("power_provisions", (power_id, which), _power_provisions)


def _power_provisions(key: tuple[int, str]) -> list[Provision]:
    power_id, which = key
    field = PROVISION_KINDS[which]
    related = "violated_by_powers" if field == "violated_provisions" else "basis_of_powers"
    return list(Provision.objects.filter(**{related: power_id}).select_related("law").order_by("law__name", "article", "label"))


def provision_entry(provision: Provision, day: dt.date) -> dict[str, Any]:
    """A provision as the case keeps it: with the version in force on `day` (the day the act ended,
    APL 37), its dates and text; no version where none is loaded."""
    version = refcache.memoised("provision_versions", (provision.pk, day), lambda key: provision.version_on(day))
    return {"id": provision.pk, "label": str(provision),
            "version_id": version.pk if version else None,
            "effective_from": version.effective_from.isoformat() if version else "",
            "text": version.text if version else ""}


def chosen_provisions(case: Case, which: str, chosen: Sequence[Provision] | None, field: str) -> list[dict[str, Any]]:
    """The provisions of one kind the case will cite: those chosen (each must be one of the power
    item's, else the choice is refused), or all the power item's where none is chosen."""
    offered = {p.pk: p for p in power_provisions(case.power_id, which)}
    if not chosen:
        picked = list(offered.values())
    else:
        outside = [p for p in chosen if p.pk not in offered]
        if outside:
            raise refuse(f"所选条款“{outside[0]}”不是本案职权事项的{'违则' if which == 'violated' else '罚则'}",
                         f"Provision {outside[0].pk} is not one of the power item's {which} provisions",
                         "行政处罚法第四十条", field=field)
        picked = [offered[p.pk] for p in sorted(chosen, key=lambda p: list(offered).index(p.pk))]
    return [provision_entry(p, case.act_ended_on) for p in dict.fromkeys(picked)]

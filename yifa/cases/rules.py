"""Statutory gates for penalty cases. Each raises a refusal naming its article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from yifa.cases.models import Case, CaseStep, Hearing, PartyKind
from yifa.law.models import PowerItem
from yifa.lib import refcache, rows
from yifa.lib.errors import NotFound, refuse
from yifa.registry.models import Agency, Officer, Region, region_tree
from yifa.registry.regions import covers
from yifa.workcal.parameters import parameter_on

# Penalties that always carry the hearing right and mandatory legal review (APL 63, 58).
HEAVY_TYPES = frozenset({PowerItem.PenaltyType.LICENCE, PowerItem.PenaltyType.RESTRICTION})


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


def has_hearing_right(case: Case, day: dt.date) -> bool:
    """APL 63: large fines, licence measures, suspension/closure, restricting practice."""
    large_fine = case.proposed_fine is not None and case.proposed_fine >= hearing_threshold(case, day)
    return large_fine or bool(HEAVY_TYPES & set(case.proposed_types))


def hearing_held_on(case: Case) -> dt.date | None:
    """The day of the latest hearing held on any of the case's notices (None: never heard)."""
    return rows.latest_date(Hearing, "held_on", case_id=case.pk)


def needs_legal_review(case: Case, day: dt.date) -> bool:
    """APL 58 and the agency's catalogue of major decisions (defaults: the hearing thresholds,
    licence and restriction measures, serious cases, and any case that was heard)."""
    return has_hearing_right(case, day) or case.serious or hearing_held_on(case) is not None


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


def require_not_heavier(case: Case, types: Sequence[str], fine: Decimal | None, what: str = "决定") -> None:
    """APL 45, 62: the decision may not exceed what was notified (arguing never increases it)."""
    if not set(types) <= set(case.proposed_types):
        raise refuse(f"{what}的处罚种类超出事先告知的范围", "Penalty types exceed those notified", "行政处罚法第四十四条、第四十五条")
    if fine is not None and (case.proposed_fine is None or fine > case.proposed_fine):
        raise refuse(f"{what}的罚款金额高于事先告知的金额", "The fine is higher than notified", "行政处罚法第四十五条第二款")

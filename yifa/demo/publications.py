"""The demo's public portal: every served penalty decision and granted licence of the demo is
drafted from its record and released by its agency's head (as the disclosure hook and the head
would), and one is withdrawn, so the portal shows each state. Deterministic: records in id order,
dated on the demo's fixed calendar (yifa.demo.cases._day), whatever day the demo is built."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from yifa.accounts.models import Role, User
from yifa.cases import simple
from yifa.cases.models import Case, CaseOutcome, CaseStatus
from yifa.demo.cases import Story, _day
from yifa.disclosure import actions
from yifa.disclosure.models import Publication
from yifa.lib.idcodes import resident_id_check_char
from yifa.licensing.models import LicenceApplication, LicensingOutcome

SERVED = (CaseStatus.SERVED, CaseStatus.CLOSED, CaseStatus.ARCHIVED)


def _heads() -> dict[int, User]:
    heads: dict[int, User] = {}
    for user in User.objects.filter(role=Role.AGENCY_HEAD, agency__isnull=False).order_by("id"):
        assert user.agency_id is not None
        heads.setdefault(user.agency_id, user)
    return heads


def _release_day(decided: dt.date) -> dt.date:
    return decided + dt.timedelta(days=2)


def spot_fine_on_a_person() -> Case:
    """An on-the-spot fine on a named individual with ID number, mobile and home address, all of
    which the officer also typed into the facts: what the portal must mask (tests/test_portal_crawl.py)."""
    story = Story()
    body = "33072619850315004"
    party_id, phone, home = body + resident_id_check_char(body), "13905791234", "浦江县浦阳街道公园路8幢302室"
    assert story.officer.officer is not None
    assert story.colleague is not None
    decided = _day(83)  # on the demo's fixed calendar, like the story cases
    return simple.decide_on_the_spot(
        agency=story.agency, power=story.simple_power, officers=[story.officer.officer, story.colleague],
        decided_on=decided, decided_types=["fine"], decided_fine=Decimal("100"), acting_user=story.officer,
        facts=f"当事人陈小明（身份证号{party_id}，手机{phone}，住{home}）在仙华路口占道经营，当场责令改正。",
        party_kind="individual", party_name="陈小明", party_code=party_id, party_phone=phone, party_address=home,
        title="陈小明占道经营案")


def build_publications() -> dict[str, int]:
    heads = _heads()
    made: list[Publication] = []
    with transaction.atomic():
        spot_fine_on_a_person()
        cases = Case.objects.filter(status__in=SERVED, outcome=CaseOutcome.PENALTY, agency_id__in=heads)
        for case in cases.select_related("agency", "power").order_by("id"):
            made.append(actions.draft_from_case(case, acting_user=heads[case.agency_id]))
        apps = LicenceApplication.objects.filter(outcome=LicensingOutcome.GRANTED, agency_id__in=heads)
        for app in apps.select_related("agency", "power").order_by("id"):
            made.append(actions.draft_from_licence(app, acting_user=heads[app.agency_id]))
        released = [actions.release(p, released_on=_release_day(p.decided_on), acting_user=heads[p.agency_id])
                    for p in made[:-1]]  # the last stays a draft: waiting for review
        if len(released) > 1:
            first = released[0]
            day = max(first.released_on or first.decided_on, _day(84))
            actions.withdraw(first, reason="revoked", changed_on=day, withdrawn_on=day,
                             explanation="该处罚决定已被县人民政府行政复议决定撤销，原公示信息予以撤回。",
                             acting_user=heads[first.agency_id])
    return {"公示决定（示例）/ published decisions": len(made)}

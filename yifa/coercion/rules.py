"""The statutory gates of seizure and detention (行政强制法), each refusal naming its article.

Coercive measures are governed by the Administrative Coercion Law, not the penalty law: two or
more certified officers carry them out (ACL 17(3), 18(2)), prior approval (18(1)) unless an
emergency (19), the term and its one extension (25), release when the term runs out (28(1)(4)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from yifa.coercion.models import Measure
from yifa.lib.errors import ActionError, refuse
from yifa.registry.models import Agency, Officer, region_tree
from yifa.registry.regions import covers
from yifa.workcal.parameters import parameter_on

#: ACL 19: "二十四小时内" — hours, from when the measure was carried out.
EMERGENCY_REPORT = dt.timedelta(hours=24)
ACL_OFFICERS = "行政强制法第十八条第（二）项"
ACL_QUALIFIED = "行政强制法第十七条第三款、第十八条第（二）项"
ACL_APPROVAL = "行政强制法第十八条第（一）项"
ACL_EMERGENCY = "行政强制法第十九条"
ACL_TERM = "行政强制法第二十五条"


def require_officers(officers: Sequence[Officer], agency: Agency, day: dt.date) -> None:
    """ACL 18(2): carried out by two or more of the agency's officers, each with a certificate
    valid on the day for the agency's region (ACL 17(3))."""
    minimum = int(parameter_on("ACL_MIN_OFFICERS", day))
    if len({o.pk for o in officers}) < minimum:
        raise refuse(f"行政强制措施应当由{minimum}名以上行政执法人员实施", f"At least {minimum} officers must carry out the measure",
                     ACL_OFFICERS, field="officers")
    region_path = agency.region.path
    for officer in officers:
        if officer.agency_id != agency.pk:
            raise refuse(f"{officer.name}不是本机关执法人员", f"{officer.name} is not this agency's officer", ACL_QUALIFIED,
                         field="officers")
        if not officer.may_act_on(day):
            raise refuse(f"{officer.name}的执法证件在{day}无效", f"{officer.name} holds no valid certificate on {day}",
                         ACL_QUALIFIED, field="officers")
        if not covers(officer.area_codes, region_path, region_tree()):
            raise refuse(f"{officer.name}的执法区域（{officer.area}）不含本机关辖区",
                         f"{officer.name}'s certified area does not cover this agency's region", ACL_QUALIFIED,
                         field="officers")


def require_approval_or_emergency(emergency: bool, emergency_reason: str) -> None:
    """ACL 18(1): approval first; carried out before it only in an emergency, with its reasons (19)."""
    if emergency and not emergency_reason.strip():
        raise refuse("实施行政强制措施前须向行政机关负责人报告并经批准；情况紧急需要当场实施的，须写明理由",
                     "The measure needs the head's prior approval; without it only in an emergency, with reasons",
                     ACL_APPROVAL, field="emergency_reason")


def carried_out(at: dt.datetime | None, started_on: dt.date, emergency: bool) -> dt.datetime | None:
    """When the measure was carried out (a naive time is read as local time): required for an
    emergency measure, whose 24-hour report runs from it (ACL 19); never in the future, and on the
    day the measure started."""
    if at is None:
        if emergency:
            raise refuse("当场实施的，须填写实施时间（24小时内报告负责人，自实施时起算）",
                         "Give the time the measure was carried out (the 24-hour report runs from it)", ACL_EMERGENCY,
                         field="carried_out_at")
        return None
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > timezone.now():
        raise ActionError("实施时间不能晚于现在。", "The measure cannot have been carried out in the future.",
                          field="carried_out_at")
    if timezone.localtime(at).date() != started_on:
        raise ActionError("实施时间应在实施日期当天。", "The time carried out must fall on the day the measure started.",
                          field="carried_out_at")
    return at


def require_within_term(measure: Measure, day: dt.date) -> None:
    """ACL 25: the extension is decided within the term; once it has run out the measure must be
    released (ACL 28(1)(4)), not extended."""
    if measure.lapsed_on(day):
        raise refuse(f"查封、扣押期限已于{measure.ends_on}届满，不得延长，应当解除（行政强制法第二十八条第一款第（四）项）",
                     f"The term ran out on {measure.ends_on}: it can no longer be extended and the measure must be "
                     "released (ACL art. 28(1)(4))", ACL_TERM)

"""Public evaluation (评议): cycles with their questionnaire (questions as data), one answer per
person, agency and cycle without an account, and the results per agency (`public_scores`, which
the evaluation module reads).

One answer per person: the respondent gives a mobile number, which is not stored — only
HMAC-SHA256(SECRET_KEY, cycle id ‖ number), unique per cycle and agency. The number is NOT
verified (no SMS): this stops repeat answers by honest people and casual stuffing, not a
determined person with many phone numbers; the per-IP rate limit on the form (throttle.py) slows
that down. A verification step can be added later without changing the stored key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone

from yifa.accounts.models import Role
from yifa.audit.record import record, snapshot
from yifa.complaints.models import EvaluationAnswer, EvaluationCycle, EvaluationQuestion, EvaluationRating
from yifa.lib.bounds import check_business_date, check_text
from yifa.lib.errors import ActionError, Forbidden, refuse
from yifa.lib.idcodes import canonical_phone
from yifa.registry.models import Agency, Region

if TYPE_CHECKING:
    from yifa.accounts.models import User

CITATION = "国办发〔2018〕118号；法治政府建设实施纲要"
MOBILE_LENGTH = 11


def voter_key(cycle: EvaluationCycle, phone: str) -> str:
    message = f"{cycle.pk}:{phone}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def is_open(cycle: EvaluationCycle, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return cycle.opens_on <= today <= cycle.closes_on


def agencies_of(cycle: EvaluationCycle) -> Any:
    """The agencies evaluated in the cycle: those of its region's subtree."""
    return Agency.objects.filter(region__path__startswith=cycle.region.path).order_by("name")


def create_cycle(*, name: str, region: Region, opens_on: dt.date, closes_on: dt.date, questions: Sequence[str],
                 acting_user: User) -> EvaluationCycle:
    """The county legal office opens a cycle for its region, with its questions (data)."""
    own = acting_user.region
    if not (acting_user.is_sysadmin or (acting_user.role == Role.SUPERVISOR and own is not None
                                        and region.path.startswith(own.path))):
        raise Forbidden.because("只有本区域的司法行政部门可以组织评议", "Only the region's legal office organises evaluation",
                                CITATION)
    check_business_date(opens_on, "opens_on", "开始日期")
    check_business_date(closes_on, "closes_on", "截止日期")
    if closes_on < opens_on:
        raise ActionError("截止日期不能早于开始日期。", "The cycle cannot close before it opens.", field="closes_on")
    texts = [check_text(q.strip(), "questions", "问题") for q in questions if q.strip()]
    if not texts or not name.strip():
        raise ActionError("请填写名称和至少一个问题。", "Give a name and at least one question.", field="questions")
    with transaction.atomic():
        cycle = EvaluationCycle.objects.create(name=name.strip(), region=region, opens_on=opens_on, closes_on=closes_on)
        for number, text in enumerate(texts, 1):
            EvaluationQuestion.objects.create(cycle=cycle, number=number, text=text[:200])
        record("evaluation.cycle", cycle, acting_user=acting_user, after=snapshot(cycle) | {"questions": texts})
    return cycle


def submit_answer(cycle: EvaluationCycle, agency: Agency, *, phone: str, scores: Mapping[int, int], comment: str = "",
                  acting_user: User | None) -> EvaluationAnswer:
    """One person's answer about one agency: every question rated 1–5, while the cycle is open."""
    if not is_open(cycle):
        raise refuse("评议不在开放期间", "The evaluation is not open", CITATION)
    if not agencies_of(cycle).filter(pk=agency.pk).exists():
        raise ActionError("该机关不在本次评议范围内。", "This agency is not evaluated in this cycle.", field="agency")
    phone = canonical_phone(phone, field="phone")
    if len(phone) != MOBILE_LENGTH:
        raise ActionError("请填写11位手机号码（只用于防止重复提交，不保存号码本身）。",
                          "Give an 11-digit mobile number (used only to stop repeat answers; not stored).", field="phone")
    questions = list(cycle.questions.order_by("number"))
    if {q.pk for q in questions} != set(scores) or any(not isinstance(s, int) or not 1 <= s <= 5
                                                       for s in scores.values()):
        raise ActionError("请对每个问题评1至5分。", "Rate every question from 1 to 5.", field="scores")
    comment = check_text((comment or "").strip(), "comment", "意见建议")[:2000]
    voter = voter_key(cycle, phone)
    try:
        with transaction.atomic():
            answer = EvaluationAnswer.objects.create(cycle=cycle, agency=agency, voter=voter, comment=comment,
                                                     submitted_at=timezone.now())
            EvaluationRating.objects.bulk_create(
                EvaluationRating(answer=answer, question=q, score=scores[q.pk]) for q in questions)
            record("evaluation.answer", answer, acting_user=acting_user,
                   after={"cycle": cycle.pk, "agency": agency.pk, "scores": {str(k): v for k, v in scores.items()}})
    except IntegrityError:
        raise ActionError("本次评议中您已评价过该机关。", "You have already evaluated this agency in this cycle.",
                          field="phone") from None
    return answer


@dataclass(frozen=True)
class AgencyScore:
    agency_id: int
    agency_name: str
    answers: int
    #: The mean of all ratings, on 1–5, and as a score out of 100 (1 → 0, 5 → 100).
    mean: Decimal | None
    score: Decimal | None


def _two_places(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def public_scores(cycle: EvaluationCycle) -> list[AgencyScore]:
    """The cycle's results per agency of its region (agencies nobody evaluated included, with
    None): what the evaluation module takes as the public's part of the external indicator."""
    answers = dict(EvaluationAnswer.objects.filter(cycle=cycle).values("agency").annotate(n=Count("id"))
                   .values_list("agency", "n"))
    means = dict(EvaluationRating.objects.filter(answer__cycle=cycle).values("answer__agency")
                 .annotate(m=Avg("score")).values_list("answer__agency", "m"))
    out = []
    for agency in agencies_of(cycle).only("pk", "name"):
        mean = _two_places(means.get(agency.pk))
        score = None if mean is None else _two_places((mean - 1) * 25)
        out.append(AgencyScore(agency.pk, agency.name, answers.get(agency.pk, 0), mean, score))
    return out

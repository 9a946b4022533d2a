"""What a document says: a plain dict built from the case (and its evidence, officers).

Keys are the template variables of yifa/documents/templates_docx/*.docx; every value is
a string, a list of strings, or a bool, so the same dict fills the .docx and is stored
with the Document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from yifa.discretion.models import Assessment
from yifa.evidence.actions import Case
from yifa.evidence.models import Evidence, Preservation
from yifa.law.models import PowerItem
from yifa.workcal.calendar import UnknownRule, apply_rule
from yifa.workcal.parameters import UnknownParameter
from yifa.workcal.remedies import remedy_lapses


def zh_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def money(amount: Decimal | None) -> str:
    return f"人民币{amount:,.2f}元" if amount is not None else ""


def penalty_text(types: list[str], fine: Decimal | None, effects: list[dict[str, Any]] | None = None) -> str:
    """The penalties in words: from the case's recorded effects (each APL 9 type with its amount or
    value), else from the power catalogue's group labels (cases decided before the types were data)."""
    if effects:
        return "；".join(str(e.get("text") or e.get("name", "")) for e in effects)
    labels = dict(PowerItem.PenaltyType.choices)
    parts = [labels.get(t, t) for t in types if t != PowerItem.PenaltyType.FINE]
    if fine is not None:
        parts.append(f"罚款{money(fine)}")
    elif PowerItem.PenaltyType.FINE in types:
        parts.append("罚款")
    return "；".join(parts)


def penalty_notes(case: Case) -> list[str]:
    """What the decided types bring (APL 63 hearing right, APL 58 legal review), the mitigation of a
    minor (APL 30) and a transfer of detention (APL 18(3)): one line each, for the decision."""
    effects = (getattr(case, "penalty_effects", None) or {}).get("decided") or []
    notes = []
    for e in effects:
        parts = [f"当事人依法享有要求听证的权利（{e.get('hearing_citation', '')}）" if e.get("hearing") else "",
                 f"作出决定前已经法制审核（{e.get('legal_review_citation', '')}）" if e.get("legal_review") else ""]
        if any(parts):
            notes.append(f"{e.get('name', '')}：" + "；".join(p for p in parts if p))
    mitigation = getattr(case, "mitigation", "")
    if mitigation:
        notes.append(("依法从轻处罚" if mitigation == "lighter" else "依法减轻处罚") + "（当事人违法时已满十四周岁不满十八周岁，行政处罚法第三十条）")
    if getattr(case, "detention_transferred", False):
        notes.append("涉及行政拘留的，依法移送公安机关处理（行政处罚法第十八条第三款）")
    return notes


def agency_context(agency: Any) -> dict[str, Any]:
    return {
        "agency_id": agency.pk,
        "agency_name": agency.name,
        "agency_short": agency.short_name,
        "agency_address": agency.address,
        "agency_phone": agency.phone,
        "reconsideration_body": agency.parent_government,
        "court": f"{agency.region.name}人民法院",
    }


def _officers(case: Case) -> list[str]:
    rows = case.assignments.filter(recused=False).select_related("officer").order_by("-is_lead", "id")
    return [f"{a.officer.name}（执法证号：{a.officer.certificate_no}）" for a in rows]


def _evidence(case: Case) -> list[str]:
    rows = Evidence.objects.filter(case=case).order_by("collected_on", "id")
    return [f"{e.get_kind_display()}：{e.title}" for e in rows]


def _preservations(case: Case) -> list[str]:
    rows = Preservation.objects.filter(case=case).order_by("preserved_on", "id")
    return [f"{zh_date(p.preserved_on)} 先行登记保存：{p.items}" for p in rows]


def _provisions(power: PowerItem, which: str) -> list[str]:
    return [str(p) for p in getattr(power, which).select_related("law").order_by("law__name", "article")]


def cited_provisions(case: Case) -> dict[str, list[str]]:
    """The provisions the case cites, the same in every line of every document: those chosen at the
    review (kept on the case with their versions), else the power item's (before the review)."""
    kept = getattr(case, "provisions", None) or {}
    violated = [str(p["label"]) for p in kept.get("violated") or []]
    penalty = [str(p["label"]) for p in kept.get("penalty") or []]
    if kept:
        return {"violated_provisions": violated, "penalty_provisions": penalty}
    return {"violated_provisions": _provisions(case.power, "violated_provisions"),
            "penalty_provisions": _provisions(case.power, "penalty_provisions")}


def found_facts(case: Case) -> str:
    """The facts as found at the close of the investigation (调查终结, its latest record: a case sent
    back is investigated again); empty before it — never the lead's source text."""
    note = (case.steps.filter(step="investigate").order_by("-at", "-id").values_list("note", flat=True).first())
    return (note or "").strip().removeprefix("经查，").removeprefix("经查,")


_DIGITS = "零一二三四五六七八九"


def zh_count(n: int) -> str:
    """A count in Chinese words, as periods are written in documents: 3 → 三, 15 → 十五, 60 → 六十."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def period_words(count: int, unit: str) -> str:
    """A rule's period in words: 3 working days → 三个工作日, 15 calendar days → 十五日."""
    return f"{zh_count(count)}个工作日" if unit == "working" else f"{zh_count(count)}日"


def _rule_period(code: str, start: dt.date | None) -> dict[str, Any]:
    """A statutory period counted from `start` by its rule (yifa.workcal: the one deadline function):
    its words, its last day and its citation. Empty where there is no start or no rule in force."""
    none: dict[str, Any] = {"period": "", "due": None, "citation": ""}
    if start is None:
        return none
    try:
        found = apply_rule(code, start)
    except UnknownRule:
        return none
    return {"period": period_words(found.rule.count, found.rule.unit), "due": found.deadline.due,
            "citation": found.rule.citation}


def party_deadlines(case: Case) -> dict[str, Any]:
    """Every period the party must know, with its date, computed by the deadline rules:
    the statement and defence period and the hearing request (from the notice, received the day it
    is dated), the day after which the rights lapse; the payment and the remedies (from service)."""
    ctx: dict[str, Any] = {}
    lapse: list[dt.date] = []
    for key, code, start in (("statement", "APL_STATEMENT", case.notified_on),
                             ("hearing_request", "APL_HEARING_REQUEST", case.notified_on),
                             ("payment", "APL_PAYMENT", case.served_on)):
        period = _rule_period(code, start)
        ctx |= {f"{key}_period": period["period"], f"{key}_due": zh_date(period["due"]),
                f"{key}_citation": period["citation"]}
        if period["due"] and (key == "statement" or (key == "hearing_request" and case.hearing_right)):
            lapse.append(period["due"])
    # The rights lapse after the last of the periods that apply (the hearing's only with the right).
    ctx["rights_lapse_on"] = zh_date(max(lapse)) if lapse else ""
    # Payment and the remedies run from service: their days once served; before it (the decision is
    # made, then served), the periods in force on the decision's day (or today's, before a decision).
    start = case.served_on or case.decided_on or timezone.localdate()
    if not ctx["payment_period"]:
        ctx["payment_period"] = _rule_period("APL_PAYMENT", start)["period"]
    ctx["payment_due"] = zh_date(case.payment_due) if case.payment_due else ctx["payment_due"]
    return ctx | remedy_periods(start, served=case.served_on is not None)


def remedy_periods(start: dt.date, *, served: bool) -> dict[str, str]:
    """The reconsideration and lawsuit periods in words, by the rules in force on `start`
    (yifa.workcal.remedies), and their last days once the decision is served (`start` is then the
    day of service). Blank where no period is in force that day."""
    try:
        lapses = remedy_lapses(start)
    except (UnknownRule, UnknownParameter):  # no period in force that day: the documents that print it say so blank
        return dict.fromkeys(("reconsideration_period", "lawsuit_period", "reconsideration_due", "lawsuit_due"), "")
    return {
        "reconsideration_period": f"{zh_count(lapses.reconsideration_days)}日",
        "lawsuit_period": f"{zh_count(lapses.lawsuit_months)}个月",
        "reconsideration_due": zh_date(lapses.reconsideration) if served else "",
        "lawsuit_due": zh_date(lapses.lawsuit) if served else "",
    }


def licensing_periods(decided_on: dt.date, served_on: dt.date | None = None) -> dict[str, str]:
    """The licensing decision's periods, computed by the deadline rules like the penalty documents':
    the licence issued and served within `ALL_CERTIFICATE` of the decision (行政许可法 44, 82) with its
    last day; the remedies from service (their last days once `served_on` is known), before it by the
    rules in force on the decision's day."""
    certificate = _rule_period("ALL_CERTIFICATE", decided_on)
    return {"certificate_period": certificate["period"], "certificate_due": zh_date(certificate["due"]),
            **remedy_periods(served_on or decided_on, served=served_on is not None)}


def _discretion_reasoning(case: Case) -> str:
    """The discretion benchmark's explanation kept with the decision (APL 34), for its reasoning."""
    a = Assessment.objects.filter(case_id=case.pk, decided=True).order_by("-id").first()
    if a is None:
        return ""
    text = str(a.explanation.get("text", ""))
    if a.outside_band:
        text += f"本决定未采用上述建议，理由：{a.outside_reasons}（已经法制审核）。"
    return text


def _hearing(hearing: Any) -> dict[str, Any]:
    """The hearing on the current notice (the one a 听证通知书 is about)."""
    if hearing is None:
        return {"hearing_requested_on": "", "hearing_notice_date": "", "hearing_time": "", "hearing_host": "",
                "hearing_public": True}
    return {
        "hearing_requested_on": zh_date(hearing.requested_on),
        "hearing_notice_date": zh_date(hearing.notice_served_on),
        "hearing_time": zh_date(hearing.scheduled_for),
        "hearing_host": hearing.chair.name if hearing.chair else "",
        "hearing_public": hearing.public,
    }


def _preserved_on(case: Case) -> dt.date | None:
    return (Preservation.objects.filter(case=case).order_by("-preserved_on", "-id")
            .values_list("preserved_on", flat=True).first())


def _hearing_notice_date(case: Case) -> dt.date | None:
    hearing = case.current_hearing
    return hearing.notice_served_on if hearing else None


#: The step each kind of case document records, by the date the case keeps for it. A kind not
#: listed (询问笔录, 现场检查笔录) is dated the day it is made, which is the day of the interview.
STEP_DATES: dict[str, Callable[[Case], dt.date | None]] = {
    "case_opening": lambda c: c.opened_on,              # 立案审批表
    "preservation_notice": _preserved_on,               # 先行登记保存通知书
    "prior_notice": lambda c: c.notified_on,            # 事先告知书 (the latest notice)
    "hearing_notice": _hearing_notice_date,             # 听证通知书
    "penalty_decision": lambda c: c.decided_on,         # 行政处罚决定书
    "service_receipt": lambda c: c.served_on,           # 送达回证
    "closing_approval": lambda c: c.closed_on,          # 结案审批表
}


def document_date(case: Case, kind_code: str) -> dt.date | None:
    """The date of the step the document records; None where it records none (yet)."""
    step_date = STEP_DATES.get(kind_code)
    return step_date(case) if step_date else None


def context_for_case(case: Case) -> dict[str, Any]:
    """Every field a case's documents need, read from the case as it stands now."""
    power = case.power
    ctx = agency_context(case.agency)
    ctx.update({
        "case_id": case.pk,
        "case_number": case.number,
        "case_title": case.title,
        "case_source": case.get_source_display(),
        "source_detail": case.source_detail,
        "facts": found_facts(case),
        "procedure": case.get_procedure_display(),
        "registered_on": zh_date(case.registered_on),
        "opened_on": zh_date(case.opened_on),
        "discovered_on": zh_date(case.discovered_on),
        "act_ended_on": zh_date(case.act_ended_on),
        "party_kind": case.get_party_kind_display(),
        "party_name": case.party_name,
        "party_code": case.party_code,
        "party_address": case.party_address,
        "party_phone": case.party_phone,
        "power_code": power.code,
        "power_name": power.name,
        **cited_provisions(case),
        "officers": _officers(case),
        "evidence": _evidence(case),
        "preservations": _preservations(case),
        "proposed_penalty": penalty_text(case.proposed_types, case.proposed_fine,
                                         (getattr(case, "penalty_effects", None) or {}).get("proposed")),
        "hearing_right": case.hearing_right,
        "notified_on": zh_date(case.notified_on),
        "outcome": case.get_outcome_display() if case.outcome else "",
        "decided_penalty": penalty_text(case.decided_types, case.decided_fine,
                                        (getattr(case, "penalty_effects", None) or {}).get("decided")),
        "penalty_notes": penalty_notes(case),
        "decided_fine": money(case.decided_fine),
        "discretion_reasoning": _discretion_reasoning(case),
        "decided_on": zh_date(case.decided_on),
        "decision_number": case.decision_number,
        "served_on": zh_date(case.served_on),
        "service_method": case.service_method,
        "paid_on": zh_date(case.paid_on),
        "closed_on": zh_date(case.closed_on),
        "notice_round": case.notice_round,
    })
    ctx.update(party_deadlines(case))
    ctx.update(_hearing(case.current_hearing))
    return ctx

"""The ledger's reads, for the pages and the API: notices with what they owe today, statements,
lines needing attention, the cash hand-over record and the property reconciliation report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yifa.cases.models import OnSpotCollection
from yifa.fines.ledger import Account
from yifa.fines.models import BankPayment, PaymentNotice, Property
from yifa.fines.surcharge import Part, Rates, rates_on
from yifa.registry import access
from yifa.web.lists import Page, page_of

#: Days before the court-enforcement deadline from which a notice is flagged.
ENFORCE_NEAR_DAYS = 30


def account_of(notice: PaymentNotice) -> Account:
    """The notice's figures from its prefetched instalments, pauses and accepted payments."""
    return Account(
        notice.fine, notice.due_on,
        schedule=[Part(i.amount, i.due_on) for i in notice.instalments.all()],
        pauses=[(p.started_on, p.ended_on) for p in notice.pauses.all()],
        payments=[(p.paid_on, p.amount) for p in notice.payments.all()
                  if p.unique_ref and p.outcome != BankPayment.Outcome.UNMATCHED])


def notice_state(notice: PaymentNotice, account: Account, today: dt.date, rates: Rates) -> str:
    if notice.fine_paid_on is not None and account.outstanding_on(today, rates) <= 0:
        return "paid"
    if notice.fine_paid_on is not None:
        return "surcharge"
    due = max((p.due_on for p in account.parts), default=notice.due_on)
    if today <= due:
        return "due"
    return "enforce" if (notice.enforce_by - today).days <= ENFORCE_NEAR_DAYS else "overdue"


def notice_row(notice: PaymentNotice, today: dt.date, rates: Rates) -> dict[str, Any]:
    account = account_of(notice)
    return {"notice": notice, "case_label": notice.case_decision_number or notice.case_title,  # type: ignore[attr-defined]
            "state": notice_state(notice, account, today, rates),
            "surcharge": account.surcharge_on(today, rates),
            "outstanding": max(account.outstanding_on(today, rates), Decimal(0)),
            "paused": any(end is None for _, end in account.pauses), "instalments": len(account.schedule)}


def notice_page(qs: QuerySet[PaymentNotice], number: int) -> Page:
    today = timezone.localdate()
    # Of the case, the ledger prints its decision number (or title): two columns, not the case's
    # wide row made into an object per notice.
    qs = (qs.select_related("agency").annotate(case_title=F("case__title"), case_decision_number=F("case__decision_number"))
          .prefetch_related("instalments", "pauses", "payments").order_by("due_on", "id"))
    rates: dict[dt.date, Rates] = {}  # the rate in force on each due date, read once per page

    def row(n: PaymentNotice) -> dict[str, Any]:
        if n.due_on not in rates:
            rates[n.due_on] = rates_on(n.due_on)
        return notice_row(n, today, rates[n.due_on])

    return page_of(qs, number, row)


#: Reconciliation outcomes in the page language.
OUTCOME_LABELS = {"matched": _("已对平"), "partial": _("部分缴纳"), "overpaid": _("多缴（需退还）"),
                  "unmatched": _("无法匹配"), "duplicate": _("重复记录")}


def statement_page(qs: QuerySet[Any], number: int) -> Page:
    return page_of(qs.select_related("imported_by").order_by("-imported_at", "-id"), number, lambda s: {
        "statement": s, "outcomes": [(OUTCOME_LABELS.get(k, k), n) for k, n in s.summary.items()]})


def attention_lines(user: Any, limit: int = 50) -> list[dict[str, Any]]:
    """Bank lines a person must follow up: unmatched, duplicate, overpaid (refund) or partial."""
    qs = (access.scoped(BankPayment, user).exclude(outcome=BankPayment.Outcome.MATCHED)
          .select_related("statement").order_by("-statement_id", "line")[:limit])
    return [{"p": p, "label": OUTCOME_LABELS.get(p.outcome, p.outcome)} for p in qs]


def cash_handovers(user: Any, limit: int = 50) -> list[dict[str, Any]]:
    """On-the-spot cash (APL 70–71) not yet in the bank, or banked late: officer → agency within
    2 working days, agency → bank within 2 working days (the cases' own dates, read here)."""
    today = timezone.localdate()
    qs = (access.scoped(OnSpotCollection, user).select_related("case")
          .filter(Q(banked_on__isnull=True) | Q(handed_on__gt=F("agency_due")) | Q(banked_on__gt=F("bank_due")))
          .order_by("agency_due", "id")[:limit])
    return [{"cash": c, "hand_late": (c.handed_on or today) > c.agency_due,
             "bank_late": bool(c.bank_due and (c.banked_on or today) > c.bank_due)} for c in qs]


def property_report(user: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Per agency, for items seized or disposed of in [start, end]: seized, in custody, disposed by
    kind, proceeds, remitted to the treasury and proceeds not yet remitted (财税〔2020〕54号)."""
    seized = Q(seized_on__range=(start, end))
    disposed = Q(disposed_on__range=(start, end))
    rows = (access.scoped(Property, user).filter(seized | disposed).values("agency_id", "agency__name")
            .annotate(seized=Count("id", filter=seized),
                      in_custody=Count("id", filter=Q(status=Property.Status.IN_CUSTODY)),
                      auctioned=Count("id", filter=disposed & Q(disposal=Property.Disposal.AUCTION)),
                      destroyed=Count("id", filter=disposed & Q(disposal=Property.Disposal.DESTRUCTION)),
                      transferred=Count("id", filter=disposed & Q(disposal=Property.Disposal.TRANSFER)),
                      proceeds_sum=Sum("proceeds", filter=disposed, default=Decimal(0)),
                      remitted_sum=Sum("proceeds", filter=disposed & Q(remitted_on__isnull=False), default=Decimal(0)))
            .order_by("agency__name", "agency_id"))
    return [r | {"proceeds": r["proceeds_sum"], "remitted": r["remitted_sum"],
                 "unremitted": r["proceeds_sum"] - r["remitted_sum"]} for r in rows]


def property_page(qs: QuerySet[Property], number: int) -> Page:
    # The register prints the two people, not the case: the case's wide row is not read.
    qs = qs.select_related("seized_by", "custodian").order_by("-seized_on", "-id")
    return page_of(qs, number, lambda p: {"item": p})

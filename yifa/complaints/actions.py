"""Every write on complaints: filing one (the public form and the 12345 hotline), the handling
steps (bound to yifa.complaints.procedure's declaration) and the reporter's rating. Each is one
transaction with its guard, its validation (a bilingual refusal naming its rule) and its audit
event; a refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.complaints.models import (
    RATABLE,
    Complaint,
    ComplaintCategory,
    ComplaintFile,
    ComplaintKind,
    ComplaintSource,
    ComplaintStatus,
    ComplaintStep,
)
from yifa.complaints.procedure import COMPLAINTS
from yifa.evidence import storage
from yifa.evidence.actions import Upload
from yifa.inspections.models import Inspection
from yifa.law.models import PowerItem
from yifa.lib.bounds import check_text
from yifa.lib.errors import ActionError, refuse
from yifa.lib.idcodes import canonical_phone
from yifa.lib.rows import locked_row
from yifa.registry.models import Agency, Region
from yifa.workcal.calendar import apply_rule

if TYPE_CHECKING:
    from yifa.accounts.models import User
    from yifa.cases.models import Case

ACCEPT_RULE = "complaint_accept"
HANDLE_RULE = "complaint_handle"
ACCEPT_CITATION = "市场监督管理投诉举报处理暂行办法第十八条"
#: Characters of the secret code: no 0/O, 1/I/L that a reporter might mistype.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: File types a member of the public may attach (a subset of what evidence.storage accepts).
PUBLIC_TYPES = ("jpeg", "png", "pdf")


def max_files() -> int:
    return int(getattr(settings, "YIFA_COMPLAINT_MAX_FILES", 3))


def max_file_bytes() -> int:
    return int(getattr(settings, "YIFA_COMPLAINT_FILE_MAX", 5 * storage.MB))


@dataclass(frozen=True)
class Filed:
    """A complaint just filed, and its secret code (shown once: only its hash is stored)."""

    complaint: Complaint
    code: str


# --- filing ---------------------------------------------------------------------------------


def _required(value: str, field: str, zh: str, en: str, limit: int) -> str:
    value = check_text((value or "").strip(), field, zh)
    if not value:
        raise ActionError(f"请填写{zh}。", f"Please fill in the {en}.", field=field)
    if len(value) > limit:
        raise ActionError(f"{zh}不能超过{limit}字。", f"The {en} may not exceed {limit} characters.", field=field)
    return value


def _route(agency: Agency | None, region: Region | None, power_code: str) -> tuple[Agency | None, Region, PowerItem | None]:
    """The agency that handles it: the one named; else the one whose power item was named; else
    none yet — the legal office of the region routes it (transfer)."""
    power = None
    if power_code.strip():
        power = PowerItem.objects.filter(code=power_code.strip(), is_active=True).select_related("agency").first()
        if power is None:
            raise ActionError("没有这个职权事项编码，可不填。", "No power item has this code; you may leave it empty.",
                              field="power_code")
        if agency is not None and power.agency_id != agency.pk:
            raise ActionError("所填职权事项不属于所选机关。", "The power item is not the chosen agency's.",
                              field="power_code")
        agency = power.agency
    if agency is not None:
        return agency, region or agency.region, power
    if region is None:
        raise ActionError("不清楚承办机关时，请选择发生地。", "If you do not know the agency, choose the place.",
                          field="region")
    return None, region, power


def _check_files(files: Sequence[Upload]) -> None:
    if len(files) > max_files():
        raise ActionError(f"附件最多{max_files()}个。", f"At most {max_files()} attachments.", field="attachments")
    for upload in files:
        ftype = storage.check_upload(upload.data, field="attachments")
        if ftype.code not in PUBLIC_TYPES:
            raise ActionError("附件只能是JPEG、PNG图片或PDF文档。", "Attachments must be JPEG, PNG or PDF.",
                              field="attachments")
        if len(upload.data) > max_file_bytes():
            raise ActionError(f"附件超过大小限制（上限 {max_file_bytes() // storage.MB} MB）。",
                              f"An attachment is too large (the limit is {max_file_bytes() // storage.MB} MB).",
                              field="attachments")


def _new_tracking_no(day: dt.date) -> str:
    while True:
        number = f"TS{day:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Complaint.objects.filter(tracking_no=number).exists():
            return number


def _deadline_record(code: str, start: dt.date) -> tuple[dt.date, dict[str, Any]]:
    found = apply_rule(code, start)
    return found.deadline.due, {"rule": code, "citation": found.rule.citation, "start": start.isoformat(),
                                "calendar": found.deadline.calendar_version, "provisional": found.deadline.provisional}


def file_complaint(
    *, kind: str, category: str, subject: str, content: str, agency: Agency | None = None,
    region: Region | None = None, power_code: str = "", anonymous: bool = False, name: str = "", phone: str = "",
    files: Sequence[Upload] = (), source: str = ComplaintSource.WEB, hotline_ticket: str = "",
    acting_user: User | None,
) -> Filed:
    """A complaint or report from the public (or transferred by the 12345 hotline): validated,
    routed, dated (the 7-working-day acceptance limit from receipt), stored with its attachments
    and its first step record, audited. The secret code is returned once; only its hash is kept."""
    if kind not in ComplaintKind.values:
        raise ActionError("请选择投诉或举报。", "Choose complaint or report.", field="kind")
    if category not in ComplaintCategory.values:
        raise ActionError("请选择类别。", "Choose a category.", field="category")
    subject = _required(subject, "subject", "标题", "subject", 100)
    content = _required(content, "content", "内容", "content", 4000)
    if anonymous:
        name, phone = "", ""
    else:
        name = _required(name, "name", "姓名", "name", 50)
        phone = canonical_phone(phone, field="phone")
        if not phone:
            raise ActionError("实名提交请填写联系电话，或选择匿名。", "Give a phone number, or file anonymously.",
                              field="phone")
    agency, region, power = _route(agency, region, power_code)
    _check_files(files)
    now = timezone.now()
    received_on = timezone.localdate(now)
    accept_due, rule = _deadline_record(ACCEPT_RULE, received_on)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    with storage.blob_guard(), transaction.atomic():
        complaint = Complaint.objects.create(
            tracking_no=_new_tracking_no(received_on), code_hash=make_password(code), kind=kind, category=category,
            source=source, hotline_ticket=hotline_ticket, agency=agency, region=region, power=power,
            subject=subject, content=content, anonymous=anonymous, name=name, phone=phone,
            received_on=received_on, received_at=now, accept_due=accept_due, deadline_rules={"accept": rule})
        for upload in files:
            ComplaintFile.objects.create(complaint=complaint, file=storage.put(upload.data, field="attachments"),
                                         name=upload.name[:200])
        COMPLAINTS.log.write(complaint.pk, "receive", "", complaint.status, received_on, acting_user, "",
                             {"public": ""})
        COMPLAINTS.refresh_worklist(complaint, acting_user=acting_user, step="receive")
        record("complaint.receive", complaint, acting_user=acting_user, after=snapshot(complaint),
               agency_id=agency.pk if agency else None)
    return Filed(complaint, code)


def receive_hotline_ticket(*, ticket: str, acting_user: User | None = None, **fields: Any) -> Filed:
    """A ticket the 12345 hotline transfers: filed like a web complaint, once per ticket number."""
    ticket = _required(ticket, "ticket", "工单号", "ticket number", 40)
    if Complaint.objects.filter(hotline_ticket=ticket).exists():
        raise ActionError(f"工单{ticket}已接收，不重复登记。", f"Ticket {ticket} was already received.", field="ticket")
    return file_complaint(source=ComplaintSource.HOTLINE, hotline_ticket=ticket, acting_user=acting_user, **fields)


# --- handling (the steps of COMPLAINTS) ----------------------------------------------------------


def _not_before(day: dt.date, earliest: dt.date, field: str) -> None:
    if day < earliest:
        raise ActionError(f"日期不能早于收到日期（{earliest}）。", f"The date cannot be before receipt ({earliest}).",
                          field=field)


@COMPLAINTS.performs("accept")
def accept(complaint: Complaint, *, accepted_on: dt.date, public_text: str, acting_user: User) -> Complaint:
    """受理: the 60-day handling limit runs from acceptance."""
    due, rule = _deadline_record(HANDLE_RULE, accepted_on)

    def change(c: Complaint) -> None:
        _not_before(accepted_on, c.received_on, "accepted_on")
        c.handle_due = due
        c.deadline_rules = {**c.deadline_rules, "handle": rule}

    return COMPLAINTS.run("accept", complaint, acting_user=acting_user, on_date=accepted_on, change=change,
                          data={"public": public_text})


@COMPLAINTS.performs("reject")
def reject(complaint: Complaint, *, rejected_on: dt.date, reason: str, acting_user: User) -> Complaint:
    """不予受理, with the reason the reporter is told."""
    def change(c: Complaint) -> None:
        _not_before(rejected_on, c.received_on, "rejected_on")
        c.closed_on = rejected_on

    return COMPLAINTS.run("reject", complaint, acting_user=acting_user, on_date=rejected_on, change=change,
                          note=reason, data={"public": reason})


@COMPLAINTS.performs("transfer")
def transfer(complaint: Complaint, *, agency: Agency, transferred_on: dt.date, reason: str,
             acting_user: User) -> Complaint:
    """转交 to the competent agency (also the legal office's routing of an unrouted one): the
    receiving agency decides on acceptance within its own 7 working days from the transfer."""
    due, rule = _deadline_record(ACCEPT_RULE, transferred_on)

    def change(c: Complaint) -> None:
        if c.agency_id == agency.pk:
            raise ActionError("已由该机关承办。", "That agency already handles it.", field="agency")
        _not_before(transferred_on, c.received_on, "transferred_on")
        c.agency, c.accept_due, c.handle_due = agency, due, None
        c.deadline_rules = {"accept": rule}

    public = f"{reason}（{agency.name}）"
    return COMPLAINTS.run("transfer", complaint, acting_user=acting_user, on_date=transferred_on, change=change,
                          note=reason, data={"public": public, "agency": agency.pk})


@COMPLAINTS.performs("merge")
def merge(complaint: Complaint, *, into: Complaint, merged_on: dt.date, acting_user: User) -> Complaint:
    """合并重复件: handled with the original; the reporter is told its tracking number."""
    def change(c: Complaint) -> None:
        if into.pk == c.pk or into.status in (ComplaintStatus.MERGED, ComplaintStatus.REJECTED):
            raise ActionError("只能合并至另一件办理中的投诉举报。", "Merge only into another complaint still handled.",
                              field="into")
        c.merged_into = into
        c.closed_on = merged_on

    return COMPLAINTS.run("merge", complaint, acting_user=acting_user, on_date=merged_on, change=change,
                          data={"public": f"与{into.tracking_no}合并办理", "into": into.pk})


@COMPLAINTS.performs("link")
def link(complaint: Complaint, *, case: Case | None, inspection: Inspection | None, acting_user: User) -> Complaint:
    """关联 the case opened or the inspection made on it (internal: the reporter does not see it)."""
    if case is None and inspection is None:
        raise ActionError("请选择关联的案件或检查记录。", "Choose a case or an inspection to link.", field="case")

    def change(c: Complaint) -> None:
        c.case = case or c.case
        c.inspection = inspection or c.inspection

    return COMPLAINTS.run("link", complaint, acting_user=acting_user, on_date=None, change=change,
                          data={"case": getattr(case, "pk", None), "inspection": getattr(inspection, "pk", None)})


@COMPLAINTS.performs("reply")
def reply(complaint: Complaint, *, replied_on: dt.date, reply: str, acting_user: User) -> Complaint:
    def change(c: Complaint) -> None:
        c.reply = reply

    return COMPLAINTS.run("reply", complaint, acting_user=acting_user, on_date=replied_on, change=change,
                          data={"public": reply})


@COMPLAINTS.performs("close")
def close(complaint: Complaint, *, closed_on: dt.date, acting_user: User) -> Complaint:
    def change(c: Complaint) -> None:
        c.closed_on = closed_on

    return COMPLAINTS.run("close", complaint, acting_user=acting_user, on_date=closed_on, change=change,
                          data={"public": ""})


# --- the reporter's rating ------------------------------------------------------------------------


def rate_outcome(complaint: Complaint, *, rating: int, comment: str = "", acting_user: User | None) -> Complaint:
    """The reporter rates the outcome (1–5) once it is closed or refused; once. The caller has
    proved it is the reporter (the tracking number and the secret code)."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ActionError("评价须为1至5分。", "The rating is 1 to 5.", field="rating")
    comment = check_text((comment or "").strip(), "comment", "评价意见")[:500]
    with transaction.atomic():
        current = locked_row(Complaint, complaint.pk)
        if current.status not in RATABLE:
            raise refuse("办结后方可评价", "The outcome can be rated once handling has ended", "", field="rating")
        if current.rating is not None:
            raise ActionError("已评价，不能重复评价。", "Already rated.", field="rating")
        before = snapshot(current)
        current.rating, current.rating_comment = rating, comment
        current.version += 1
        current.save(update_fields=["rating", "rating_comment", "version"])
        ComplaintStep.objects.create(complaint=current, step="rate", from_status=current.status,
                                     to_status=current.status, at=timezone.now(), on_date=timezone.localdate(),
                                     actor=acting_user if acting_user and acting_user.pk else None,
                                     data={"public": "", "rating": rating})
        record("complaint.rate", current, acting_user=acting_user,
               before={"rating": before["rating"]}, after={"rating": rating, "rating_comment": comment})
    return current

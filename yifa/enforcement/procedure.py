"""Enforcing a penalty decision (行政强制法 35–37, 53–54; 行政处罚法 72–73), declared once on the
workflow core: every step's name, label, the statuses it leaves from and goes to, who may take it
and its inputs. The gates and effects are in yifa.enforcement.actions (`ENFORCEMENT.performs`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.enforcement.models import Enforcement, EnforcementMethod, EnforcementStatus, EnforcementStep
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError, refuse
from yifa.registry import access
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import (
    ANY_STAFF,
    Actor,
    Procedure,
    RecordId,
    Ref,
    Step,
    StepLog,
    in_agency,
    statuses,
    ui,
)

TEXT = ui(widget="textarea")
S = EnforcementStatus


class RemindIn(BaseModel):
    served_on: dt.date = Field(title=N_("催告书送达日期"))
    note: str = Field("", title=N_("送达方式和说明"), json_schema_extra=TEXT)


class StatementIn(BaseModel):
    statement_on: dt.date = Field(title=N_("陈述、申辩日期"))
    statement: str = Field(title=N_("当事人陈述、申辩的事实、理由和证据"), json_schema_extra=TEXT)


class AnswerIn(BaseModel):
    answered_on: dt.date = Field(title=N_("复核日期"))
    accepted: bool = Field(title=N_("复核结论"), description="true 事实、理由或者证据成立，予以采纳；false 不成立",
                           json_schema_extra=ui(yes=N_("成立，予以采纳"), no=N_("不成立")))
    answer: str = Field(title=N_("复核意见"), json_schema_extra=TEXT)


class DecideIn(BaseModel):
    decided_on: dt.date = Field(title=N_("强制执行决定日期"))
    power: RecordId = Field(title=N_("行政强制执行职权（法律授权）"), description="本机关的行政强制执行职权事项ID")
    method: EnforcementMethod = Field(title=N_("强制执行方式"))
    reasons: str = Field(title=N_("理由和依据"), json_schema_extra=TEXT)


class ApplyCourtIn(BaseModel):
    applied_on: dt.date = Field(title=N_("申请日期"))
    court: str = Field(title=N_("受理法院"), max_length=100)


class CompliedIn(BaseModel):
    complied_on: dt.date = Field(title=N_("履行日期"))
    note: str = Field("", title=N_("履行情况"), json_schema_extra=TEXT)


class ConcludeIn(BaseModel):
    concluded_on: dt.date = Field(title=N_("执行终结日期"))
    note: str = Field(title=N_("执行结果"), json_schema_extra=TEXT)


def _no_power(record: Enforcement, pk: Any, field: str) -> ActionError:
    return refuse("本机关没有法律授予的行政强制执行权，应当申请人民法院强制执行",
                  "This agency has no enforcement power granted by law; apply to the people's court",
                  "行政强制法第十三条、第三十四条、第五十三条", field=field)


#: An enforcement power the agency holds by law (ACL 13): one of its active 行政强制 power items
#: that is not a coercive measure's (those follow 行政强制措施程序).
ENFORCEMENT_POWER = Ref(PowerItem, lambda e: {"agency_id": e.agency_id, "category": PowerItem.Category.COERCION,
                                              "procedure": PowerItem.Procedure.GENERAL, "is_active": True}, _no_power)


def power_choices(record: Enforcement) -> list[tuple[Any, str]]:
    powers = PowerItem.objects.filter(**ENFORCEMENT_POWER.scope(record)).order_by("code").only("pk", "code", "name")
    return [(p.pk, f"{p.code} {p.name}") for p in powers]


def has_enforcement_power(record: Enforcement) -> bool:
    return PowerItem.objects.filter(**ENFORCEMENT_POWER.scope(record)).exists()


HEAD: Actor[Enforcement] = Actor("head", lambda u, e: u.role == Role.AGENCY_HEAD, (
    "强制执行决定和强制执行申请书须经行政机关负责人批准、签名", "The agency head decides on enforcement and signs the application",
    "行政强制法第三十七条、第五十五条"), audience=Audience(roles=frozenset({Role.AGENCY_HEAD})))
STAFF = ANY_STAFF


def _visible(user: Any, record: Enforcement) -> bool:
    return access.scoped(Enforcement, user).filter(pk=record.pk).exists()


E = pgettext_lazy
REMINDED = statuses(S.REMINDED)
STEPS: list[Step[Enforcement]] = [
    Step("remind", E("enforcement step", "送达催告书"), statuses(S.OPENED), S.REMINDED, STAFF, RemindIn,
         dated_by="served_on", document="", rule="行政强制法第三十五条"),
    Step("statement", E("enforcement step", "记录陈述申辩"), REMINDED, None, STAFF, StatementIn, dated_by="statement_on",
         rule="行政强制法第三十六条", todo=False),
    Step("answer", E("enforcement step", "复核陈述申辩"), REMINDED, None, STAFF, AnswerIn, dated_by="answered_on",
         offer_when=lambda e: e.statement_pending, rule="行政强制法第三十六条"),
    Step("decide", E("enforcement step", "作出强制执行决定"), REMINDED, S.DECIDED, HEAD, DecideIn,
         {"power": ENFORCEMENT_POWER}, dated_by="decided_on", choices={"power": power_choices},
         offer_when=has_enforcement_power, rule="行政强制法第三十七条"),
    Step("apply_court", E("enforcement step", "申请人民法院强制执行"), REMINDED, S.APPLIED, HEAD, ApplyCourtIn,
         dated_by="applied_on", rule="行政强制法第五十三条", todo=False),
    Step("complied", E("enforcement step", "当事人已履行"), statuses(S.OPENED, S.REMINDED, S.DECIDED, S.APPLIED),
         S.COMPLIED, STAFF, CompliedIn, dated_by="complied_on", todo=False),
    Step("conclude", E("enforcement step", "执行终结"), statuses(S.DECIDED, S.APPLIED), S.CONCLUDED, STAFF,
         ConcludeIn, dated_by="concluded_on"),
]

ENFORCEMENT: Procedure[Enforcement] = Procedure(
    Enforcement, steps=STEPS, log=StepLog(EnforcementStep, "enforcement_id"), visible=_visible, staff_of=in_agency,
    other_labels={"open": E("enforcement step", "立项")},
    worklist=Worklist("enforcement:detail", title=str, due=lambda e: e.reminder_due, audience=Audience(roles=frozenset({Role.OFFICER}))),
)

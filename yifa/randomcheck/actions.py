"""Writes of random inspections: the directory and the pool (each change audited), plans, the
draw and publication (steps on the workflow core), and an inspection recorded against a drawn
entity (through yifa.inspections.actions, linked to the plan). Every refusal names its rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.inspections.actions import record_inspection
from yifa.inspections.models import Inspection
from yifa.law.models import PowerItem
from yifa.lib.bounds import check_business_date
from yifa.lib.errors import ActionError, NotFound, refuse
from yifa.lib.idcodes import canonical_uscc
from yifa.randomcheck import rules
from yifa.randomcheck.models import Entity, Inspector, Plan, PlanItem, PlanStatus, PlanStep, Recusal
from yifa.randomcheck.procedure import PLANS
from yifa.registry.models import Agency, Officer, Region
from yifa.workcal.parameters import parameter_on

if TYPE_CHECKING:
    from yifa.accounts.models import User

#: The State Council's notice that every inspection be drawn at random and published.
RULE = "国办发〔2015〕58号"


def _staff(user: Any, agency: Agency) -> None:
    """Only the agency's own staff keep its directory, pool and plans: another agency's are refused
    like missing ones."""
    if not (getattr(user, "is_authenticated", False) and user.is_agency_staff and user.agency_id == agency.pk):
        raise NotFound()


def _in_area(agency: Agency, region: Region) -> None:
    if not region.path.startswith(agency.region.path):
        raise refuse("检查对象须在本机关管辖区域内", "The entity must lie within the agency's area", RULE, field="region")


# --- the directory and the pool ----------------------------------------------------------------


def add_entity(*, agency: Agency, name: str, credit_code: str, sector: str, region: Region, address: str = "",
               acting_user: User) -> Entity:
    """An entity into the directory (名录库); its credit code checked and stored in one form."""
    _staff(acting_user, agency)
    code = canonical_uscc(credit_code, field="credit_code")
    if not name.strip() or not sector.strip():
        raise ActionError("请填写名称和行业。", "Give the name and the sector.", field="name")
    _in_area(agency, region)
    with transaction.atomic():
        if Entity.objects.filter(agency=agency, credit_code=code).exists():
            raise ActionError("名录库中已有该统一社会信用代码。", "The directory already holds this credit code.",
                              field="credit_code")
        entity = Entity.objects.create(agency=agency, name=name.strip(), credit_code=code, sector=sector.strip(),
                                       region=region, address=address.strip())
        record("randomcheck.entity_add", entity, acting_user=acting_user, after=snapshot(entity))
    return entity


def set_entity_active(entity: Entity, *, active: bool, acting_user: User) -> Entity:
    """Take an entity out of the directory (closed, moved away) or back in; its history stays."""
    _staff(acting_user, entity.agency)
    with transaction.atomic():
        locked = Entity.objects.select_for_update(no_key=True).get(pk=entity.pk)
        if locked.active == active:
            return locked
        before = snapshot(locked)
        locked.active = active
        locked.save(update_fields=["active"])
        record("randomcheck.entity_active", locked, acting_user=acting_user, before=before, after=snapshot(locked))
    return locked


def add_inspector(*, agency: Agency, officer: Officer, acting_user: User) -> Inspector:
    """An officer into the pool (执法检查人员库): the agency's own, with a valid certificate."""
    _staff(acting_user, agency)
    today = timezone.localdate()
    if officer.agency_id != agency.pk:
        raise refuse(f"{officer.name}不是本机关执法人员", f"{officer.name} is not this agency's officer",
                     "行政处罚法第四十二条", field="officer")
    if not officer.may_act_on(today):
        raise refuse(f"{officer.name}没有有效的执法证件", f"{officer.name} holds no valid certificate",
                     "行政处罚法第四十二条", field="officer")
    with transaction.atomic():
        inspector, created = Inspector.objects.get_or_create(agency=agency, officer=officer)
        if not created and inspector.active:
            raise ActionError("该执法人员已在检查人员库中。", "The officer is already in the pool.", field="officer")
        inspector.active = True
        inspector.save()
        record("randomcheck.inspector_add", inspector, acting_user=acting_user, after=snapshot(inspector))
    return inspector


def remove_inspector(inspector: Inspector, *, acting_user: User) -> Inspector:
    _staff(acting_user, inspector.agency)
    with transaction.atomic():
        locked = Inspector.objects.select_for_update(no_key=True).get(pk=inspector.pk)
        if not locked.active:
            return locked
        locked.active = False
        locked.save(update_fields=["active"])
        record("randomcheck.inspector_remove", locked, acting_user=acting_user, before={"active": True},
               after={"active": False})
    return locked


def add_recusal(*, entity: Entity, officer: Officer, reason: str, acting_user: User) -> Recusal:
    """An officer who must never inspect this entity (APL 43: a stake in it, kin, …)."""
    _staff(acting_user, entity.agency)
    if officer.agency_id != entity.agency_id:
        raise NotFound()
    if not reason.strip():
        raise ActionError("请写明回避理由。", "Give the reason.", field="reason")
    with transaction.atomic():
        if Recusal.objects.filter(entity=entity, officer=officer).exists():
            raise ActionError("已登记该回避。", "This recusal is already recorded.", field="officer")
        recusal = Recusal.objects.create(agency_id=entity.agency_id, entity=entity, officer=officer,
                                         reason=reason.strip())
        record("randomcheck.recusal_add", recusal, acting_user=acting_user, after=snapshot(recusal))
    return recusal


# --- plans -------------------------------------------------------------------------------------


def _check_plan(*, agency: Agency, title: str, scope: str, region: Region | None, ratio: Decimal | None,
                count: int | None, inspectors_per_entity: int, starts_on: dt.date, ends_on: dt.date) -> None:
    if not title.strip() or not scope.strip():
        raise ActionError("请填写计划名称和抽查事项。", "Give the title and the scope.", field="title")
    if (ratio is None) == (count is None):
        raise ActionError("请填写抽查比例或者抽查数量（二者选一）。", "Give either a ratio or a number to draw.",
                          field="ratio")
    if ratio is not None and not Decimal(0) < ratio <= Decimal(100):
        raise ActionError("抽查比例应在0到100%之间。", "The ratio lies between 0 and 100%.", field="ratio")
    if count is not None and count < 1:
        raise ActionError("抽查数量至少为1。", "Draw at least one.", field="count")
    for day, name in ((starts_on, "starts_on"), (ends_on, "ends_on")):
        check_business_date(day, name, "检查期间")
    if ends_on < starts_on:
        raise ActionError("检查期间止不能早于起。", "The period ends before it starts.", field="ends_on")
    minimum = int(parameter_on("MIN_INVESTIGATORS", starts_on))
    if inspectors_per_entity < minimum:
        raise refuse(f"每户检查人员不得少于{minimum}人", f"At least {minimum} inspectors per entity",
                     "行政处罚法第四十二条、第五十五条", field="inspectors_per_entity")
    if region is not None:
        _in_area(agency, region)


def create_plan(*, agency: Agency, title: str, scope: str, starts_on: dt.date, ends_on: dt.date, sector: str = "",
                region: Region | None = None, ratio: Decimal | None = None, count: int | None = None,
                inspectors_per_entity: int = 2, acting_user: User) -> Plan:
    """制定抽查计划: it will draw from the agency's own directory and pool, and no other's."""
    if not (getattr(acting_user, "is_agency_staff", False) and acting_user.agency_id == agency.pk):
        raise refuse("只能从本机关的检查对象名录库和执法检查人员库抽取", "A plan draws only from the agency's own directory",
                     RULE, field="agency")
    _check_plan(agency=agency, title=title, scope=scope, region=region, ratio=ratio, count=count,
                inspectors_per_entity=inspectors_per_entity, starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic():
        plan = Plan.objects.create(agency=agency, title=title.strip(), scope=scope, sector=sector.strip(),
                                   region=region, ratio=ratio, count=count, inspectors_per_entity=inspectors_per_entity,
                                   starts_on=starts_on, ends_on=ends_on, created_by=acting_user)
        PlanStep.objects.create(plan=plan, step="create", to_status=plan.status, at=timezone.now(),
                                on_date=timezone.localdate(), actor=acting_user)
        PLANS.refresh_worklist(plan, acting_user=acting_user, step="create")
        record("plan.create", plan, acting_user=acting_user, after=snapshot(plan))
    return plan


def candidates(plan: Plan) -> QuerySet[Entity]:
    """The directory entries the plan draws from, in id order: the agency's own, in the directory,
    of the plan's sector and region."""
    qs = Entity.objects.filter(agency_id=plan.agency_id, active=True)
    if plan.sector:
        qs = qs.filter(sector=plan.sector)
    if plan.region_id:
        assert plan.region is not None
        qs = qs.filter(region__path__startswith=plan.region.path)
    return qs.order_by("id")


def eligible_pool(plan: Plan) -> list[int]:
    """The pool's officers (ids, ascending) whose certificates are valid for the whole period."""
    officers = (Officer.objects.filter(pk__in=Inspector.objects.filter(agency_id=plan.agency_id, active=True)
                                       .values("officer_id"), agency_id=plan.agency_id).order_by("id"))
    return [o.pk for o in officers if o.may_act_on(plan.starts_on) and o.may_act_on(plan.ends_on)]


def recusals_among(entity_ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for entity_id, officer_id in Recusal.objects.filter(entity_id__in=entity_ids).values_list("entity_id", "officer_id"):
        out.setdefault(entity_id, set()).add(officer_id)
    return out


def repeat_draw(plan: Plan) -> rules.Draw:
    """The draw again from what the plan recorded (seed, ordered candidates and pool) and the
    recusals: the same result, or the record was altered."""
    ids = list(plan.candidate_ids)
    n = rules.sample_size(len(ids), ratio=plan.ratio, count=plan.count)
    return rules.draw(plan.seed, ids, list(plan.pool_ids), recusals_among(ids), n, plan.inspectors_per_entity)


@PLANS.performs("draw")
def draw_plan(plan: Plan, *, drawn_on: dt.date, seed: str = "", acting_user: User) -> Plan:
    """随机抽取 (双随机): entities from the directory, inspectors from the pool, at random; the seed,
    the method and the candidates recorded so that anyone can repeat it (rules.py)."""
    seed = seed.strip() or rules.new_seed()
    made: dict[str, Any] = {}

    def gates(p: Plan) -> None:
        if drawn_on > p.ends_on:
            raise refuse("检查期间已过，不能再抽取", "The plan's period is over", RULE, field="drawn_on")
        ids = list(candidates(p).values_list("id", flat=True))
        n = rules.sample_size(len(ids), ratio=p.ratio, count=p.count)
        if n == 0:
            raise refuse("名录库中没有符合条件的检查对象", "No entity in the directory matches the plan", RULE)
        pool = eligible_pool(p)
        result = rules.draw(seed, ids, pool, recusals_among(ids), n, p.inspectors_per_entity)
        if result.short:
            raise refuse(f"执法检查人员库中持有效证件、无需回避的人员不足{p.inspectors_per_entity}人",
                         f"Fewer than {p.inspectors_per_entity} certified inspectors free of recusal for an entity",
                         "行政处罚法第四十二条、第四十三条", field="seed")
        made.update(ids=ids, pool=pool, result=result)

    def change(p: Plan) -> None:
        ids, pool, result = made["ids"], made["pool"], made["result"]
        p.seed, p.method, p.drawn_on = seed, rules.METHOD, drawn_on
        p.candidate_ids, p.candidates_hash = ids, rules.ids_hash(ids)
        p.pool_ids, p.pool_hash = pool, rules.ids_hash(pool)
        entities = Entity.objects.in_bulk(result.entities)
        for position, entity_id in enumerate(result.entities, start=1):
            entity = entities[entity_id]
            item = PlanItem.objects.create(plan=p, position=position, entity=entity, entity_name=entity.name,
                                           credit_code=entity.credit_code)
            item.inspectors.set(result.inspectors[entity_id])

    return PLANS.run("draw", plan, acting_user=acting_user, on_date=drawn_on, gates=[gates], change=change,
                     data={"seed": seed, "method": rules.METHOD})


@PLANS.performs("publish")
def publish_plan(plan: Plan, *, published_on: dt.date, acting_user: User) -> Plan:
    """一公开: the plan, the draw and (as they come) the results are public (published.py)."""

    def change(p: Plan) -> None:
        p.published_on = published_on

    return PLANS.run("publish", plan, acting_user=acting_user, on_date=published_on, change=change)


def record_plan_inspection(item: PlanItem, *, power: PowerItem, inspected_on: dt.date, place: str, findings: str,
                           result: str, acting_user: User) -> Inspection:
    """The inspection of a drawn entity, by its drawn inspectors, within the plan's period: an
    inspection record (yifa.inspections, marked “双随机”) linked to the plan."""
    plan = item.plan
    _staff(acting_user, plan.agency)
    with transaction.atomic():
        locked = PlanItem.objects.select_for_update(no_key=True).get(pk=item.pk)  # the record first (lock order)
        if plan.status == PlanStatus.DRAFT:
            raise ActionError("计划尚未抽取。", "The plan has not been drawn.")
        if locked.inspection_id is not None:
            raise ActionError("该检查对象已记录检查。", "This entity's inspection is already recorded.")
        if not plan.starts_on <= inspected_on <= plan.ends_on:
            raise refuse(f"应在计划的检查期间（{plan.starts_on}至{plan.ends_on}）内检查",
                         "Inspect within the plan's period", RULE, field="inspected_on")
        inspection = record_inspection(
            agency=plan.agency, power=power, inspected_on=inspected_on, officers=list(locked.inspectors.all()),
            party_name=locked.entity_name, party_code=locked.credit_code, place=place, findings=findings,
            result=result, random_selection=True, acting_user=acting_user)
        locked.inspection = inspection
        locked.save(update_fields=["inspection"])
        PlanStep.objects.create(plan=plan, step="inspect", from_status=plan.status, to_status=plan.status,
                                at=timezone.now(), on_date=inspected_on, actor=acting_user,
                                data={"item": locked.pk, "inspection": inspection.pk})
        record("plan.inspect", locked, acting_user=acting_user, before={"inspection": None},
               after={"inspection": inspection.pk})
    return inspection

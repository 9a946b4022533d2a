"""A procedure and its steps, each declared once.

`Procedure.performs(name)` binds the step's action body (its gates and effect, in the app's
actions.py) to the declaration: the bound action checks who may act (403 with the reason, or
404 for a record the user may not see), validates the inputs against the step's schema (bad
input is refused before anything is written) and resolves the records they name. The body then
calls `Procedure.run` — the one executor — with its gates and change.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import override
from pydantic import BaseModel, BeforeValidator, ValidationError
from pydantic.config import JsonDict

from yifa.audit.record import record as audit_record
from yifa.audit.record import snapshot
from yifa.lib.bounds import check_business_date, check_text, refusal_of
from yifa.lib.bulk import insert_rows
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.lib.rows import latest_date, locked_row, update_columns
from yifa.workflow import worklist as worklists
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.signals import step_committed

if TYPE_CHECKING:
    from yifa.accounts.models import User

R = TypeVar("R", bound=models.Model)
Label = str | Promise
Gate = Callable[[R], None]


def ui(**hints: str | bool) -> JsonDict:
    """Hints for the step's web form, kept in the input schema (JSON, so they also show in the
    OpenAPI document): widget ("textarea", "lines", "file"), yes/no labels, help, accept, today."""
    return dict(hints)


def _pk(value: Any) -> Any:
    """A record given as itself or by id: the id (Python callers hand in objects, the web and
    the API ids)."""
    return getattr(value, "pk", value)


#: An input naming another record by id (an officer, a power item); resolved through `Step.refs`.
RecordId = Annotated[int, BeforeValidator(_pk)]


class NoInput(BaseModel):
    """A step that takes nothing but the version."""


# --- who may act --------------------------------------------------------------------------------


Refusal = tuple[str, str, str]  # zh, en, the rule it cites


@dataclass(frozen=True)
class Actor(Generic[R]):
    """Who may take a step, among the staff of the record's agency: `allows(user, record)`;
    when it is false the step is refused with 403 and `refusal` (zh, en, rule). With
    `names_step`, the refusal begins with the step's name ("立案须经行政机关负责人批准")."""

    name: str
    test: Callable[[Any, R], bool] | None
    refusal: Refusal
    names_step: bool = False
    #: Instead of `test`/`refusal`: the reason this user may not act on this record, or None.
    reasons: Callable[[Any, R], Refusal | None] | None = None
    #: Whose to-do list the record lands on while the step is open (None: the procedure's default).
    audience: Audience | None = None

    @classmethod
    def with_reasons(cls, name: str, reasons: Callable[[Any, R], Refusal | None],
                     audience: Audience | None = None) -> Actor[R]:
        return cls(name, None, ("", "", ""), reasons=reasons, audience=audience)

    def refusal_for(self, user: Any, record: R) -> Refusal | None:
        if self.reasons is not None:
            return self.reasons(user, record)
        assert self.test is not None
        return None if self.test(user, record) else self.refusal

    def allows(self, user: Any, record: R) -> bool:
        return self.refusal_for(user, record) is None

    def check(self, user: Any, record: R, step: Step[Any]) -> None:
        refusal = self.refusal_for(user, record)
        if refusal is None:
            return
        zh, en, rule = refusal
        if self.names_step:
            zh, en = f"{step.label_zh}{zh}", f"{step.label_en}: {en}"
        raise Forbidden.because(zh, en, rule)


#: Any member of the record's agency's staff (the procedure's `staff_of` has let them through).
ANY_STAFF: Actor[Any] = Actor("staff", lambda user, record: True, ("", "", ""))


# --- a step -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """An input naming records of `model` by id, which must lie within `scope(record)` (e.g. the
    record's own agency's officers). Ids are fetched in one query; records handed in as objects
    (by Python callers) are checked against the scope without one."""

    model: type[models.Model]
    scope: Callable[[Any], dict[str, Any]]
    #: (record, pk, field) → the refusal for an id outside the scope.
    missing: Callable[[Any, Any, str], ActionError]

    def within(self, record: Any, obj: Any) -> bool:
        return isinstance(obj, self.model) and all(getattr(obj, k) == v for k, v in self.scope(record).items())

    def fetch(self, record: Any, pks: set[Any]) -> dict[Any, Any]:
        if not pks:
            return {}
        return {o.pk: o for o in self.model._default_manager.filter(pk__in=pks, **self.scope(record))}


@dataclass(frozen=True)
class Step(Generic[R]):
    """One step of a procedure, declared once."""

    name: str
    label: Label
    #: The statuses the step leaves from.
    sources: frozenset[str]
    #: The status it goes to (None: the status stays).
    target: str | None
    actor: Actor[R]
    inputs: type[BaseModel] = NoInput
    #: Inputs that name other records by id, and how to fetch them for this record.
    refs: Mapping[str, Ref] = field(default_factory=dict)
    #: When the step's form is offered (beyond status and actor): a convenience, the action decides.
    offer_when: Callable[[R], bool] = lambda record: True
    #: The input that dates the step, where the law dates it.
    dated_by: str | None = None
    #: Choices for inputs whose options depend on the record (the web form's lists).
    choices: Mapping[str, Callable[[R], list[tuple[Any, str]]]] = field(default_factory=dict)
    #: The statutory document this step produces (documents.DocumentKind code), if any.
    document: str = ""
    #: Inputs asked for only when the record is in some state (e.g. an emergency's reasons).
    show: Mapping[str, Callable[[R], bool]] = field(default_factory=dict)
    #: The form's starting values drawn from the record (e.g. the party and date already recorded).
    initial: Callable[[R], dict[str, Any]] | None = None
    #: The article a refusal for the wrong status cites (e.g. "行政许可法第三十二条"), if any.
    rule: str = ""
    #: Whether the record waits on someone for this step (False for steps taken only on some
    #: event, e.g. a suspension or a withdrawal: they are offered, not awaited).
    todo: bool = True

    @property
    def label_en(self) -> str:
        with override("en"):
            return str(self.label)

    @property
    def label_zh(self) -> str:
        with override("zh-hans"):
            return str(self.label)

    def validate(self, inputs: Mapping[str, Any] | BaseModel) -> BaseModel:
        """The inputs through the step's schema; bad input is a refusal naming the field."""
        if isinstance(inputs, self.inputs):
            return inputs
        raw = inputs.model_dump() if isinstance(inputs, BaseModel) else dict(inputs)
        try:
            values = self.inputs.model_validate(raw)
        except ValidationError as exc:
            raise invalid_input(self.inputs, exc) from None
        within_reason(values)
        return values

    def resolve(self, record: R, values: BaseModel, given: Mapping[str, Any]) -> dict[str, Any]:
        """The validated values as the action body takes them (ids of officers → officers, in one
        query per referenced model; objects the caller handed in are used as they are)."""
        data = {name: getattr(values, name) for name in type(values).model_fields}
        in_hand: dict[Any, Any] = {}
        wanted: dict[Ref, set[Any]] = {}
        refs = {name: ref for name, ref in self.refs.items() if name in data}
        for name, ref in refs.items():
            originals = given.get(name)
            for obj in originals if isinstance(originals, list | tuple) else [originals]:
                if ref.within(record, obj):
                    in_hand[(ref.model, obj.pk)] = obj
            ids = data.get(name)
            for pk in ids if isinstance(ids, list) else ([] if ids is None else [ids]):
                if (ref.model, pk) not in in_hand:
                    wanted.setdefault(ref, set()).add(pk)
        for ref, pks in wanted.items():
            in_hand |= {(ref.model, pk): obj for pk, obj in ref.fetch(record, pks).items()}
        for name, ref in refs.items():
            data[name] = _look_up(ref, record, name, data.get(name), in_hand)
        return {k: plain(v) for k, v in data.items()}


def _look_up(ref: Ref, record: Any, name: str, ids: Any, found: Mapping[Any, Any]) -> Any:
    if ids is None:
        return None
    for pk in ids if isinstance(ids, list) else [ids]:
        if (ref.model, pk) not in found:
            raise ref.missing(record, pk, name)
    return [found[(ref.model, pk)] for pk in ids] if isinstance(ids, list) else found[(ref.model, ids)]


def plain(value: Any) -> Any:
    """Enum members (TextChoices from a schema) as their stored values."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    return str(value.value) if hasattr(value, "value") and not isinstance(value, models.Model) else value


def within_reason(values: BaseModel) -> None:
    """Every procedure's inputs, whatever their schema says: text free of control characters and
    lone surrogates, dates within the window around today (yifa.lib.bounds)."""
    for name, info in type(values).model_fields.items():
        value, title = getattr(values, name), str(info.title or name)
        if isinstance(value, dt.date):
            check_business_date(value.date() if isinstance(value, dt.datetime) else value, name, title)
        else:
            check_text(value, name, title)


def invalid_input(schema: type[BaseModel], exc: ValidationError) -> ActionError:
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else ""
    info = schema.model_fields.get(name)
    title = (info.title if info else None) or name
    refusal = refusal_of(dict(error), name, str(title))
    if refusal is not None:
        return refusal
    return ActionError(f"“{title}”的值无效：{error['msg']}。", f"Invalid value for '{name}': {error['msg']}.",
                       field=name or None)


# --- the step record ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepLog:
    """Where a procedure keeps its full-process record: one row per step taken."""

    model: type[models.Model]
    #: The column holding the record's id (e.g. "case_id").
    owner: str

    COLUMNS = ("step", "from_status", "to_status", "at", "on_date", "actor_id", "note", "data")

    def write(self, owner_id: int, step: str, from_status: str, to_status: str, on_date: dt.date | None,
              actor: Any, note: str, data: Mapping[str, Any]) -> None:
        # Plain SQL: written on every step, without the ORM's per-object work.
        insert_rows(self.model, [self.owner, *self.COLUMNS],
                    [[owner_id, step, from_status, to_status, timezone.now(), on_date,
                      getattr(actor, "pk", None), note, jsonable(data)]])

    def latest_date(self, owner_id: int) -> dt.date | None:
        return latest_date(self.model, "on_date", **{self.owner: owner_id})


def jsonable(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


# --- the procedure ------------------------------------------------------------------------------


class Procedure(Generic[R]):
    """A record type's steps, its step record and who may see its records."""

    def __init__(self, model: type[R], *, steps: Sequence[Step[R]], log: StepLog,
                 visible: Callable[[Any, R], bool], staff_of: Callable[[Any, R], bool],
                 other_labels: Mapping[str, Label] | None = None, in_order: bool = True,
                 audit_chain: str = "", worklist: Worklist | None = None) -> None:
        self.model = model
        self.steps: dict[str, Step[R]] = {s.name: s for s in steps}
        assert len(self.steps) == len(steps), "step names are unique"
        self.log = log
        self.visible = visible
        self.staff_of = staff_of
        self.other_labels = dict(other_labels or {})
        self.actions: dict[str, Callable[..., Any]] = {}
        #: Whether a step may not be dated before the one recorded last.
        self.in_order = in_order
        #: The audit chain the steps' events go to ("": the record's agency's chain).
        self.audit_chain = audit_chain
        #: How its records appear on to-do lists (yifa.workflow.worklist); None: they do not.
        self.worklist = worklist
        if worklist is not None:
            worklists.register(self)

    def __getitem__(self, name: str) -> Step[R]:
        return self.steps[name]

    @property
    def noun(self) -> tuple[str, str]:
        meta = self.model._meta
        return str(meta.verbose_name), str(meta.model_name)

    def label(self, name: str) -> Label:
        step = self.steps.get(name)
        return step.label if step else self.other_labels.get(name, name)

    # --- who ---

    def require_actor(self, step: Step[R], record: R, user: Any) -> None:
        """404 if the user may not see the record at all; 403 (with the reason) if they may see it
        but not take this step."""
        if not self.staff_of(user, record):
            if not getattr(user, "is_authenticated", False) or not self.visible(user, record):
                raise NotFound()
            raise Forbidden("只有本机关的工作人员可以办理此环节。", "Only the agency's own staff may take this step.")
        step.actor.check(user, record, step)

    def offered(self, record: R, user: Any) -> list[Step[R]]:
        """The steps open to `user` on `record` now (their forms; the action alone decides)."""
        if not self.staff_of(user, record):
            return []
        status = getattr(record, "status", "")
        allowed: dict[int, bool] = {}  # each actor asked once (some ask the database)

        def allows(actor: Actor[R]) -> bool:
            if id(actor) not in allowed:
                allowed[id(actor)] = actor.allows(user, record)
            return allowed[id(actor)]

        return [s for s in self.steps.values() if status in s.sources and allows(s.actor) and s.offer_when(record)]

    # --- the action ---

    def performs(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Bind `name`'s action body: who may act, then the inputs through the step's schema."""
        step = self.steps[name]

        def bind(body: Callable[..., Any]) -> Callable[..., Any]:
            # Inputs the body takes positionally after the record (e.g. the officer to assign).
            params = list(inspect.signature(body).parameters.values())[1:]
            positional = [p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]

            @functools.wraps(body)
            def action(record: R, /, *args: Any, acting_user: User, **inputs: Any) -> Any:
                inputs.update(zip(positional, args, strict=False))
                # Hooks between actions (e.g. "_before_audit") pass through; they are not inputs.
                hooks = {k: inputs.pop(k) for k in list(inputs) if k.startswith("_")}
                self.require_actor(step, record, acting_user)
                values = step.validate(inputs)
                return body(record, acting_user=acting_user, **step.resolve(record, values, inputs), **hooks)

            self.actions[name] = action
            return action

        return bind

    def take(self, name: str, record: R, *, version: int, inputs: Mapping[str, Any] | BaseModel,
             acting_user: User) -> Any:
        """A step as the web page or the API asks for it: the record as the caller saw it (a stale
        `version` is refused by the executor), exactly one action call."""
        record.version = version  # type: ignore[attr-defined]
        values = inputs.model_dump() if isinstance(inputs, BaseModel) else dict(inputs)
        values.pop("version", None)
        return self.actions[name](record, acting_user=acting_user, **values)

    # --- the executor ---

    def run(self, name: str, record: R, *, acting_user: User, on_date: dt.date | None,
            gates: Iterable[Gate[R]] = (), change: Callable[[R], None] | None = None, note: str = "",
            data: Mapping[str, Any] | None = None, in_order: bool = True,
            before_audit: Callable[[], None] | None = None) -> R:
        """Lock the row, refuse a stale caller, check the status and the gates, change, bump the
        version, keep the step record and the audit event — in one transaction. Steps are dated
        in order: none before the one recorded last (after the statutory gates, which give the
        more specific refusal)."""
        step = self.steps[name]
        checks = [*gates, self._in_order(on_date)] if self.in_order and in_order and on_date else list(gates)
        with transaction.atomic():
            current = locked_row(self.model, record.pk)
            self._require_version(current, record)
            status = current.status  # type: ignore[attr-defined]
            self._require_status(step, status)
            for gate in checks:
                gate(current)
            before = _copy(snapshot(current))
            if change is not None:
                change(current)
            if step.target is not None:
                current.status = step.target  # type: ignore[attr-defined]
            current.version += 1  # type: ignore[attr-defined]
            changed, after = self._save_changes(current, before)
            self.log.write(current.pk, name, status, current.status, on_date,  # type: ignore[attr-defined]
                           acting_user, note, data or {})
            if before_audit is not None:
                before_audit()
            self.refresh_worklist(current, acting_user=acting_user, step=name)
            # The audit chain head is locked last (docs/architecture.md, "Lock order").
            audit_record(f"{self.model._meta.model_name}.{name}", current, acting_user=acting_user,
                         before={k: before[k] for k in changed},
                         after={k: after[k] for k in changed} | {"step": name}, chain=self.audit_chain)
            self._announce(name, current, acting_user, on_date)
        return current

    def refresh_worklist(self, record: R, *, acting_user: Any = None, step: str = "") -> None:
        """The record's to-do items as they stand now (inside the caller's transaction): called by
        every step, and by the actions that create a record or change it outside a step."""
        worklists.refresh(self, record, acting_user=acting_user, step=step)

    def _announce(self, name: str, current: R, acting_user: Any, on_date: dt.date | None) -> None:
        """`step_committed` once the transaction commits (yifa.workflow.signals). Robust: the step
        is done whatever a receiver does; its failure is logged (receivers can be swept again)."""
        model, pk = self.model, current.pk
        transaction.on_commit(lambda: step_committed.send_robust(
            sender=model, step=name, record_id=pk, acting_user=acting_user, on_date=on_date) and None)

    def _in_order(self, on_date: dt.date) -> Gate[R]:
        def in_order(current: R) -> None:
            latest = self.log.latest_date(current.pk)
            if latest and on_date < latest:
                raise ActionError(f"办理日期不能早于上一环节的日期（{latest}）。",
                                  f"A step cannot be dated before the previous one ({latest}).", field="on_date")
        return in_order

    def _require_version(self, current: R, seen: R) -> None:
        if current.version != seen.version:  # type: ignore[attr-defined]
            zh, en = self.noun
            raise ActionError(f"{zh}已被他人更新，请刷新后重试。",
                              f"Someone else has updated this {en}; reload and try again.")

    def _require_status(self, step: Step[R], status: str) -> None:
        if status in step.sources:
            return
        status_field: Any = self.model._meta.get_field("status")
        choice = dict(status_field.choices or []).get(status, status)
        zh, en = self.noun
        raise ActionError(f"{zh}当前为“{choice}”，不能{step.label_zh}。",
                          f"The {en} is '{status}'; '{step.label_en}' is not possible now.", rule=step.rule or None)

    def _save_changes(self, current: R, before: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
        after = snapshot(current)
        changed = [k for k, v in after.items() if before.get(k) != v]
        # Only the changed columns: the same row, a much shorter UPDATE on a wide table.
        columns = {f.attname for f in self.model._meta.concrete_fields}
        update_columns(current, [k for k in changed if k in columns])
        return changed, after


def _copy(values: dict[str, Any]) -> dict[str, Any]:
    # Copies of mutable values (JSON lists/dicts), so a change made in place still shows.
    return {k: copy.deepcopy(v) if isinstance(v, list | dict) else v for k, v in values.items()}


def statuses(*values: str) -> frozenset[str]:
    return frozenset(values)


def in_agency(user: Any, record: Any) -> bool:
    """Is `user` a member of the staff of the agency that owns `record`?"""
    return bool(getattr(user, "is_authenticated", False) and user.is_agency_staff
                and user.agency_id == record.agency_id)


"""Importing a registry sheet: check every row first, then write all of it or none of it.

Each row is read into field values, matched to the stored record by its natural key,
checked for permission (access.can_edit) and by the model's own validation, and only
then, if no row in the file is wrong, written through the registry actions in one
transaction. A row identical to what is stored is not written at all, so importing
the same file twice changes nothing and leaves no audit event.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation

from yifa.lib.errors import ActionError, Forbidden
from yifa.registry import access
from yifa.registry.actions import create_record, update_record
from yifa.transfer.columns import CellError, Column, Context, SkipCell
from yifa.transfer.kinds import Kind
from yifa.transfer.reading import Sheet, is_blank, read_sheet

if TYPE_CHECKING:
    from yifa.accounts.models import User

#: Errors shown at most, so a wholly wrong file still gives a readable report.
MAX_ERRORS = 500


@dataclass(frozen=True)
class RowError:
    row: int
    header: str | None
    zh: str
    en: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"【{self.header}】" if self.header else "")
        return f"{where}：{self.zh}"

    @property
    def english(self) -> str:
        return f"Row {self.row}" + (f" [{self.header}]" if self.header else "") + f": {self.en}"


@dataclass
class Planned:
    """What one good row will do: create, update the changed fields, or nothing."""

    row: int
    existing: models.Model | None
    data: dict[str, Any]
    m2m: dict[str, list[Any]]

    @property
    def action(self) -> str:
        if self.existing is None:
            return "created"
        return "updated" if self.data or self.m2m else "unchanged"


@dataclass
class ImportResult:
    kind: Kind
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def count(self, plan: list[Planned]) -> None:
        for p in plan:
            setattr(self, p.action, getattr(self, p.action) + 1)

    @property
    def summary(self) -> str:
        if not self.ok:
            return (
                f"{self.kind.label}导入失败：共{self.error_count}处错误，未导入任何数据。"
                f" / Import failed with {self.error_count} problem(s); nothing was written."
            )
        verb = "检查通过（试运行，未写入）" if self.dry_run else "导入完成"
        en = "Check passed (dry run, nothing written)" if self.dry_run else "Imported"
        return (
            f"{self.kind.label}{verb}：新增{self.created}条，更新{self.updated}条，"
            f"未变{self.unchanged}条。 / {en}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged."
        )


class _Abort(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


def _split(message: str) -> tuple[str, str | None]:
    parts = message.split(" / ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (message, None)


def model_errors(obj: models.Model) -> list[tuple[str | None, str, str]]:
    """Every validation problem of `obj` as (field, zh, en); empty when it is valid."""
    with translation.override("zh-hans"):
        try:
            obj.full_clean()
            return []
        except ValidationError as err:
            zh = err.message_dict
    with translation.override("en"):
        try:
            obj.full_clean()
            en: dict[str, list[str]] = {}
        except ValidationError as err:
            en = err.message_dict
    found: list[tuple[str | None, str, str]] = []
    for name, messages in zh.items():
        for i, message in enumerate(messages):
            text_zh, text_en = _split(message)
            if text_en is None:
                other = en.get(name, [])
                text_en = other[i] if i < len(other) else text_zh
            found.append((None if name == "__all__" else name, text_zh, text_en))
    return found


class RowChecker:
    """Checks the rows of one file against the database and against each other."""

    def __init__(self, kind: Kind, sheet: Sheet, user: User) -> None:
        self.kind = kind
        self.user = user
        self.ctx = Context(user=user, today=timezone.localdate())
        self.columns: list[tuple[Column, int]] = [
            (col, i) for i, h in enumerate(sheet.headers)
            if (col := kind.column_for(h)) is not None and not col.export_only
        ]
        self.seen: dict[tuple[Any, ...], int] = {}
        self.visible = access.scoped(kind.model, user)

    def check(self, number: int, cells: list[Any]) -> Planned | list[RowError]:
        parsed, errors = self._parse(number, cells)
        if errors:
            return errors
        values = {col.field: value for col, value in parsed}
        existing = self.kind.model._default_manager.filter(
            **{name: values[name] for name in self.kind.key}
        ).first()
        if existing is not None and not self.visible.filter(pk=existing.pk).exists():
            return [self._error(number, None, "该记录已存在，但不在您的权限范围内",
                                "This record exists but is outside your reach.")]
        resolved: list[tuple[Column, Any]] = []
        for col, value in parsed:
            try:
                resolved.append((col, col.resolve(value, existing)))
            except CellError as err:
                errors.append(self._error(number, col.header, err.zh, err.en))
        if errors:
            return errors
        if duplicate := self._duplicate(number, resolved):
            return [duplicate]
        return self._plan(number, existing, resolved)

    def _parse(
        self, number: int, cells: list[Any],
    ) -> tuple[list[tuple[Column, Any]], list[RowError]]:
        values: dict[str, Any] = {}
        parsed: list[tuple[Column, Any]] = []
        errors: list[RowError] = []
        for col, index in self.columns:
            raw = cells[index]
            try:
                if is_blank(raw):
                    if col.required:
                        raise CellError("此项为必填项，不能为空", "This column is required.")
                    value = col.blank()
                else:
                    value = col.parse(raw, values, self.ctx)
            except CellError as err:
                errors.append(self._error(number, col.header, err.zh, err.en))
                continue
            except SkipCell:
                continue
            values[col.field] = value
            parsed.append((col, value))
        return parsed, errors

    def _duplicate(self, number: int, resolved: list[tuple[Column, Any]]) -> RowError | None:
        by_field = {col.field: (col, value) for col, value in resolved}
        for fields in (self.kind.key, *self.kind.unique):
            if not all(f in by_field for f in fields):
                continue
            key = (fields, *(by_field[f][0].comparable(by_field[f][1]) for f in fields))
            first = self.seen.setdefault(key, number)
            if first != number:
                headers = "、".join(by_field[f][0].header for f in fields)
                return self._error(number, by_field[fields[-1]][0].header,
                                   f"与第{first}行重复（{headers}相同）",
                                   f"Repeats row {first} (same {', '.join(fields)}).")
        return None

    def _plan(
        self, number: int, existing: models.Model | None, resolved: list[tuple[Column, Any]],
    ) -> Planned | list[RowError]:
        writable = [(c, v) for c, v in resolved if c.writable]
        if existing is not None:
            writable = [(c, v) for c, v in writable if c.comparable(v) != c.current(existing)]
        data = {c.field: v for c, v in writable if not c.m2m}
        m2m = {c.field: v for c, v in writable if c.m2m}
        if existing is None:
            candidate = self.kind.model(**data)
        else:
            candidate = copy.copy(existing)
            for name, value in data.items():
                setattr(candidate, name, value)
        if not self._may_edit(existing, candidate):
            return [self._refusal(number, candidate)]
        planned = Planned(row=number, existing=existing, data=data, m2m=m2m)
        if planned.action == "unchanged":
            return planned
        problems = model_errors(candidate)
        if problems:
            return [self._error(number, self._header(name), zh, en) for name, zh, en in problems]
        return planned

    def _may_edit(self, existing: models.Model | None, candidate: models.Model) -> bool:
        if existing is not None and not access.can_edit(self.user, existing):
            return False
        return access.can_edit(self.user, candidate)

    def _refusal(self, number: int, candidate: models.Model) -> RowError:
        agency = access.agency_of(candidate)
        whose = f"“{agency.name}”的" if agency is not None else ""
        noun = self.kind.label_en.lower()
        return self._error(number, None, f"您无权导入或修改{whose}{self.kind.label}记录",
                           f"You may not import or change this {noun} record.")

    def _header(self, name: str | None) -> str | None:
        if not name:
            return None
        header = self.kind.header_of(name)
        if header:
            return header
        try:
            return str(getattr(self.kind.model._meta.get_field(name), "verbose_name", name))
        except Exception:
            return name

    @staticmethod
    def _error(number: int, header: str | None, zh: str, en: str) -> RowError:
        return RowError(row=number, header=header, zh=zh, en=en)


def check_rows(kind: Kind, sheet: Sheet, user: User) -> tuple[list[Planned], list[RowError]]:
    checker = RowChecker(kind, sheet, user)
    plan: list[Planned] = []
    errors: list[RowError] = []
    for number, cells in sheet.rows:
        outcome = checker.check(number, cells)
        if isinstance(outcome, Planned):
            plan.append(outcome)
        else:
            errors.extend(outcome)
    return plan, errors


def _write_row(kind: Kind, p: Planned, user: User) -> None:
    if p.existing is None:
        create_record(kind.model, p.data, acting_user=user, m2m=p.m2m or None)
    elif p.action == "updated":
        obj = kind.model._default_manager.get(pk=p.existing.pk)
        update_record(obj, p.data, acting_user=user, m2m=p.m2m or None)


def write_plan(kind: Kind, plan: list[Planned], user: User) -> None:
    """Every row in one transaction; the first refusal undoes all and is reported."""
    with transaction.atomic():
        for p in plan:
            try:
                _write_row(kind, p, user)
            except ActionError as err:
                raise _Abort(RowError(p.row, kind.header_of(err.field), err.zh, err.en)) from None
            except IntegrityError:
                raise _Abort(RowError(p.row, None, "与已有记录冲突，请检查后重试",
                                      "Conflicts with a stored record; check and retry.")) from None


def import_registry(
    kind: Kind, fileobj: IO[bytes], user: User, *, dry_run: bool = False,
) -> ImportResult:
    """Check the whole file; write it only if every row is good. TransferError: unusable file."""
    if not access.is_staff_user(user):
        raise Forbidden()
    sheet = read_sheet(kind, fileobj)
    result = ImportResult(kind=kind, dry_run=dry_run)
    plan, errors = check_rows(kind, sheet, user)
    if not errors and not dry_run:
        try:
            write_plan(kind, plan, user)
        except _Abort as abort:
            errors = [abort.error]
    if errors:
        result.error_count = len(errors)
        result.errors = errors[:MAX_ERRORS]
        return result
    result.count(plan)
    return result

"""One Column per sheet header: how a field is written to a cell and read back.

Every parse error is a `CellError` with a Chinese and an English sentence; the
importer attaches the row number and the header.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

from yifa.law.models import Law, Provision
from yifa.lib.idcodes import canonical_or_typed, canonical_resident_id, normalise
from yifa.lib.masking import mask_resident_id
from yifa.registry import access
from yifa.registry.models import Agency, Region
from yifa.workcal.calendar import rule_on
from yifa.workcal.models import DeadlineRule

if TYPE_CHECKING:
    from yifa.accounts.models import User

#: Separators between several values in one cell (provisions, penalty types).
LIST_SPLIT = re.compile(r"[；;\n]+")
PROVISION_REF = re.compile(r"^《(?P<law>[^》]+)》\s*(?P<label>\S.*)$")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
TRUE_WORDS = frozenset({"是", "有", "√", "true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"否", "无", "×", "false", "no", "n", "0"})


class CellError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class SkipCell(Exception):
    """The cell cannot be read because another cell of the row is wrong (already reported)."""


@dataclass
class Context:
    """Who is importing or exporting, and lookups cached for the whole file."""

    user: User
    today: dt.date
    cache: dict[tuple[str, str], Any] = field(default_factory=dict)

    def lookup(self, kind: str, key: str, fetch: Callable[[], Any]) -> Any:
        if (kind, key) not in self.cache:
            self.cache[(kind, key)] = fetch()
        return self.cache[(kind, key)]


def as_text(raw: Any) -> str:
    """A cell as text: 123.0 typed into a text column reads as "123"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


class Column:
    """A plain text field; subclasses read and write other types."""

    width = 16

    def __init__(
        self, header: str, field: str, *, required: bool = False, writable: bool = True,
        width: int | None = None,
    ) -> None:
        self.header = header
        self.field = field
        self.required = required
        # A column that is not writable is checked against the record but never written.
        self.writable = writable
        if width:
            self.width = width

    export_only = False
    m2m = False

    def export(self, obj: models.Model, ctx: Context) -> Any:
        return getattr(obj, self.field)

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        return as_text(raw)

    def blank(self) -> Any:
        return ""

    def resolve(self, value: Any, existing: models.Model | None) -> Any:
        """Settle a value that depends on the record already stored (see ResidentIdColumn)."""
        return value

    def current(self, obj: models.Model) -> Any:
        """The stored value, comparable with `comparable(parsed value)`."""
        return getattr(obj, self.field)

    def comparable(self, value: Any) -> Any:
        return value


class TextColumn(Column):
    def __init__(self, header: str, field: str, *, upper: bool = False, **kw: Any) -> None:
        super().__init__(header, field, **kw)
        self.upper = upper

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        text = as_text(raw)
        # An upper-cased column holds a code: read as the model stores it (full-width, spaces removed).
        return normalise(text) if self.upper else text


class IntColumn(Column):
    width = 10

    def __init__(self, header: str, field: str, *, default: int | None = None, **kw: Any) -> None:
        super().__init__(header, field, **kw)
        self.default = default

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        text = as_text(raw)
        if text.isdigit():
            return int(text)
        raise CellError("应填写整数", "A whole number is expected.")

    def blank(self) -> Any:
        return self.default


class DateColumn(Column):
    width = 12

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = as_text(raw)
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise CellError(
            f"日期“{text}”无法识别，应写作2024-01-31",
            f"Unreadable date {text!r}; write 2024-01-31.",
        )

    def blank(self) -> Any:
        return None


class BoolColumn(Column):
    width = 8

    def __init__(self, header: str, field: str, *, default: bool = False, **kw: Any) -> None:
        super().__init__(header, field, **kw)
        self.default = default

    def export(self, obj: models.Model, ctx: Context) -> Any:
        return "是" if getattr(obj, self.field) else "否"

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        if isinstance(raw, bool):
            return raw
        word = as_text(raw).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError("应填写“是”或“否”", "Write 是 (yes) or 否 (no).")

    def blank(self) -> Any:
        return self.default


class ChoiceColumn(Column):
    """A choice, exported by its Chinese label; the import takes the label or the code."""

    def __init__(
        self, header: str, field: str, choices: Sequence[tuple[str, str]], *,
        default: str = "", **kw: Any,
    ) -> None:
        super().__init__(header, field, **kw)
        self.labels = dict(choices)
        self.by_word = {label: code for code, label in choices}
        self.by_word.update({code: code for code, _ in choices})
        self.default = default

    def export(self, obj: models.Model, ctx: Context) -> Any:
        value = getattr(obj, self.field)
        return self.labels.get(value, value)

    def choose(self, word: str) -> str:
        try:
            return self.by_word[word]
        except KeyError:
            allowed = "、".join(self.labels.values())
            raise CellError(
                f"“{word}”不是有效选项，应为：{allowed}",
                f"{word!r} is not one of: {', '.join(self.labels)}.",
            ) from None

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        return self.choose(as_text(raw))

    def blank(self) -> Any:
        return self.default


class GuardedChoiceColumn(ChoiceColumn):
    """A choice that has its own workflow (certificate status): shown, checked, never imported."""

    def __init__(self, *args: Any, reason_zh: str, reason_en: str, **kw: Any) -> None:
        super().__init__(*args, writable=False, **kw)
        self.reason_zh = reason_zh
        self.reason_en = reason_en

    def resolve(self, value: Any, existing: models.Model | None) -> Any:
        stored = getattr(existing, self.field) if existing is not None else self.default
        if value not in ("", stored):
            raise CellError(self.reason_zh, self.reason_en)
        return stored


class ChoiceListColumn(ChoiceColumn):
    """Several choices in one cell, separated by ；."""

    width = 30

    def export(self, obj: models.Model, ctx: Context) -> Any:
        return "；".join(self.labels.get(v, v) for v in getattr(obj, self.field) or [])

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        words = [w.strip() for w in LIST_SPLIT.split(as_text(raw)) if w.strip()]
        return list(dict.fromkeys(self.choose(w) for w in words))

    def blank(self) -> Any:
        return []


class ResidentIdColumn(TextColumn):
    """Exported in full only to those allowed; a masked value means "unchanged"."""

    width = 22

    def __init__(self, header: str, field: str, **kw: Any) -> None:
        super().__init__(header, field, upper=True, **kw)

    def export(self, obj: models.Model, ctx: Context) -> Any:
        value = getattr(obj, self.field)
        return value if access.can_see_full_id(ctx.user, obj) else mask_resident_id(value)

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        text = normalise(as_text(raw))
        # The old 15-digit form becomes the stored 18-digit one (a masked value is resolved below).
        return text if "*" in text else canonical_or_typed(text, canonical_resident_id)

    def resolve(self, value: Any, existing: models.Model | None) -> Any:
        if "*" not in value:
            return value
        if existing is not None and mask_resident_id(getattr(existing, self.field)) == value:
            return getattr(existing, self.field)
        raise CellError(
            "身份证号码为脱敏值且与现有记录不符；新增或修改人员须填写完整号码",
            "A masked ID number only stands for an unchanged existing officer; write it in full.",
        )


class ExportOnlyColumn(Column):
    """Shown to help the reader (e.g. the agency's name); ignored on import."""

    export_only = True

    def __init__(self, header: str, getter: Callable[[Any], Any], *, width: int = 24) -> None:
        super().__init__(header, "", writable=False, width=width)
        self.getter = getter

    def export(self, obj: models.Model, ctx: Context) -> Any:
        return self.getter(obj)


class ForeignColumn(Column):
    """A foreign key written as the related record's natural key."""

    def export(self, obj: models.Model, ctx: Context) -> Any:
        related = getattr(obj, self.field)
        return self.natural_key(related) if related is not None else ""

    def natural_key(self, related: Any) -> str:
        raise NotImplementedError

    def blank(self) -> Any:
        return None

    def current(self, obj: models.Model) -> Any:
        return getattr(obj, f"{self.field}_id")

    def comparable(self, value: Any) -> Any:
        return value.pk if value is not None else None


class AgencyColumn(ForeignColumn):
    """An agency by its unified social credit code, among those the user may see."""

    width = 22

    def natural_key(self, related: Any) -> str:
        return related.uscc

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        uscc = normalise(as_text(raw))
        found = ctx.lookup(
            "agency", uscc, lambda: access.visible_agencies(ctx.user).filter(uscc=uscc).first()
        )
        if found is None:
            raise CellError(
                f"未找到统一社会信用代码为{uscc}的执法主体，或该主体不在您的权限范围内",
                f"No agency with credit code {uscc} within your reach.",
            )
        return found


class RegionColumn(ForeignColumn):
    width = 12

    def natural_key(self, related: Any) -> str:
        return related.code

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        code = as_text(raw)
        found = ctx.lookup("region", code, lambda: Region.objects.filter(code=code).first())
        if found is None:
            raise CellError(f"未找到行政区划代码{code}", f"No region with code {code}.")
        return found


class LawColumn(ForeignColumn):
    width = 30

    def natural_key(self, related: Any) -> str:
        return related.name

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        name = as_text(raw).strip("《》")
        found = ctx.lookup(
            "law", name, lambda: access.scoped(Law, ctx.user).filter(name=name).first()
        )
        if found is None:
            raise CellError(f"未找到法律法规《{name}》", f"No law named {name}.")
        return found


class SiblingColumn(ForeignColumn):
    """A unit or post, by its name within the row's own agency."""

    def __init__(
        self, header: str, field: str, model: type[models.Model], noun: str, *,
        agency_field: str = "agency", **kw: Any,
    ) -> None:
        super().__init__(header, field, **kw)
        self.model = model
        self.noun = noun
        self.agency_field = agency_field

    def natural_key(self, related: Any) -> str:
        return related.name

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        agency = values.get(self.agency_field)
        if not isinstance(agency, Agency):
            raise SkipCell()
        name = as_text(raw)
        found = ctx.lookup(
            self.field, f"{agency.pk}/{name}",
            lambda: self.model._default_manager.filter(agency=agency, name=name).first(),
        )
        if found is None:
            raise CellError(
                f"{agency.name}没有名为“{name}”的{self.noun}",
                f"{agency.name} has no {self.field} {name!r}.",
            )
        return found


class RuleColumn(ForeignColumn):
    """A statutory time-limit rule by its code; the version in force today is linked."""

    width = 22

    def natural_key(self, related: Any) -> str:
        return related.code

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        code = as_text(raw).upper()

        def fetch() -> DeadlineRule | None:
            try:
                return rule_on(code, ctx.today)
            except Exception:  # UnknownRule: no such code, or none in force today
                return None

        found = ctx.lookup("rule", code, fetch)
        if found is None:
            raise CellError(
                f"未找到现行有效的法定时限规则{code}", f"No time-limit rule {code} in force."
            )
        return found

    def current(self, obj: models.Model) -> Any:
        # Compared by code: a row naming the rule it already has keeps the linked version.
        rule = getattr(obj, self.field)
        return rule.code if rule is not None else None

    def comparable(self, value: Any) -> Any:
        return value.code if value is not None else None


def provision_ref(provision: Provision) -> str:
    return f"《{provision.law.name}》{provision.label}"


class ProvisionsColumn(Column):
    """Provisions as 《法律名称》第X条, several separated by ；."""

    width = 40
    m2m = True

    def export(self, obj: models.Model, ctx: Context) -> Any:
        return "；".join(provision_ref(p) for p in self.sorted(getattr(obj, self.field).all()))

    @staticmethod
    def sorted(provisions: Iterable[Provision]) -> list[Provision]:
        return sorted(provisions, key=lambda p: (p.law.name, p.article, p.label))

    def parse(self, raw: Any, values: dict[str, Any], ctx: Context) -> Any:
        found: list[Provision] = []
        for ref in (r.strip() for r in LIST_SPLIT.split(as_text(raw)) if r.strip()):
            match = PROVISION_REF.match(ref)
            if match is None:
                raise CellError(
                    f"“{ref}”应写作《法律名称》第X条", f"{ref!r} should read 《law name》第X条."
                )
            law, label = match["law"].strip(), match["label"].strip()
            provision = ctx.lookup("provision", f"{law}/{label}", self._finder(law, label, ctx))
            if provision is None:
                raise CellError(f"未找到条款{ref}", f"No provision {ref}.")
            found.append(provision)
        return list({p.pk: p for p in found}.values())

    @staticmethod
    def _finder(law: str, label: str, ctx: Context) -> Callable[[], Provision | None]:
        def find() -> Provision | None:
            provisions = access.scoped(Provision, ctx.user).select_related("law")
            return provisions.filter(law__name=law, label=label).first()

        return find

    def blank(self) -> Any:
        return []

    def current(self, obj: models.Model) -> Any:
        return sorted(getattr(obj, self.field).values_list("pk", flat=True))

    def comparable(self, value: Any) -> Any:
        return sorted(p.pk for p in value)

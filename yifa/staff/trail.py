"""The audit trail as people read it: the record kinds that have one, an event's action in words,
its changed fields (before → after, by their labels), and whether the shown events are intact."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yifa.audit.chain import check_segment, sealed_up_to
from yifa.audit.models import AuditEvent
from yifa.audit.tasks import last_verification
from yifa.cases.access import access_case
from yifa.cases.models import PenaltyKind
from yifa.cases.procedure import PENALTY
from yifa.coercion.access import access_measure
from yifa.coercion.procedure import MEASURES
from yifa.complaints.access import access_complaint
from yifa.complaints.procedure import COMPLAINTS
from yifa.enforcement.access import access_enforcement
from yifa.enforcement.procedure import ENFORCEMENT
from yifa.inspections.access import access_inspection
from yifa.inspections.procedure import INSPECTIONS
from yifa.law.models import PowerItem
from yifa.licensing.access import access_application, access_licence
from yifa.licensing.procedure import LICENSING
from yifa.randomcheck.access import access_plan
from yifa.randomcheck.procedure import PLANS
from yifa.registry.access import access_record
from yifa.registry.models import Agency, Officer, Post, Unit
from yifa.web.i18n import tr
from yifa.web.lists import rule_names
from yifa.workflow.steps import Label

Loader = Callable[[Any, Any], models.Model]


def _registry(model: type[models.Model]) -> Loader:
    return lambda pk, user: access_record(model, pk, user)


#: URL kind → (the events' object type, the record as the user may see it: NotFound otherwise).
RECORDS: dict[str, tuple[str, Loader]] = {
    "case": ("cases.Case", access_case),
    "application": ("licensing.LicenceApplication", access_application),
    "licence": ("licensing.Licence", lambda pk, user: access_licence(pk, user)),
    "measure": ("coercion.Measure", access_measure),
    "inspection": ("inspections.Inspection", access_inspection),
    "enforcement": ("enforcement.Enforcement", access_enforcement),
    "complaint": ("complaints.Complaint", access_complaint),
    "plan": ("randomcheck.Plan", access_plan),
    "agency": ("registry.Agency", _registry(Agency)),
    "unit": ("registry.Unit", _registry(Unit)),
    "post": ("registry.Post", _registry(Post)),
    "officer": ("registry.Officer", _registry(Officer)),
    "power": ("law.PowerItem", _registry(PowerItem)),
}

VERBS: dict[str, Label] = {
    "create": _("新建"), "update": _("修改"), "delete": _("删除"), "register": _("登记"), "status": _("变更状态"),
    "deactivate": _("停用账号"), "activate": _("启用账号"), "password_reset": _("重置密码"), "password_change": _("修改本人密码"), "propose": _("提出"),
    "record": _("记录"), "add": _("添加"), "generate": _("生成文书"), "pdf": _("生成PDF"), "template": _("更换模板"),
    "issue": _("开具"), "renew": _("延续"), "open": _("立案"), "receive": _("接收"), "rate": _("评价"),
    "draft": _("拟稿"), "assess": _("裁量评估"), "payment": _("登记缴款"), "preserve": _("证据保全"),
    "load_year": _("载入年历"), "import": _("导入"), "inspect": _("检查"),
}


def _step_labels() -> dict[str, Label]:
    found: dict[str, Label] = {}
    for procedure in (PENALTY, MEASURES, COMPLAINTS, ENFORCEMENT, INSPECTIONS, LICENSING, PLANS):
        noun = procedure.model._meta.model_name
        for name, step in procedure.steps.items():
            found[f"{noun}.{name}"] = step.label
    for name, step in LICENSING.steps.items():
        found[f"licence_application.{name}"] = step.label
    return found


_STEPS: dict[str, Label] = {}


def action_words(action: str, object_type: str) -> str:
    """"立案（行政处罚案件）": the step's own label, else a verb for the action's last word."""
    if not _STEPS:
        _STEPS.update(_step_labels())
    noun = _model_name(object_type)
    verb = _STEPS.get(action) or VERBS.get(action.rsplit(".", 1)[-1])
    if verb is None:
        return f"{gettext('其他操作')}（{noun}）"
    return f"{verb}（{noun}）"


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _model_name(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else object_type


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if name == "password_changed":
        return gettext("密码")
    if name == "version":  # the record's edit counter (optimistic locking)
        return gettext("版本")
    if name in FIELD_NAMES or name.removesuffix("_id") in FIELD_NAMES:
        return str(FIELD_NAMES.get(name) or FIELD_NAMES[name.removesuffix("_id")])
    if model is not None:
        for f in model._meta.get_fields():
            if getattr(f, "attname", None) == name or f.name == name:
                return str(getattr(f, "verbose_name", name))
    return name


#: Fields whose verbose name Django made from the field's name (no Chinese name in the model).
FIELD_NAMES: dict[str, Label] = {
    "agency": _("执法主体"), "case": _("所属案件"), "officers": _("执法人员"), "proposed_by": _("提出人"),
    "created_by": _("创建人"), "approved_by": _("批准人"),
}
#: JSON lists of penalty kind codes (cases.PenaltyKind): shown by the kinds' names.
PENALTY_KIND_LISTS = ("proposed_types", "decided_types")


def _choices(model: type[models.Model] | None, name: str) -> dict[str, str]:
    """A field's stored values → their labels (status "created" → 已登记), if it has choices."""
    if name in PENALTY_KIND_LISTS:
        return {code: str(tr(label)) for code, label in PenaltyKind.objects.values_list("code", "name")}
    if model is not None:
        for f in model._meta.get_fields():
            if (getattr(f, "attname", None) == name or f.name == name) and getattr(f, "choices", None):
                return {str(value): str(label) for value, label in getattr(f, "choices", None) or () if not isinstance(label, list | tuple)}
    return {}


def _shown(value: Any, choices: dict[str, str] | None = None) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return gettext("是")
    if value is False:
        return gettext("否")
    if isinstance(value, list):
        return "、".join(_shown(v, choices) for v in value) or "—"
    if choices and str(value) in choices:
        return choices[str(value)]
    if isinstance(value, str) and RULE_CODE.search(value):  # deadline rules: their names, not their codes
        names = rule_names(RULE_CODE.findall(value))
        return RULE_CODE.sub(lambda m: names.get(m.group(0), m.group(0)), value)
    return str(value)


RULE_CODE = re.compile(r"\b[A-Z]{2,}_[A-Z_]+\b")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str
    #: Structured values (a step's log, a list of records): shown as stored, as data (<code>).
    stored: bool = False


def _parsed(value: Any) -> Any:
    """A JSON field's value, also where the snapshot holds it as JSON text."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _structured(value: Any) -> bool:
    value = _parsed(value)
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict | list) for v in value))


def _stored(value: Any) -> str:
    return json.dumps(_parsed(value), ensure_ascii=False, sort_keys=True, default=str)


def _secret(name: str) -> bool:
    """A stored secret or its hash (a password, a complaint's query code, a token): never shown,
    even to those who may read the trail."""
    return name == "password" or name.endswith("_hash") or any(word in name for word in ("secret", "token"))


def changes(ev: AuditEvent) -> list[Change]:
    """The fields the event changed, by label: before → after (only what differs)."""
    before = ev.before if isinstance(ev.before, dict) else {}
    after = ev.after if isinstance(ev.after, dict) else {}
    model = _model(ev.object_type)
    found = []
    for name in sorted(set(before) | set(after)):
        # "step": the step taken, already the event's action
        if name in ("id", "step") or _secret(name) or before.get(name) == after.get(name):
            continue
        old, new = before.get(name), after.get(name)
        if _structured(old) or _structured(new):
            found.append(Change(_field_label(model, name), _stored(old), _stored(new), stored=True))
            continue
        choices = _choices(model, name)
        found.append(Change(_field_label(model, name), _shown(old, choices), _shown(new, choices)))
    return found


def rows(events: Sequence[AuditEvent]) -> list[dict[str, Any]]:
    """Each event as the trail prints it, with whether it is intact where it stands."""
    intact = check_segment(events)
    _at, sealed = sealed_up_to()
    return [{"event": ev, "at": timezone.localtime(ev.at), "actor": gettext("系统") if ev.actor in ("", "system") and ev.actor_id is None else ev.actor,
             "action": action_words(ev.action, ev.object_type), "object": _model_name(ev.object_type),
             "changes": changes(ev), "intact": intact.get(ev.pk, False),
             "sealed": sealed.get(ev.chain, 0) >= ev.seq} for ev in events]


def chain_state() -> dict[str, Any]:
    """The last full verification (the scheduled `verify`) and the last seal, for the page's footer."""
    at, _heads = sealed_up_to()
    return {"verification": last_verification(), "sealed_at": timezone.localtime(at) if at else None}

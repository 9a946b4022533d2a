"""The to-do list (待办), the done list (已办), notifications and hand-offs as pages show them:
read from the workflow core's items (yifa.workflow.worklist), so a procedure declared there
appears here without page code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from yifa.accounts.models import Role, User
from yifa.lib.htmlrows import html_fragment, html_row, joined
from yifa.web.i18n import tr
from yifa.web.lists import NEAR_DAYS, deadline_state
from yifa.workflow import worklist
from yifa.workflow.models import Notification


@dataclass(frozen=True)
class Row:
    title: str
    url: str
    action: str
    kind: str
    due: dt.date | None
    state: str
    #: The step's name: the link opens its form on the record page (#step-<name>).
    step: str = ""

    @property
    def due_text(self) -> str:
        return self.due.isoformat() if self.due else ""


@dataclass(frozen=True)
class GroupRow:
    action: str
    kind: str
    count: int
    overdue: int
    near: int
    state: str


#: Step and kind names by language: a home page names up to 70 items, a few distinct ones.
_LABELS: dict[tuple[str, str, str, str], str] = {}


def _label(kind: str, step: str, language: str | None = None) -> str:
    key = ("step", language or get_language(), kind, step)
    if key not in _LABELS:
        _LABELS[key] = str(worklist.step_label(kind, step))
    return _LABELS[key]


def _kind(kind: str, language: str | None = None) -> str:
    key = ("kind", language or get_language(), kind, "")
    if key not in _LABELS:
        _LABELS[key] = tr(worklist.kind_label(kind))
    return _LABELS[key]


def todo_context(user: Any) -> dict[str, Any]:
    """What the home page shows of a person's work: counts by what to do, the items (most
    pressing deadline first), and what they did last."""
    today = timezone.localdate()
    near = today + dt.timedelta(days=NEAR_DAYS)
    lang = get_language()  # once: each call reads a context-local
    groups = [
        GroupRow(_label(g.kind, g.step, lang), _kind(g.kind, lang), g.count, g.overdue, g.near,
                 "overdue" if g.overdue else "near" if g.near else "normal")
        for g in worklist.groups_for_user(user, today, near)]
    groups.sort(key=lambda g: (-g.overdue, -g.near, -g.count))
    items = [Row(i.title, i.url, _label(i.kind, i.step, lang), _kind(i.kind, lang), i.due, deadline_state([i.due], today), i.step)
             for i in worklist.for_user(user)]
    done = [{"title": d.title, "url": d.url, "action": _label(d.kind, d.step, lang), "kind": _kind(d.kind, lang),
             "at": (at := timezone.localtime(d.at)), "at_text": at.strftime("%Y-%m-%d %H:%M")}
            for d in worklist.done_for_user(user)]
    return {"todo_groups": groups, "todo_items": items, "todo_total": sum(g.count for g in groups),
            "done_items": done, "todo_html": items_html(items), "done_html": done_html(done)}


#: One to-do item and one done item of the home page (web/home.html).
ITEM = ('\n  <li class="deadline-{state}"><a href="{url}#step-{step}">\n    {due}\n'
        '    <strong>{action}</strong> · {title} <span class="muted">{kind}</span></a></li>\n  ')
DONE = ('<li><a href="{url}"><span class="due">{at}</span><strong>{action}</strong> · {title} '
        '<span class="muted">{kind}</span></a></li>')


def items_html(items: list[Row]) -> SafeString:
    """The to-do items, written here rather than by a template loop: fifty items through the
    template engine were a third of the home page's CPU (docs/benchmarks.md, "CPU per request")."""
    words = {"overdue": gettext("已逾期") + " ", "near": gettext("即将到期") + " "}
    return joined(html_row(
        ITEM, state=i.state, url=i.url, step=i.step, action=i.action, title=i.title, kind=i.kind,
        due=html_fragment('<span class="due">{}{}</span>', words.get(i.state, ""), i.due_text) if i.due else "")
        for i in items)


def done_html(done: list[dict[str, Any]]) -> SafeString:
    return joined(html_row(
        DONE, url=d["url"], at=d["at_text"], action=d["action"], title=d["title"], kind=d["kind"]) for d in done)


def audience_names(keys: list[str]) -> list[str]:
    """The people or roles a record waits on, in words (a role of an agency: the role's name)."""
    ids = [int(k.split(":")[1]) for k in keys if k.startswith("user:")]
    people = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=ids)} if ids else {}
    names = []
    for key in keys:
        kind, _, rest = key.partition(":")
        if kind == "user":
            names.append(people.get(int(rest), gettext("（已停用的账号）")))
        else:
            role = rest.split(":")[-1]
            names.append(tr(Role(role).label) if role in Role.values else role)
    return list(dict.fromkeys(names))


def waiting_lines(model: Any, pk: int) -> list[str]:
    """Whom a record waits on now, one line per step: "执法机关负责人：审查（期限 2026年12月10日）"."""
    by_step: dict[tuple[str, dt.date | None], list[str]] = {}
    for item in worklist.waiting_on(model, pk):
        by_step.setdefault((_label(item.kind, item.step), item.due), []).append(item.audience)
    lines = []
    for (action, due), keys in by_step.items():
        who = "、".join(audience_names(keys))
        if due:
            lines.append(gettext("%(who)s：%(action)s（期限 %(due)s）") % {
                "who": who, "action": action, "due": date_format(due, "DATE_FORMAT")})
        else:
            lines.append(gettext("%(who)s：%(action)s") % {"who": who, "action": action})
    return lines


def handoff_message(model: Any, pk: int) -> str:
    """After a step: who acts next and by when (or that nothing waits on anyone)."""
    lines = waiting_lines(model, pk)
    if not lines:
        return gettext("本记录目前没有待办环节。")
    return gettext("下一步：%(next)s。") % {"next": "；".join(lines)}


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()

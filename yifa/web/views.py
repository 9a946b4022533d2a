"""Home page per role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from yifa.law.models import Law, PowerItem
from yifa.lib.htmlrows import html_row, joined, ymd, ymd_hm
from yifa.registry import access
from yifa.registry.models import Agency, Officer, Post, Unit
from yifa.web.todo import todo_context
from yifa.web.views_common import can_create_any, staff_required
from yifa.web.views_registry import category_counts, counts_by, status_counts
from yifa.workflow.models import Notification
from yifa.workflow.worklist import mark_read, step_label


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.is_staff_user(user):
        return render(request, "web/home_public.html")
    # Per status and per category, in one grouped query each: their sums are the two totals.
    by_status = counts_by(access.scoped(Officer, user), "status")
    by_category = counts_by(access.scoped(PowerItem, user), "category")
    return render(request, "web/home.html", {
        **todo_context(user),
        "counts": {
            "agencies": access.scoped(Agency, user).count(),
            "units": access.scoped(Unit, user).count(),
            "posts": access.scoped(Post, user).count(),
            "officers": sum(by_status.values()),
            "powers": sum(by_category.values()),
            "laws": access.scoped(Law, user).count(),
        },
        "officer_status": status_counts(None, by_status),
        "power_categories": category_counts(None, by_category),
        "can_add_officer": can_create_any(user, Officer),
    })


@staff_required
def notifications(request: HttpRequest) -> HttpResponse:
    """What landed on the user's to-do list lately, the unread marked; "mark all read" is a POST
    (reading the page changes nothing)."""
    if request.method == "POST":
        if request.POST.get("read") != "all":
            return HttpResponseBadRequest(gettext("请选择要标为已读的通知。"))
        mark_read(request.user)
        return redirect("notifications")
    rows = list(Notification.objects.filter(user_id=int(request.user.pk or 0)).order_by("-id")[:50])
    return render(request, "web/notifications.html", {"notifications": rows, "items": notification_items(rows)})


def notification_items(rows: list[Notification]) -> SafeString:
    """The list's items, written here rather than by a template loop (its localised date per item
    was most of the page's CPU); the markup is what the loop printed."""
    unread = format_html('<span class="badge">{}</span> ', gettext("未读"))
    due_label = gettext("期限")
    return joined(html_row(
        '\n  <li{}><a href="{}">\n    <span class="due">{}</span>\n    {}<strong>{}</strong> · {}\n    {}</a></li>\n  ',
        "" if n.read_at else UNREAD_ITEM, n.url, ymd_hm(n.created_at), "" if n.read_at else unread,
        step_label(n.kind, n.step), n.title,
        format_html('<span class="muted">{} {}</span>', due_label, ymd(n.due)) if n.due else "")
        for n in rows)


#: An unread notification's mark (a constant: no user text in it).
UNREAD_ITEM = format_html(' class="{}"', "deadline-near")

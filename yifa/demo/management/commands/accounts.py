"""`yifa accounts`: the demo logins present in this database, with their password."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand

from yifa.accounts.models import Role, User
from yifa.demo.data import DEMO_PASSWORD, DEMO_URL, DEMO_USERNAMES


def width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def scope_of(user: User) -> str:
    if user.agency is not None:
        return user.agency.name
    if user.region is not None:
        return user.region.name
    return "—"


class Command(BaseCommand):
    help = "列出演示账号 / List the demo logins."

    def handle(self, *args: Any, **opts: Any) -> None:
        order = {name: i for i, name in enumerate(DEMO_USERNAMES)}
        users = sorted(
            (u for u in User.objects.filter(username__in=DEMO_USERNAMES)
             .select_related("agency", "region") if u.has_usable_password()),
            key=lambda u: order[u.username],
        )
        if not users:
            self.stdout.write("未找到演示账号，请先运行 `yifa demo`。/ No demo logins: run `yifa demo` first.")
            return
        header = ("用户名 Username", "角色 Role", "姓名 Name", "执法主体/区域 Agency/Region")
        rows = [(u.username, Role(u.role).label, u.display_name, scope_of(u)) for u in users]
        widths = [max(width(r[i]) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, tuple("-" * w for w in widths), *rows):
            self.stdout.write("  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write("")
        self.stdout.write(f"演示密码 Password: {DEMO_PASSWORD}")
        self.stdout.write(f"访问地址 URL: {DEMO_URL}")

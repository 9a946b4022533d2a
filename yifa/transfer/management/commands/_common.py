"""Shared by the export and import commands: which registry, and who is acting."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from yifa.accounts.models import User
from yifa.registry import access
from yifa.transfer.kinds import KINDS, Kind


def add_common_arguments(parser: CommandParser) -> None:
    parser.add_argument("kind", choices=sorted(KINDS), help="登记表 / registry: " + ", ".join(
        f"{k.slug}={k.label}" for k in KINDS.values()))
    parser.add_argument("file", help=".xlsx 文件路径 / path of the .xlsx file")
    parser.add_argument(
        "--user", required=True, help="以该用户身份操作（权限同网页）/ act as this user"
    )


def resolve(options: dict[str, Any]) -> tuple[Kind, User]:
    try:
        user = User.objects.get(username=options["user"], is_active=True)
    except User.DoesNotExist:
        raise CommandError(f"用户不存在：{options['user']} / No such user.") from None
    if not access.is_staff_user(user):
        raise CommandError("该用户无权使用导入导出功能。 / This user may not import or export.")
    return KINDS[options["kind"]], user

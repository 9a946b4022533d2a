"""yifa import_registry KIND FILE --user USERNAME [--dry-run]: all rows or none."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.lib.errors import ActionError
from yifa.transfer.importer import import_registry
from yifa.transfer.management.commands._common import add_common_arguments, resolve


class Command(BaseCommand):
    help = "从Excel导入登记表（有错误则不导入）/ Import a registry from .xlsx (all rows or none)"

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入 / check only")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, user = resolve(options)
        try:
            with open(options["file"], "rb") as fileobj:
                result = import_registry(kind, fileobj, user, dry_run=options["dry_run"])
        except OSError as err:
            raise CommandError(f"无法读取文件：{err} / Cannot read the file.") from None
        except ActionError as err:
            raise CommandError(f"{err.zh} / {err.en}") from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"{error} / {error.english}")
            raise CommandError(result.summary)
        self.stdout.write(result.summary)

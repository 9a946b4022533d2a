"""yifa export_registry KIND FILE --user USERNAME: the rows USERNAME may see, as .xlsx."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yifa.transfer.export import write_registry
from yifa.transfer.management.commands._common import add_common_arguments, resolve


class Command(BaseCommand):
    help = "导出登记表为Excel / Export a registry to an .xlsx file"

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        kind, user = resolve(options)
        count = write_registry(kind, user, options["file"])
        path = options["file"]
        self.stdout.write(f"已导出{kind.label}{count}条到{path} / Exported {count} rows to {path}")

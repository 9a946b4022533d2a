"""`yifa restore DIR [--force]`: put a backup back, then re-verify the audit chain."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.lib.errors import ActionError
from yifa.ops.backup import restore


class Command(BaseCommand):
    help = "从备份恢复（请先停止服务）/ Restore a backup (stop the application first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="yifa backup 写的目录 / a directory written by yifa backup")
        parser.add_argument("--force", action="store_true",
                            help="覆盖已有数据的数据库 / overwrite a database that holds data")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            done = restore(opts["directory"], force=opts["force"])
        except ActionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已恢复 / restored: {done.tables} tables (row counts match the backup), "
                          f"{done.files} files written")
        for note in done.notes:
            self.stdout.write(note)
        verdict = done.verdict
        if not verdict.ok:
            self.stdout.write(f"审计链校验失败 / audit chain BROKEN after {verdict.count} good events: {verdict.problem}")
            sys.exit(1)
        self.stdout.write(f"审计链校验通过 / audit chain OK: {verdict.count} events, {verdict.seals} signed seals")
        for note in verdict.notes:
            self.stdout.write(note)

"""`yifa backup DIR [--with-keys]`: the database, the evidence files and the audit keyring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.lib.errors import ActionError
from yifa.ops.backup import backup


class Command(BaseCommand):
    help = "备份数据库、证据文件和审计公钥环 / Back up the database, evidence files and audit keyring."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="新的或空的目录 / a new or empty directory")
        parser.add_argument("--with-keys", action="store_true",
                            help="连同审计签名私钥一起备份（请妥善保管）/ include the private signing key (keep it safe)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            manifest = backup(opts["directory"], with_keys=opts["with_keys"])
        except ActionError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"备份完成 / backed up to {opts['directory']}: {manifest['vendor']}, "
                          f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files"
                          + ("（含签名私钥 / with the private signing key）" if opts["with_keys"] else ""))

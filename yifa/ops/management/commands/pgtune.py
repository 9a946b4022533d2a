"""`yifa pgtune [--apply [--system]]`: PostgreSQL settings for Yifa's production server."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from yifa.ops import pgtune


class Command(BaseCommand):
    help = ("PostgreSQL 生产设置：打印（默认）或应用 / PostgreSQL production settings: print (default) or apply.\n"
            "--apply 设置本数据库和热点列统计 / sets this database and the hot columns' statistics; "
            "--system 另以 ALTER SYSTEM 设置整个服务器（需超级用户）/ also the whole server (superuser).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true",
                            help="执行（默认只打印 SQL）/ run the statements (default: print them)")
        parser.add_argument("--system", action="store_true",
                            help="连同 ALTER SYSTEM（影响服务器上所有数据库）/ also ALTER SYSTEM (every database of the server)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("yifa pgtune 只用于 PostgreSQL；SQLite 无需此设置（批量生成后已自动 ANALYZE）。"
                               " / yifa pgtune is for PostgreSQL only; SQLite needs none of it.")
        if opts["system"] and not opts["apply"]:
            raise CommandError("--system 须与 --apply 一起使用 / --system goes with --apply.")
        if opts["apply"]:
            self._apply(system=opts["system"])
        else:
            self._print()

    def _print(self) -> None:
        """A script for psql: everything --apply --system would run, each group explained."""
        w = self.stdout.write
        w("-- Yifa: PostgreSQL settings for an OLTP server of 2 cores and 24 GiB (yifa pgtune).")
        w(f"-- Hot columns: larger statistics samples, then ANALYZE (target {pgtune.STATISTICS_TARGET}).")
        for sql in pgtune.statistics_statements() + pgtune.analyze_statements():
            w(f"{sql};")
        w("-- This database only; new connections take them.")
        for sql, s in zip(pgtune.database_statements(pgtune.current_database()), pgtune.DATABASE_SETTINGS, strict=True):
            w(f"{sql};  -- {s.why}")
        w("-- The whole server (superuser; `yifa pgtune --apply --system` runs these too).")
        whys = [f"  -- {s.why}" for s in pgtune.SYSTEM_SETTINGS] + [""]  # the last: pg_reload_conf()
        for sql, why in zip(pgtune.system_statements(), whys, strict=True):
            w(f"{sql};{why}")

    def _apply(self, *, system: bool) -> None:
        statements = pgtune.plan(system=system)
        pgtune.run(statements)
        for sql in statements:
            self.stdout.write(f"{sql};")
        self.stdout.write(f"已执行 {len(statements)} 条 / {len(statements)} statements run.")
        if not system:
            self.stdout.write("服务器级设置（ALTER SYSTEM）未执行，见 `yifa pgtune` / server-wide settings not run: "
                              "`yifa pgtune` prints them, `--apply --system` runs them.")
            if not pgtune.autovacuum_on():
                self.stderr.write("注意：服务器未开启 autovacuum / warning: autovacuum is off on this server "
                                  "(ALTER SYSTEM SET autovacuum = on, as a superuser).")

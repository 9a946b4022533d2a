"""`yifa benchmarks load [DIR]`: load the discretion benchmark files; `yifa benchmarks check [DIR]`
compiles them and runs their golden cases without writing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.discretion.actions import load_benchmarks
from yifa.discretion.golden import failures
from yifa.discretion.loader import BENCHMARK_DIR, read_files
from yifa.lib.errors import ActionError


class Command(BaseCommand):
    help = "载入或校验裁量基准文件 / Load or check the discretion benchmark files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["load", "check"])
        parser.add_argument("directory", nargs="?", default=str(BENCHMARK_DIR))

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        if options["what"] == "check":
            entries = read_files(directory)
            bad = [f for e in entries for f in failures(e)]
            for line in bad:
                self.stderr.write(line)
            if bad:
                raise CommandError(f"{len(bad)} golden case(s) failed")
            cases = sum(len(e.spec.get("golden") or []) for e in entries)
            self.stdout.write(f"{len(entries)} benchmarks, {cases} golden cases: all pass")
            return
        try:
            changed = load_benchmarks(directory, acting_user=None)
        except ActionError as exc:
            raise CommandError(exc.en) from exc
        self.stdout.write(f"{changed} benchmark(s) loaded or updated")

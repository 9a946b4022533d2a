"""`yifa audit verify` checks every chain; `yifa audit seal` records the root over all heads."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yifa.audit.chain import seal, verify


class Command(BaseCommand):
    help = "审计链校验与封印 / Verify or seal the audit chains."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["verify", "seal"])

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["what"] == "seal":
            s = seal()
            self.stdout.write(f"sealed {len(s.heads)} chains: {s.hash}")
            return
        verdict = verify()
        if verdict.ok:
            self.stdout.write(f"OK {verdict.count} events")
            return
        self.stdout.write(f"BROKEN after {verdict.count} good events: {verdict.problem}")
        sys.exit(1)

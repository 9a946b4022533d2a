"""`yifa demo`: build the deterministic demo county (or a synthetic city / province)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction

from yifa.audit.chain import seal
from yifa.demo.build import SCALES, build, is_loaded
from yifa.demo.cases import build_story_cases, bulk_cases
from yifa.demo.data import DEMO_URL
from yifa.demo.fines import build_fines
from yifa.demo.publications import build_publications
from yifa.demo.stories import build_stories


class Command(BaseCommand):
    help = "生成演示数据（浦江县）/ Build the demo data set (Pujiang County)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="随机种子 / random seed")
        parser.add_argument("--scale", choices=SCALES, default="county",
                            help="county：浦江县；city：金华市各县；province：多个市（基准测试用）")
        parser.add_argument("--if-empty", action="store_true",
                            help="已有执法主体时不做任何事 / do nothing when any agency exists")
        parser.add_argument("--cases", type=int, default=0,
                            help="另外批量生成N个案件（可在已有演示数据上运行）/ also write N synthetic cases")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["cases"] < 0:
            raise CommandError("案件数不能为负数 / --cases must not be negative.")
        if opts["cases"] and is_loaded():
            self._bulk(opts["cases"], opts["seed"])
            return
        if opts["if_empty"] and is_loaded():
            self.stdout.write("数据库中已有执法主体，未生成演示数据。/ Agencies exist; demo data not built.")
            return
        started = time.monotonic()
        try:
            # One transaction for the whole county: a build stopped midway (kill -9, power cut)
            # leaves the database empty, so `yifa demo --if-empty` (make run) builds it again.
            with transaction.atomic():
                counts = build(seed=opts["seed"], scale=opts["scale"])
                counts["案件（各环节示例）/ story cases"] = build_story_cases()
                counts.update(build_stories())
                counts.update(build_fines())
                counts.update(build_publications())
        except IntegrityError as exc:
            raise CommandError(
                "演示数据与数据库中已有的记录冲突，未写入任何数据；请在空数据库中运行，或加 --if-empty。"
                f" / Demo data conflicts with existing rows; nothing was written ({exc})."
            ) from exc
        self._seal()
        elapsed = time.monotonic() - started
        self.stdout.write(f"演示数据已生成 / Demo data built (seed {opts['seed']}, "
                          f"scale {opts['scale']}, {elapsed:.1f}s):")
        for label, n in counts.items():
            self.stdout.write(f"  {label:<28} {n:>8}")
        self.stdout.write(f"登录账号见 `yifa accounts` / Logins: `yifa accounts` — {DEMO_URL}")
        if opts["cases"]:
            self._bulk(opts["cases"], opts["seed"])

    def _bulk(self, n: int, seed: int) -> None:
        started = time.monotonic()
        written = bulk_cases(n, seed=seed)
        self._seal()
        self.stdout.write(f"批量案件 / bulk cases: {written} ({time.monotonic() - started:.1f}s)")

    def _seal(self) -> None:
        """A signed seal over everything just written, so the demo's record starts protected."""
        s = seal()
        self.stdout.write(f"审计封印 / audit seal {s.pk}: {s.hash[:16]}… (key {s.key_id[:16]}…)")

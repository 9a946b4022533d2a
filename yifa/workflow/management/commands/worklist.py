"""`yifa worklist rebuild [--if-empty]`: the to-do items recomputed from the records (after a
bulk load, a restore, or an upgrade from before the to-do lists). Steps keep them current."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import get_resolver

from yifa.workflow import worklist
from yifa.workflow.models import WorkItem


class Command(BaseCommand):
    help = "重建待办事项 / Rebuild the to-do items from the records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"], help="rebuild：按记录现状重建待办 / recompute every to-do item")
        parser.add_argument("--if-empty", action="store_true",
                            help="仅当尚无待办事项时重建 / only when there are no items yet")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and WorkItem.objects.exists():
            self.stdout.write("待办事项已存在，未重建。/ To-do items exist; nothing rebuilt.")
            return
        get_resolver().url_patterns  # noqa: B018 -- the URLconf imports every procedure (they register themselves)
        total = 0
        for kind, procedure in sorted(worklist.PROCEDURES.items()):
            waiting = {s for step in procedure.steps.values() if step.todo for s in step.sources}
            records = procedure.model._default_manager.filter(status__in=waiting).order_by("pk")
            written = worklist.rebuild(procedure, records.iterator(chunk_size=2000))
            self.stdout.write(f"{kind}: {written}")
            total += written
        self.stdout.write(f"共 {total} 条待办 / {total} to-do items")

"""Writes to the benchmarks: loading the files (by the legal office or a system administrator)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from yifa.accounts.models import SHARED_EDITORS
from yifa.audit.record import record
from yifa.discretion.engine import SpecError
from yifa.discretion.loader import BENCHMARK_DIR, read_files, sync
from yifa.lib.errors import ActionError, refuse

if TYPE_CHECKING:
    from yifa.accounts.models import User


def load_benchmarks(directory: Path = BENCHMARK_DIR, *, acting_user: User | None) -> int:
    """Load the benchmark files into the database, all or nothing; each changed benchmark is an
    audit event. `acting_user` None is the system (the command run by an operator)."""
    if acting_user is not None and not (acting_user.is_sysadmin or acting_user.role in SHARED_EDITORS):
        raise refuse("裁量基准由法制机构制定并备案", "Benchmarks are maintained by the legal office",
                     "国办发〔2022〕27号")
    try:
        entries = read_files(directory)
    except SpecError as exc:
        raise ActionError(f"裁量基准文件有误：{exc}", f"Bad benchmark file: {exc}", field="file") from exc

    def audit(action: str, row: Any, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        record(action, row, acting_user=acting_user, before=before, after=after, agency_id=None)

    with transaction.atomic():
        return sync(entries, audit)

"""Writing a registry to .xlsx: one sheet, a bold frozen Chinese header, rows streamed."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from yifa.registry import access
from yifa.transfer.columns import Context
from yifa.transfer.kinds import Kind

if TYPE_CHECKING:
    from yifa.accounts.models import User

CHUNK = 1000
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def export_queryset(kind: Kind, user: User) -> QuerySet[Any]:
    """Only the rows `user` may see: the access policy's queryset."""
    qs = access.scoped(kind.model, user).select_related(*kind.related).order_by(*kind.order)
    return qs.prefetch_related(*kind.prefetch) if kind.prefetch else qs


def _cell(ws: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        # Stored as text, never as a formula: exported data must not run in Excel.
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _header(ws: WriteOnlyWorksheet, kind: Kind) -> list[WriteOnlyCell]:
    cells = []
    for column in kind.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cells.append(cell)
    return cells


def write_registry(kind: Kind, user: User, dest: str | IO[bytes]) -> int:
    """Write the rows of `kind` that `user` may see to `dest`; returns the row count."""
    ctx = Context(user=user, today=timezone.localdate())
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=kind.label)
    ws.freeze_panes = "A2"
    for index, column in enumerate(kind.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.append(_header(ws, kind))
    count = 0
    rows = export_queryset(kind, user).iterator(chunk_size=CHUNK)
    for obj in rows:
        ws.append([_cell(ws, column.export(obj, ctx)) for column in kind.columns])
        count += 1
    wb.save(dest)
    return count

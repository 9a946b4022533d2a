"""Reading an uploaded .xlsx safely: size, zip and row limits, headers checked against a Kind."""

from __future__ import annotations

import zipfile
from collections.abc import Generator
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import load_workbook

from yifa.lib.errors import ActionError
from yifa.transfer.columns import as_text
from yifa.transfer.kinds import Kind

MAX_BYTES = 10 * 1024 * 1024
#: What the zip may unpack to: a guard against decompression bombs.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_ROWS = 20_000


class TransferError(ActionError):
    """The file as a whole is unusable; nothing has been read into the database."""


NOT_XLSX = (
    "文件不是有效的Excel工作簿（.xlsx）。", "The file is not a valid Excel workbook (.xlsx).",
)


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    #: (sheet row number, cells in header order), blank rows left out.
    rows: list[tuple[int, list[Any]]]


def _size(fileobj: IO[bytes]) -> int:
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _check_container(fileobj: IO[bytes]) -> None:
    if _size(fileobj) > MAX_BYTES:
        raise TransferError(
            f"文件超过{MAX_BYTES // 1024 // 1024}MB，请分批导入。",
            f"The file is larger than {MAX_BYTES // 1024 // 1024} MB; import it in parts.",
        )
    if not zipfile.is_zipfile(fileobj):
        raise TransferError(*NOT_XLSX)
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise TransferError(*NOT_XLSX) from None
    if unpacked > MAX_UNPACKED:
        raise TransferError("文件解压后过大，无法处理。", "The workbook unpacks to too much data.")
    fileobj.seek(0)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(fileobj: IO[bytes]) -> Generator[tuple[Any, ...], None, None]:
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged or foreign file
        raise TransferError(*NOT_XLSX) from None
    try:
        if not wb.worksheets:
            raise TransferError("工作簿中没有工作表。", "The workbook has no worksheet.")
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # some writers record wrong sheet dimensions
        yield from ws.iter_rows(values_only=True)
    finally:
        wb.close()


def check_headers(kind: Kind, headers: list[str]) -> None:
    if not any(headers):
        raise TransferError(
            "文件为空：第1行应为表头。", "The file is empty: row 1 should hold the headers."
        )
    if "" in headers:
        col = headers.index("") + 1
        raise TransferError(f"第{col}列缺少表头。", f"Column {col} has no header.")
    unknown = [h for h in headers if kind.column_for(h) is None]
    if unknown:
        raise TransferError(
            f"无法识别的表头：{'、'.join(unknown)}。{kind.label}的表头应为：{'、'.join(kind.headers)}。",
            f"Unknown headers: {', '.join(unknown)}.",
        )
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    if repeated:
        raise TransferError(
            f"表头重复：{'、'.join(repeated)}。", f"Repeated headers: {', '.join(repeated)}."
        )
    missing = [h for h in kind.required_headers if h not in headers]
    if missing:
        raise TransferError(
            f"缺少必需的列：{'、'.join(missing)}。", f"Missing columns: {', '.join(missing)}."
        )


def read_sheet(kind: Kind, fileobj: IO[bytes]) -> Sheet:
    """The first sheet's headers and non-blank rows, or TransferError for an unusable file."""
    _check_container(fileobj)
    rows = _rows(fileobj)
    try:
        first = next(rows, ())
        headers = [as_text(h) if not is_blank(h) else "" for h in first]
        while headers and headers[-1] == "":
            headers.pop()
        check_headers(kind, headers)
        data: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(rows, start=2):
            cells = list(values[: len(headers)]) + [None] * (len(headers) - len(values))
            if all(is_blank(v) for v in cells):
                continue
            if len(data) >= MAX_ROWS:
                raise TransferError(
                    f"数据超过{MAX_ROWS}行，请分批导入。",
                    f"More than {MAX_ROWS} rows; import in parts.",
                )
            data.append((number, cells))
    except TransferError:
        raise
    except Exception:
        raise TransferError(*NOT_XLSX) from None
    finally:
        rows.close()
    if not data:
        raise TransferError("文件中没有数据行。", "The file has no data rows.")
    return Sheet(headers=headers, rows=data)

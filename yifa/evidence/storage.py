"""Content-addressed file storage: one blob per SHA-256, kept under MEDIA_ROOT/blobs/ab/abcd….

Files are accepted by what their bytes are (magic numbers), never by their name, and
within a size limit per type. The limits are data: FILE_TYPES below, and the setting
YIFA_UPLOAD_LIMITS ({type code: bytes}) overrides a type's limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from yifa.lib.errors import ActionError

if TYPE_CHECKING:
    from yifa.evidence.models import StoredFile

MB = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    mime: str
    max_bytes: int


#: The accepted types and their default size limits.
FILE_TYPES: dict[str, FileType] = {t.code: t for t in (
    FileType("jpeg", "JPEG 图片", "image/jpeg", 10 * MB),
    FileType("png", "PNG 图片", "image/png", 10 * MB),
    FileType("pdf", "PDF 文档", "application/pdf", 10 * MB),
    FileType("mp4", "MP4 视频", "video/mp4", 50 * MB),
    FileType("m4a", "M4A 音频", "audio/mp4", 20 * MB),
    FileType("mp3", "MP3 音频", "audio/mpeg", 20 * MB),
    FileType("wav", "WAV 音频", "audio/wav", 20 * MB),
    FileType("docx", "Word 文档（DOCX）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10 * MB),
    FileType("xlsx", "Excel 表格（XLSX）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 10 * MB),
    FileType("text", "纯文本", "text/plain", 10 * MB),
)}


def limit_for(code: str) -> int:
    overrides: dict[str, int] = getattr(settings, "YIFA_UPLOAD_LIMITS", {}) or {}
    return int(overrides.get(code, FILE_TYPES[code].max_bytes))


def largest_limit() -> int:
    return max(limit_for(code) for code in FILE_TYPES)


# --- sniffing ------------------------------------------------------------------------

_MP4_AUDIO_BRANDS = {b"M4A ", b"M4B "}
_TEXT_CONTROLS_OK = {9, 10, 12, 13}


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_mp3(head: bytes) -> bool:
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame header: 11 sync bits, a layer that is not "reserved".
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return all(ord(ch) >= 32 or ord(ch) in _TEXT_CONTROLS_OK for ch in text)


def sniff(data: bytes) -> str | None:
    """The type code of `data` by its content, or None when it is not an accepted type."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[4:8] == b"ftyp":
        return "m4a" if head[8:12] in _MP4_AUDIO_BRANDS else "mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if _is_mp3(head):
        return "mp3"
    if data and _is_text(data):
        return "text"
    return None


def accepted_labels() -> str:
    return "、".join(t.label for t in FILE_TYPES.values())


def check_upload(data: bytes, *, field: str = "file") -> FileType:
    """The file's type, or ActionError (zh + en) when its type or size is not accepted."""
    if not data:
        raise ActionError("文件为空。", "The file is empty.", field=field)
    if len(data) > largest_limit():
        raise _too_large(len(data), largest_limit(), field)
    code = sniff(data)
    if code is None:
        raise ActionError(
            f"不支持的文件类型（按文件内容识别，不看文件名）。可上传：{accepted_labels()}。",
            "This file type is not accepted (judged by its content, not its name). "
            "Accepted: JPEG, PNG, PDF, MP4, MP3/M4A, WAV, DOCX, XLSX, plain text (UTF-8).",
            field=field,
        )
    if len(data) > limit_for(code):
        raise _too_large(len(data), limit_for(code), field, FILE_TYPES[code].label)
    return FILE_TYPES[code]


def _too_large(size: int, limit: int, field: str, label: str = "") -> ActionError:
    return ActionError(
        f"{label or '文件'}超过大小限制：{size / MB:.1f} MB，上限 {limit / MB:.0f} MB。",
        f"The file is too large: {size / MB:.1f} MB, the limit is {limit / MB:.0f} MB.",
        field=field,
    )


# --- blobs ---------------------------------------------------------------------------


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "blobs"


def blob_path(digest: str) -> Path:
    return blob_root() / digest[:2] / digest


def write_blob(digest: str, data: bytes) -> bool:
    """Write the blob once (atomically: temp file then rename). True if it was new."""
    path = blob_path(digest)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o440)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


def read_blob(digest: str) -> bytes:
    return blob_path(digest).read_bytes()


class _NewBlobs:
    """Blobs written during one action, to remove again if the action fails."""

    def __init__(self) -> None:
        self.paths: list[tuple[str, Path]] = []


_local = threading.local()


def _stack() -> list[_NewBlobs]:
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


@contextlib.contextmanager
def blob_guard() -> Iterator[None]:
    """Around an action's transaction: blobs it wrote are removed if it raises.

    Only a blob no committed StoredFile row names is removed (another upload of the
    same bytes may have committed meanwhile).
    """
    tracker = _NewBlobs()
    _stack().append(tracker)
    try:
        yield
    except BaseException:
        _remove_unreferenced(tracker.paths)
        raise
    finally:
        _stack().remove(tracker)


def _remove_unreferenced(paths: list[tuple[str, Path]]) -> None:
    from yifa.evidence.models import StoredFile

    for digest, path in paths:
        if not StoredFile.objects.filter(sha256=digest).exists():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def put(data: bytes, *, field: str = "file") -> StoredFile:
    """Validate and store `data`; the same bytes are stored (and recorded) once.

    Call inside the action's transaction and inside blob_guard().
    """
    from yifa.evidence.models import StoredFile

    ftype = check_upload(data, field=field)
    digest = sha256_of(data)
    StoredFile.objects.bulk_create(
        [StoredFile(sha256=digest, size=len(data), type_code=ftype.code, mime=ftype.mime)],
        ignore_conflicts=True,
    )
    stored = StoredFile.objects.get(sha256=digest)
    if write_blob(digest, data) and _stack():
        _stack()[-1].paths.append((digest, blob_path(digest)))
    return stored


def orphan_blobs() -> list[Path]:
    """Blob files no StoredFile names (left by a crash between write and commit)."""
    from yifa.evidence.models import StoredFile

    root = blob_root()
    if not root.exists():
        return []
    known = set(StoredFile.objects.values_list("sha256", flat=True))
    return sorted(p for p in root.glob("??/*") if p.name not in known and not p.name.startswith(".tmp-"))

"""Uploads in and stored files out, for every page and endpoint that takes or serves a file
(evidence, documents, a coercive measure's audio/video record)."""

from __future__ import annotations

import re
from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext

from yifa.evidence import storage
from yifa.evidence.actions import Upload
from yifa.evidence.models import StoredFile
from yifa.lib.errors import ActionError

#: Shown as the file's name when downloaded: its extension by type.
EXTENSIONS = {"jpeg": "jpg", "png": "png", "pdf": "pdf", "mp4": "mp4", "m4a": "m4a", "mp3": "mp3", "wav": "wav",
              "docx": "docx", "xlsx": "xlsx", "text": "txt"}
#: Types a browser may show in place; everything else downloads (an uploaded text is never a page).
INLINE_TYPES = frozenset({"jpeg", "png", "pdf", "mp4", "m4a", "mp3", "wav"})
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def file_name(stored: StoredFile, stem: str) -> str:
    """The download name: `stem` with the extension of the stored type (unless it has it already)."""
    ext = EXTENSIONS.get(stored.type_code, "bin")
    return stem if stem.lower().endswith(f".{ext}") else f"{stem}.{ext}"


def read_upload(upload: Any) -> Upload | None:
    """The uploaded file's bytes, refusing an oversized one before reading it."""
    if upload is None:
        return None
    if upload.size > storage.largest_limit():
        raise ActionError(
            f"文件超过大小限制：上限 {storage.largest_limit() // storage.MB} MB。",
            f"The file is too large: the limit is {storage.largest_limit() // storage.MB} MB.", field="file")
    return Upload(upload.read(), upload.name or "")


def stream(stored: StoredFile, name: str) -> FileResponse:
    """The blob as it was stored, with its sniffed type; shown in place only if a browser may."""
    try:
        handle = stored.path.open("rb")
    except FileNotFoundError:
        raise Http404(gettext("文件缺失。")) from None
    response = FileResponse(handle, content_type=stored.mime, as_attachment=stored.type_code not in INLINE_TYPES,
                            filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response

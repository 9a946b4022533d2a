"""Pages of a stored file, for the case file's index (卷内目录): counted from a PDF's page objects,
including those packed in compressed object streams; an image is one page."""

from __future__ import annotations

import re
import zlib

from yifa.evidence.models import StoredFile


def pdf_pages(stored: StoredFile | None) -> int | None:
    """Pages of a stored PDF (counted from its page objects), None if unknown; an image is one page."""
    if stored is None:
        return None
    if stored.type_code in ("jpeg", "png"):
        return 1
    if stored.type_code != "pdf":
        return None
    try:
        data = stored.read()
    except FileNotFoundError:
        return None
    return len(PDF_PAGE.findall(data)) + sum(len(PDF_PAGE.findall(s)) for s in _object_streams(data)) or None


PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
PDF_OBJECT_STREAM = re.compile(rb"<<[^<>]*/Type\s*/ObjStm[^<>]*>>\s*stream\r?\n")


def _object_streams(data: bytes) -> list[bytes]:
    """The (Flate-compressed) object streams of a PDF 1.5+, where page objects may hide."""
    out = []
    for match in PDF_OBJECT_STREAM.finditer(data):
        try:
            out.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            continue
    return out

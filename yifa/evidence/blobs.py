"""The blobs on disk: one file per SHA-256 under MEDIA_ROOT/blobs/ab/abcd…, written once.

No models here: StoredFile (models) reads its blob through this module, and
yifa.evidence.storage writes a blob and its row together.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


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

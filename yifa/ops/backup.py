"""Backup and restore: the database, the evidence files and the audit public keyring.

A backup directory holds:

- `yifa.sqlite3` (SQLite, by the online backup API: a consistent copy while the app runs) or
  `yifa.pgdump` (PostgreSQL, `pg_dump -Fc`, taken in the snapshot the row counts were read in);
- `media/…`: every file under MEDIA_ROOT (the content-addressed evidence and document blobs);
- `audit-keys/keyring.json`: the public keys the seals are signed with, and only with
  `--with-keys` the private signing key (whoever holds it can sign a rewritten record);
- `manifest.json`: the row count of every table and the size and SHA-256 of every file.

Restore checks every file against the manifest before it changes anything, refuses a database
that holds data unless forced, and afterwards compares the row counts and re-verifies the
audit chain. Run it with the application stopped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from yifa.audit import keys
from yifa.audit.chain import Verdict, verify
from yifa.lib.errors import ActionError
from yifa.ops import tools

MANIFEST = "manifest.json"
SQLITE_FILE = "yifa.sqlite3"
PG_FILE = "yifa.pgdump"
MEDIA_DIR = "media"
KEYS_DIR = "audit-keys"
FORMAT = 1
#: A database holding any of these has someone's data in it (the migrations' reference data does not count).
DATA_MODELS = ("accounts.User", "registry.Region", "registry.Agency", "audit.AuditEvent", "audit.AuditSeal")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(table: str) -> str:
    return connection.ops.quote_name(table)


def _count_tables(cur: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cur.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 -- a table name from introspection, quoted
        counts[table] = cur.fetchone()[0]
    return counts


def _media_files(root: Path) -> Iterator[Path]:
    if root.exists():
        # A ".tmp-" file is a blob still being written (blobs.write_blob): not part of the record.
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp-"))


# --- backup ------------------------------------------------------------------------------------


def backup(target: Path, *, with_keys: bool = False) -> dict[str, Any]:
    """Write a backup into `target` (new or empty); returns the manifest."""
    if target.exists() and any(target.iterdir()):
        raise ActionError(f"备份目录 {target} 不是空的。", f"The backup directory {target} is not empty.")
    # Personal data: the backup is the owner's alone, like the database it copies.
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.chmod(0o700)
    if connection.vendor == "sqlite":
        counts = _sqlite_backup(target / SQLITE_FILE)
    elif connection.vendor == "postgresql":
        counts = _pg_backup(target / PG_FILE)
    else:
        raise ActionError(f"不支持的数据库：{connection.vendor}", f"Unsupported database: {connection.vendor}")
    for source in _media_files(Path(settings.MEDIA_ROOT)):
        copy = target / MEDIA_DIR / source.relative_to(settings.MEDIA_ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
    _backup_keys(target / KEYS_DIR, with_keys=with_keys)
    manifest = {
        "format": FORMAT, "created": timezone.now().isoformat(), "vendor": connection.vendor,
        "with_keys": with_keys, "tables": counts,
        "files": {str(p.relative_to(target)): {"size": p.stat().st_size, "sha256": sha256_file(p)}
                  for p in sorted(target.rglob("*")) if p.is_file()},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest


def _sqlite_backup(dest: Path) -> dict[str, int]:
    """SQLite's online backup API: a consistent copy even while others write."""
    live = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(dest)
    try:
        with copy:
            live.backup(copy)
        # One self-contained file (no -wal beside it), whatever the live database's journal mode.
        copy.execute("PRAGMA journal_mode=DELETE")
        tables = [r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return _count_tables(copy.cursor(), tables)
    finally:
        copy.close()
        live.close()


def _pg_backup(dest: Path) -> dict[str, int]:
    """pg_dump in the very snapshot the row counts are read in, so the manifest matches the dump."""
    pg_dump = tools.program("pg_dump")
    tables = sorted(connection.introspection.table_names())
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT pg_export_snapshot()")
        snapshot = cur.fetchone()[0]
        counts = _count_tables(cur, tables)
        # A fixed argument list, no shell; the program is PostgreSQL's own (tools.program).
        subprocess.run([str(pg_dump), "-Fc", "--no-owner", "--snapshot", snapshot, "-f", str(dest)],  # noqa: S603
                       env=tools.pg_env(), check=True, timeout=3600)
    return counts


def _backup_keys(dest: Path, *, with_keys: bool) -> None:
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    if keys.keyring_path().exists():
        shutil.copy2(keys.keyring_path(), dest / keys.KEYRING_NAME)
    if with_keys and keys.private_path().exists():
        shutil.copy2(keys.private_path(), dest / keys.PRIVATE_NAME)  # copy2 keeps its 0600


# --- restore -----------------------------------------------------------------------------------


@dataclass
class Restored:
    tables: int
    files: int
    verdict: Verdict
    notes: list[str] = field(default_factory=list)


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest, after checking that every file it lists is there, whole and unchanged."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise ActionError(f"{source} 中没有可读的 {MANIFEST}。", f"No readable {MANIFEST} in {source}: {exc}") from exc
    for name, meta in manifest["files"].items():
        path = source / name
        if not path.is_file() or sha256_file(path) != meta["sha256"]:
            raise ActionError(f"备份文件 {name} 缺失或已损坏，未作任何恢复。",
                              f"Backup file {name} is missing or damaged; nothing was restored.")
    return manifest


def holds_data() -> bool:
    return any(apps.get_model(label)._base_manager.exists() for label in DATA_MODELS)


def restore(source: Path, *, force: bool = False) -> Restored:
    manifest = read_manifest(source)
    if manifest["vendor"] != connection.vendor:
        raise ActionError(f"该备份来自 {manifest['vendor']} 数据库，当前是 {connection.vendor}。",
                          f"This backup is of a {manifest['vendor']} database; this one is {connection.vendor}.")
    if not force and holds_data():
        raise ActionError("数据库中已有数据，未恢复；确需覆盖请加 --force。",
                          "The database already holds data; nothing was restored. Use --force to overwrite it.")
    connections.close_all()
    if connection.vendor == "sqlite":
        _sqlite_restore(source / SQLITE_FILE)
    else:
        _pg_restore(source / PG_FILE)
    files = _restore_media(source, manifest)
    notes = _restore_keys(source / KEYS_DIR)
    with connection.cursor() as cur:
        counts = _count_tables(cur, sorted(manifest["tables"]))
    differ = {t: (n, counts[t]) for t, n in manifest["tables"].items() if counts[t] != n}
    if differ:
        raise ActionError(f"恢复后行数与备份不符：{differ}", f"Row counts differ from the backup after restoring: {differ}")
    return Restored(tables=len(counts), files=files, verdict=verify(), notes=notes)


def _sqlite_restore(copy: Path) -> None:
    """The backup API again, the other way: the live file is rewritten page by page in one step."""
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    live = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(live)
    finally:
        live.close()
        source.close()


def _pg_restore(dump: Path) -> None:
    pg_restore = tools.program("pg_restore")
    env = tools.pg_env()
    # A fixed argument list, no shell; the program is PostgreSQL's own (tools.program).
    subprocess.run([str(pg_restore), "--clean",  # noqa: S603 "--if-exists", "--no-owner", "--no-privileges",
                    "--single-transaction", "--exit-on-error", "-d", env["PGDATABASE"], str(dump)],
                   env=env, check=True, timeout=3600)


def _restore_media(source: Path, manifest: dict[str, Any]) -> int:
    """Put every backed-up file back; files not in the backup are left alone (unreferenced blobs)."""
    root = Path(settings.MEDIA_ROOT)
    restored = 0
    prefix = MEDIA_DIR + "/"
    for name, meta in manifest["files"].items():
        if not name.startswith(prefix):
            continue
        dest = root / name.removeprefix(prefix)
        if dest.is_file() and sha256_file(dest) == meta["sha256"]:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            dest.unlink()  # blobs are read-only (0440): replace, don't write through
        shutil.copy2(source / name, dest)
        restored += 1
    return restored


def _restore_keys(backed_up: Path) -> list[str]:
    notes = []
    ring = backed_up / keys.KEYRING_NAME
    if ring.exists() and (added := keys.merge_keyring(ring)):
        notes.append(f"public keys added to the keyring: {', '.join(k[:16] + '…' for k in added)}")
    private = backed_up / keys.PRIVATE_NAME
    if private.exists():
        installed = keys.install_private(private.read_bytes())
        notes.append(f"signing key {installed} installed" if installed
                     else "the backup's signing key was not installed: this installation has its own")
    return notes

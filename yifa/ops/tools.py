"""PostgreSQL's client programs, chosen to match the server.

pg_dump refuses to dump a server newer than itself, so the newest installed client is taken
whose major version is at least the server's (Debian keeps each under
/usr/lib/postgresql/<major>/bin; the one on PATH is a fallback). YIFA_PG_BINDIR names a
directory to use instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection


def server_major() -> int:
    with connection.cursor() as cur:
        cur.execute("SHOW server_version_num")
        return int(cur.fetchone()[0]) // 10000


def _major(program: Path) -> int:
    # An installed PostgreSQL client asked its version: fixed arguments, no shell.
    out = subprocess.run([str(program), "--version"], capture_output=True, text=True, check=True,  # noqa: S603
                         timeout=30).stdout
    found = re.search(r"\(PostgreSQL\) (\d+)", out)
    return int(found.group(1)) if found else 0


def _candidates(name: str) -> list[Path]:
    if bindir := os.environ.get("YIFA_PG_BINDIR"):
        return [Path(bindir) / name]
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]), reverse=True)
    on_path = shutil.which(name)
    return [*found, *([Path(on_path)] if on_path else [])]


def program(name: str) -> Path:
    """The `name` client (pg_dump, pg_restore) able to talk to this server."""
    need = server_major()
    versions = {p: _major(p) for p in _candidates(name) if p.exists()}
    usable = [p for p, major in versions.items() if major >= need]
    if not usable:
        have = ", ".join(f"{p} ({v})" for p, v in versions.items()) or "none"
        raise CommandError(f"需要 PostgreSQL {need} 或更新版本的 {name}（已找到：{have}）；可用 YIFA_PG_BINDIR 指定。"
                           f" / {name} {need} or newer is needed for this server (found: {have}); set YIFA_PG_BINDIR.")
    return usable[0]


def pg_env() -> dict[str, str]:
    """libpq's environment for the database Django is connected to (the password never on a command line)."""
    s = connection.settings_dict
    env = dict(os.environ)
    for key, value in (("PGHOST", s.get("HOST")), ("PGPORT", s.get("PORT")), ("PGUSER", s.get("USER")),
                       ("PGPASSWORD", s.get("PASSWORD")), ("PGDATABASE", s.get("NAME"))):
        if value:
            env[key] = str(value)
    return env

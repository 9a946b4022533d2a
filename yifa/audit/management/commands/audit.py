"""`yifa audit verify|seal|roots|keygen|pubkeys`: check, seal and export the audit record.

- verify [--roots FILE] [--keyring FILE]: every chain, head, seal and seal signature; with
  --roots, also that every root kept elsewhere is still there unchanged. Exit 1 if broken.
- seal: record and sign the root over all heads (as the scheduled task does: again on top of a
  seal another worker made at the same moment).
- roots [--output FILE]: the signed roots as JSON lines, for others to keep copies.
- keygen [--rotate]: make sure a signing key exists (`make run` does this), or rotate it.
- pubkeys [--output FILE]: export the public keyring (to verify elsewhere with --keyring).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.audit import keys
from yifa.audit.chain import roots, verify
from yifa.audit.tasks import seal_retrying


class Command(BaseCommand):
    help = "审计链校验、封印与导出 / Verify, seal and export the audit chains."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["verify", "seal", "roots", "keygen", "pubkeys"])
        parser.add_argument("--roots", type=Path, dest="roots_file",
                            help="verify：另处保存的根（yifa audit roots 的输出）/ roots kept elsewhere")
        parser.add_argument("--keyring", type=Path,
                            help="verify：用此公钥环代替本机的 / check against this public keyring")
        parser.add_argument("--output", type=Path, help="roots/pubkeys：写入文件 / write to this file")
        parser.add_argument("--rotate", action="store_true",
                            help="keygen：生成新密钥对，旧公钥留在公钥环 / new key pair, old public keys kept")

    def handle(self, *args: Any, **opts: Any) -> None:
        what = opts["what"]
        if what == "seal":
            s = seal_retrying()
            self.stdout.write(f"sealed {len(s.heads)} chains: {s.hash} (key {s.key_id[:16]}…)")
        elif what == "roots":
            self._emit((json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in roots()), opts["output"])
        elif what == "pubkeys":
            keys.signer()  # the keyring names at least the current key
            self._emit([keys.keyring_path().read_text()], opts["output"])
        elif what == "keygen":
            self._keygen(opts["rotate"])
        else:
            self._verify(opts["roots_file"], opts["keyring"])

    def _emit(self, chunks: Any, output: Path | None) -> None:
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        with output.open("w", encoding="utf-8") as fh:
            fh.writelines(chunks)

    def _keygen(self, rotate: bool) -> None:
        if rotate:
            old, new = keys.rotate()
            self.stdout.write(f"new signing key {new}; retired {old or '(none)'} (its public key stays in "
                              f"{keys.keyring_path()})")
            return
        self.stdout.write(f"signing key {keys.signer().key_id} in {keys.private_path()}")

    def _verify(self, roots_file: Path | None, keyring_file: Path | None) -> None:
        try:
            kept = [json.loads(line) for line in roots_file.read_text().splitlines() if line.strip()] if roots_file else None
            ring = keys.read_keyring(keyring_file) if keyring_file else None
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取 / cannot read: {exc}") from exc
        verdict = verify(keyring=ring, kept_roots=kept)
        if not verdict.ok:
            self.stdout.write(f"BROKEN after {verdict.count} good events: {verdict.problem}")
            sys.exit(1)
        checked = f", {len(kept)} kept roots present and unchanged" if kept is not None else ""
        self.stdout.write(f"OK {verdict.count} events, {verdict.seals} signed seals{checked}")
        for note in verdict.notes:
            self.stdout.write(note)

"""`yifa backup DIR` and `yifa restore DIR`: a round trip gives back every table, every evidence
file and an audit chain that verifies; a damaged backup or a database holding data is refused.

Runs on whichever database the suite runs on (SQLite: the online backup API; PostgreSQL:
pg_dump/pg_restore)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.helpers import assert_unchanged, snapshot
from tests.test_cases_web import opened_case, registered_case  # noqa: F401
from yifa.audit import keys
from yifa.audit.chain import seal, verify
from yifa.audit.models import AuditSeal
from yifa.cases.models import Case
from yifa.evidence.actions import Upload, add_evidence
from yifa.evidence.blobs import blob_path
from yifa.registry.actions import create_record
from yifa.registry.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)
PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x02" * 300
RECORD = "询问笔录：当事人承认未办理食品经营许可。".encode()


@pytest.fixture(autouse=True)
def var(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_KEY_DIR = tmp_path / "audit-keys"
    return tmp_path


@pytest.fixture
def data(opened_case, officer_a, head_a, agency_a):  # noqa: F811
    """Two cases (one opened, with two evidence files), a unit, and a signed seal over it all."""
    for title, body, name in (("现场照片", PHOTO, "photo.png"), ("询问笔录", RECORD, "record.txt")):
        add_evidence(opened_case, kind="documentary", title=title, upload=Upload(body, name), acting_user=officer_a,
                     collected_on=dt.date(2026, 9, 10))
    create_record(Unit, {"agency": agency_a, "name": "稽查科"}, acting_user=head_a)
    seal()
    return opened_case


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def blobs() -> dict[str, bytes]:
    return {name: blob_path(name).read_bytes() for name in
            (hashlib.sha256(PHOTO).hexdigest(), hashlib.sha256(RECORD).hexdigest())}


def test_round_trip_gives_back_every_table_file_and_a_verified_chain(data, head_a, agency_a, tmp_path):
    before, files = snapshot(), blobs()
    target = tmp_path / "backup"
    out = run("backup", str(target))
    assert "backed up" in out
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o700  # personal data: the owner's alone
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["tables"]["cases_case"] == 1
    assert manifest["tables"]["audit_auditseal"] == 1
    for name, meta in manifest["files"].items():
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == meta["sha256"]
    assert {f"media/blobs/{d[:2]}/{d}" for d in files} <= set(manifest["files"])
    assert "audit-keys/keyring.json" in manifest["files"]
    assert not (target / "audit-keys" / "signing_key.pem").exists()  # not without --with-keys

    # Things go wrong: a record rewritten, a new one written, an evidence file lost, the seals deleted.
    Case.objects.update(title="（被改动的案由）")
    create_record(Unit, {"agency": agency_a, "name": "法制科"}, acting_user=head_a)
    lost = next(iter(files))
    blob_path(lost).unlink()
    AuditSeal.objects.all().delete()
    assert snapshot() != before

    # A database holding data is not overwritten without --force, and is left as it was.
    with assert_unchanged(), pytest.raises(CommandError, match="--force"):
        run("restore", str(target))

    out = run("restore", str(target), "--force")
    assert "audit chain OK: " in out
    assert "1 signed seals" in out
    assert snapshot() == before
    assert blobs() == files
    verdict = verify()
    assert verdict.ok, verdict.problem
    assert verdict.seals == 1


def test_restore_into_an_empty_installation_with_the_signing_key(data, tmp_path, settings):
    before, files = snapshot(), blobs()
    signing_key = keys.signer().key_id
    target = tmp_path / "backup"
    run("backup", str(target), "--with-keys")
    private = target / "audit-keys" / "signing_key.pem"
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600

    # A new machine: an empty database (after migrate), no media, no keys.
    call_command("flush", "--noinput")
    settings.MEDIA_ROOT = tmp_path / "new-media"
    settings.AUDIT_KEY_DIR = tmp_path / "new-keys"
    out = run("restore", str(target))  # an empty database needs no --force
    assert f"signing key {signing_key} installed" in out
    assert snapshot() == before
    assert blobs() == files
    assert keys.signer().key_id == signing_key
    assert verify().ok
    assert seal().key_id == signing_key  # sealing goes on with the restored key


def test_a_damaged_backup_is_refused_before_anything_changes(data, tmp_path):
    target = tmp_path / "backup"
    run("backup", str(target))
    digest = hashlib.sha256(PHOTO).hexdigest()
    damaged = target / "media" / "blobs" / digest[:2] / digest
    damaged.chmod(0o600)
    damaged.write_bytes(PHOTO + b"x")
    Case.objects.update(title="（改动）")
    with assert_unchanged(blobs), pytest.raises(CommandError, match="damaged"):
        run("restore", str(target), "--force")


def test_backup_refuses_a_directory_that_is_not_empty(data, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "old.txt").write_text("previous backup")
    with pytest.raises(CommandError, match="not empty"):
        run("backup", str(target))
    assert sorted(p.name for p in target.iterdir()) == ["old.txt"]


def test_a_restored_chain_that_was_tampered_with_is_reported(data, tmp_path):
    """Restore re-verifies: a backup whose database was rewritten (and manifest redone) says so."""
    target = tmp_path / "backup"
    run("backup", str(target))
    from yifa.audit.models import AuditEvent

    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("pk").first().pk).update(actor="someone else")
    tampered = tmp_path / "tampered"
    run("backup", str(tampered))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(tampered), "--force", stdout=out)
    assert exit_.value.code == 1
    assert "audit chain BROKEN" in out.getvalue()
    assert "altered" in out.getvalue()


@pytest.mark.skipif(not Path("/usr/lib/postgresql").exists(), reason="PostgreSQL client programs not installed")
def test_pg_client_is_chosen_to_match_the_server(monkeypatch):
    """pg_dump cannot dump a newer server: the newest client at least as new is taken, or a clear refusal."""
    from yifa.ops import tools

    installed = tools._major(tools._candidates("pg_dump")[0])
    monkeypatch.setattr(tools, "server_major", lambda: installed)
    assert tools._major(tools.program("pg_dump")) >= installed
    monkeypatch.setattr(tools, "server_major", lambda: installed + 1)
    with pytest.raises(CommandError, match=f"pg_dump {installed + 1} or newer is needed"):
        tools.program("pg_dump")

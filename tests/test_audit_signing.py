"""Signed seals: someone with write access to the database (but not the key files) cannot
rewrite the audit record quietly. Each rewrite below leaves a chain whose hashes, heads and seal
hashes are all consistent again, and `yifa audit verify` still finds it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from yifa.audit import keys
from yifa.audit.chain import canonical_bytes, event_fields, link_hash, seal_hash, seal_message
from yifa.audit.models import GENESIS, AuditEvent, AuditSeal, ChainHead
from yifa.registry.actions import create_record, update_record
from yifa.registry.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_dir(settings, tmp_path) -> Path:
    settings.AUDIT_KEY_DIR = tmp_path / "audit-keys"
    return Path(settings.AUDIT_KEY_DIR)


def audit(*args: str) -> tuple[int, str]:
    """`yifa audit …` as the command line runs it: (exit code, output)."""
    out = StringIO()
    try:
        call_command("audit", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def export_roots(path: Path) -> Path:
    assert audit("roots", "--output", str(path))[0] == 0
    return path


# --- what an attacker with database access (and this source code) can do ------------------


def rehash_everything() -> None:
    """Recompute every event hash, every head and every seal hash from the rows as they now are.

    This is all the information the database holds; only the signatures cannot be redone.
    """
    for chain in AuditEvent.objects.values_list("chain", flat=True).distinct():
        running = GENESIS
        for ev in AuditEvent.objects.filter(chain=chain).order_by("seq"):
            ev.prev_hash = running
            ev.payload = canonical_bytes(event_fields(ev)).decode()
            ev.hash = link_hash(running, ev.payload.encode())
            ev.save(update_fields=["prev_hash", "hash", "payload"])
            running = ev.hash
        last = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
        ChainHead.objects.filter(chain=chain).update(seq=last.seq, hash=last.hash)
    hashes = {(e.chain, e.seq): e.hash for e in AuditEvent.objects.all()}
    prev = GENESIS
    for s in AuditSeal.objects.order_by("id"):
        s.heads = {c: [seq, hashes.get((c, seq), GENESIS)] for c, (seq, _h) in s.heads.items()}
        s.prev_hash, s.hash = prev, seal_hash(prev, s.at, s.heads)
        s.save(update_fields=["heads", "prev_hash", "hash"])
        prev = s.hash


# --- (d) an untouched record verifies, with its signatures ------------------------------------


def test_untouched_chain_verifies_with_signatures(history, key_dir, head_a):
    first = call_seal()
    create_record(Unit, {"agency": history[0].agency, "name": "第9科"}, acting_user=head_a)
    second = call_seal()
    code, out = audit("verify")
    assert code == 0, out
    assert out.splitlines() == ["OK 8 events, 2 signed seals"]  # all sealed: no warning
    ring = keys.read_keyring()
    assert first.key_id == second.key_id
    assert list(ring) == [first.key_id]
    assert keys.signature_valid(ring[first.key_id], first.signature, seal_message(first.hash))
    # The private key is the owner's alone, in a directory only the owner can enter.
    assert stat.S_IMODE(os.stat(key_dir / "signing_key.pem").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(key_dir).st_mode) == 0o700
    assert "PRIVATE" not in (key_dir / "keyring.json").read_text()


def call_seal() -> AuditSeal:
    assert audit("seal")[0] == 0
    return AuditSeal.objects.order_by("-id").first()


def test_events_after_the_last_seal_are_said_to_be_only_as_safe_as_the_chain(history, head_a):
    call_seal()
    update_record(history[2], {"duties": "负责广告监管"}, acting_user=head_a)
    code, out = audit("verify")
    assert code == 0
    assert out.splitlines()[0] == "OK 8 events, 1 signed seals"
    assert "WARNING: 1 events in 1 chains after the last seal" in out
    assert "only as safe as the hash chain" in out


# --- (a) an edited event with every later hash, head and seal recomputed ------------------


def test_edited_event_with_everything_recomputed_fails_the_signature(history, agency_a):
    first = call_seal()
    call_seal()
    chain = f"agency:{agency_a.pk}"
    event = AuditEvent.objects.get(chain=chain, seq=4)
    event.after = {**event.after, "duties": "（已篡改）"}
    event.save(update_fields=["after"])
    rehash_everything()
    code, out = audit("verify")
    assert code == 1
    assert f"seal {first.pk}: " in out  # the first seal covering the rewritten event
    assert "signature does not match" in out
    # The only thing left to catch it is the signature: without it the rewrite would pass.
    AuditSeal.objects.update(signature="", key_id="")
    code, out = audit("verify")
    assert code == 1
    assert f"seal {first.pk}: has no signature" in out


def test_a_seal_signed_by_another_key_names_an_unknown_key(history):
    s = call_seal()
    stranger = Ed25519PrivateKey.generate()
    forged = keys.Signer(stranger, keys.key_id(stranger.public_key()))
    AuditSeal.objects.filter(pk=s.pk).update(signature=forged.sign(seal_message(s.hash)), key_id=forged.key_id)
    code, out = audit("verify")
    assert code == 1
    assert f"seal {s.pk}: signed by an unknown key {forged.key_id[:16]}" in out
    # The stranger's signature under the genuine key's id does not hold either.
    AuditSeal.objects.filter(pk=s.pk).update(key_id=s.key_id)
    code, out = audit("verify")
    assert code == 1
    assert "signature does not match" in out


# --- (b) a cut tail, a rewound head and the later seals deleted ---------------------------------


def test_cut_tail_with_rewound_head_and_deleted_seals_is_caught_by_kept_roots(history, agency_a, head_a, tmp_path):
    chain = f"agency:{agency_a.pk}"
    first = call_seal()
    early = export_roots(tmp_path / "early.jsonl")
    update_record(history[2], {"duties": "负责广告监管"}, acting_user=head_a)
    call_seal()
    kept = export_roots(tmp_path / "kept.jsonl")
    assert audit("verify", "--roots", str(kept))[0] == 0
    # Rewind: drop agency A's event 6 and the seal over it, put the head back at event 5.
    AuditEvent.objects.filter(chain=chain, seq=6).delete()
    AuditSeal.objects.exclude(pk=first.pk).delete()
    previous = AuditEvent.objects.get(chain=chain, seq=5)
    ChainHead.objects.filter(chain=chain).update(seq=5, hash=previous.hash)
    # The database alone is consistent again: every hash, head, seal and signature holds.
    code, out = audit("verify")
    assert code == 0, out
    # A copy of the roots kept elsewhere does not let it pass.
    code, out = audit("verify", "--roots", str(kept))
    assert code == 1
    assert f"kept root {first.pk + 1}" in out
    assert "missing from the database" in out
    # Roots exported before the cut are all still there: the chain still extends them.
    code, out = audit("verify", "--roots", str(early))
    assert code == 0
    assert "1 kept roots present and unchanged" in out


def test_rewritten_and_resealed_history_differs_from_the_kept_roots(history, agency_a, tmp_path):
    s = call_seal()
    kept = export_roots(tmp_path / "kept.jsonl")
    # Even someone who got hold of the key later and signs a rewritten record cannot match a root kept before.
    event = AuditEvent.objects.get(chain=f"agency:{agency_a.pk}", seq=2)
    event.actor = "someone else"
    event.save(update_fields=["actor"])
    rehash_everything()
    s = AuditSeal.objects.get()
    sign = keys.signer()
    AuditSeal.objects.filter(pk=s.pk).update(signature=sign.sign(seal_message(s.hash)))
    assert audit("verify")[0] == 0
    code, out = audit("verify", "--roots", str(kept))
    assert code == 1
    assert f"kept root {s.pk}: the database's seal differs from the kept copy" in out


def test_a_doctored_kept_root_is_not_trusted(history, tmp_path):
    call_seal()
    kept = export_roots(tmp_path / "kept.jsonl")
    root = json.loads(kept.read_text())
    root["hash"] = "f" * 64
    kept.write_text(json.dumps(root) + "\n")
    code, out = audit("verify", "--roots", str(kept))
    assert code == 1
    assert "the kept copy is not genuine" in out


def test_roots_are_json_lines_with_what_it_takes_to_check_them(history, tmp_path):
    first, second = call_seal(), call_seal()
    code, out = audit("roots")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["seal"] for r in lines] == [first.pk, second.pk]
    root = lines[1]
    assert set(root) == {"seal", "at", "heads", "prev_hash", "hash", "signature", "key_id"}
    assert root["prev_hash"] == first.hash
    assert root["heads"] == second.heads
    # Anyone with the public keyring can check a root without the database.
    public = keys.read_keyring()[root["key_id"]]
    assert keys.signature_valid(public, root["signature"], seal_message(root["hash"]))


# --- rotation ----------------------------------------------------------------------------------


def test_rotation_keeps_old_seals_verifiable(history, key_dir, tmp_path):
    old = call_seal()
    code, out = audit("keygen", "--rotate")
    assert code == 0
    assert old.key_id in out
    new = call_seal()
    assert new.key_id != old.key_id
    assert set(keys.read_keyring()) == {old.key_id, new.key_id}
    assert keys.signer().key_id == new.key_id  # the old private key is gone
    assert stat.S_IMODE(os.stat(key_dir / "signing_key.pem").st_mode) == 0o600
    assert audit("verify")[0] == 0
    # The exported public keyring verifies elsewhere; one that lacks the old key does not.
    exported = tmp_path / "keyring.json"
    assert audit("pubkeys", "--output", str(exported))[0] == 0
    assert audit("verify", "--keyring", str(exported))[0] == 0
    entries = json.loads(exported.read_text())["keys"]
    partial = tmp_path / "partial.json"
    partial.write_text(keys.keyring_text([e for e in entries if e["id"] == new.key_id]))
    code, out = audit("verify", "--keyring", str(partial))
    assert code == 1
    assert f"seal {old.pk}: signed by an unknown key" in out


def test_a_keyring_entry_that_does_not_match_its_key_is_refused(tmp_path):
    key = Ed25519PrivateKey.generate().public_key()
    other = Ed25519PrivateKey.generate().public_key()
    path = tmp_path / "ring.json"
    path.write_text(json.dumps({"keys": [{"id": keys.key_id(other), "public_key": keys.base64.b64encode(
        keys.raw_public(key)).decode()}]}))
    with pytest.raises(ValueError, match="does not match"):
        keys.read_keyring(path)


# --- the key is made under YIFA_VAR by `yifa audit keygen` (as `make run` does) -----------------


def test_keygen_makes_an_owner_only_key_under_yifa_var_once(tmp_path):
    env = {"YIFA_VAR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    py = [sys.executable, "-m", "yifa", "audit", "keygen"]
    first = subprocess.run(py, capture_output=True, text=True, env=env, timeout=120, check=True)
    again = subprocess.run(py, capture_output=True, text=True, env=env, timeout=120, check=True)
    key = tmp_path / "audit-keys" / "signing_key.pem"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert first.stdout == again.stdout  # the same key: keygen never replaces one without --rotate
    ring = json.loads((tmp_path / "audit-keys" / "keyring.json").read_text())["keys"]
    assert [e["id"] for e in ring] == [first.stdout.split()[2]]

"""The seal signing key (Ed25519), kept in files outside the database.

Someone who can write to the database can rewrite events and recompute every hash, head and
seal after them; what they cannot do without this directory is sign the recomputed seals.

- `signing_key.pem`: the private key (PKCS#8 PEM), mode 0600, in a 0700 directory under
  YIFA_VAR (settings.AUDIT_KEY_DIR). Created on first need (`seal()`, `yifa audit keygen`).
- `keyring.json`: every public key that ever signed a seal, by key id (the SHA-256 of the raw
  public key). Rotation writes a new private key and adds its public key here; the old public
  keys stay, so old seals still verify. The keyring is public: export it and keep copies.

Every change to the directory holds an exclusive `flock` on `.lock`, so two processes sealing
for the first time at once create one key, not two.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

PRIVATE_NAME = "signing_key.pem"
KEYRING_NAME = "keyring.json"


def key_dir() -> Path:
    return Path(settings.AUDIT_KEY_DIR)


def private_path() -> Path:
    return key_dir() / PRIVATE_NAME


def keyring_path() -> Path:
    return key_dir() / KEYRING_NAME


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """The fingerprint a seal names its key by."""
    return hashlib.sha256(raw_public(key)).hexdigest()


@dataclass(frozen=True)
class Signer:
    key: Ed25519PrivateKey
    key_id: str

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.key.sign(message)).decode()


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    directory = key_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(directory / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_private(path: Path, data: bytes, *, replace: bool) -> None:
    """Write with mode 0600 from the start (never readable by others, not even for a moment)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if a key is already there: never overwrite one by accident
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write_public(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _load_private(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


# --- the keyring ---------------------------------------------------------------------------


def read_keyring(path: Path | None = None) -> dict[str, Ed25519PublicKey]:
    """Key id → public key, from `path` (default: this installation's keyring)."""
    path = path or keyring_path()
    if not path.exists():
        return {}
    entries = json.loads(path.read_text())["keys"]
    ring: dict[str, Ed25519PublicKey] = {}
    for entry in entries:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(entry["public_key"]))
        if key_id(public) != entry["id"]:
            raise ValueError(f"{path}: key {entry['id']} does not match its public key")
        ring[entry["id"]] = public
    return ring


def _keyring_entries() -> list[dict[str, str]]:
    path = keyring_path()
    return list(json.loads(path.read_text())["keys"]) if path.exists() else []


def keyring_text(entries: list[dict[str, str]]) -> str:
    return json.dumps({"keys": entries}, ensure_ascii=False, indent=2) + "\n"


def _add_to_keyring(public: Ed25519PublicKey) -> None:
    entries = _keyring_entries()
    if any(e["id"] == key_id(public) for e in entries):
        return
    entries.append({"id": key_id(public), "public_key": base64.b64encode(raw_public(public)).decode(),
                    "added": timezone.now().isoformat(timespec="seconds")})
    _write_public(keyring_path(), keyring_text(entries))


def merge_keyring(path: Path) -> list[str]:
    """Add the public keys of another keyring file (e.g. a restored backup's); returns the new ids."""
    incoming = json.loads(path.read_text())["keys"]
    read_keyring(path)  # every entry's id must match its key before any is trusted
    with _locked():
        known = {e["id"] for e in _keyring_entries()}
        added = [e for e in incoming if e["id"] not in known]
        if added:
            _write_public(keyring_path(), keyring_text(_keyring_entries() + added))
    return [e["id"] for e in added]


# --- the private key -----------------------------------------------------------------------


def signer() -> Signer:
    """The current signing key, created (with its keyring entry) on first need."""
    path = private_path()
    with _locked():
        if not path.exists():
            fresh = Ed25519PrivateKey.generate()
            _write_private(path, _pem(fresh), replace=False)
        key = _load_private(path)
        _add_to_keyring(key.public_key())
    return Signer(key, key_id(key.public_key()))


def rotate() -> tuple[str | None, str]:
    """A new key pair replaces the private key; the old public key stays in the keyring.

    The old private key is deleted, not kept: rotation usually means it may be known to
    someone else, and nothing needs it any more (verification uses the public key).
    """
    path = private_path()
    with _locked():
        old_key = _load_private(path).public_key() if path.exists() else None
        if old_key is not None:
            _add_to_keyring(old_key)  # already there unless the keyring was lost
        fresh = Ed25519PrivateKey.generate()
        _add_to_keyring(fresh.public_key())
        _write_private(path, _pem(fresh), replace=True)
    return (key_id(old_key) if old_key else None), key_id(fresh.public_key())


def install_private(pem: bytes) -> str | None:
    """Install a private key from a backup if this installation has none; its id, or None if kept."""
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    with _locked():
        if private_path().exists():
            return None
        _write_private(private_path(), _pem(key), replace=False)
        _add_to_keyring(key.public_key())
    return key_id(key.public_key())


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def signature_valid(public: Ed25519PublicKey, signature: str, message: bytes) -> bool:
    try:
        public.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True

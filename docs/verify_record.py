#!/usr/bin/env python3
"""Check a record published on Yifa's public portal against the audit chain's signed roots,
offline. Needs Python 3.9+ and, for the signature, the `cryptography` package.

    python3 verify_record.py proof.json [--roots roots.jsonl] [--keyring keyring.json]

proof.json    the record's proof: the portal's "下载核验证明" link (/portal/decisions/<id>/proof.json)
roots.jsonl   the roots you kept (/portal/roots/roots.jsonl, or `yifa audit roots`): the proof's seal
              must be one of them, with the same hash
keyring.json  the public keys you kept (/portal/roots/keyring.json): the seal's key must be there;
              without it the key in the proof is used (it then only shows the proof is consistent)

What is checked, in order:
 1. the record's canonical JSON (sorted keys, no spaces, UTF-8) hashes (SHA-256) to record_hash;
 2. the first event of the segment is the record's release and names that hash;
 3. each event's hash is SHA-256(previous hash + its payload), and each links to the one before;
 4. the last event is the public chain's head named by the seal;
 5. the seal's hash is SHA-256(its previous hash + canonical {"at", "heads"});
 6. the seal is signed (Ed25519) over "yifa-audit-seal-v1:<hash>" by the key it names;
 7. with --roots / --keyring: the seal and key are among the ones you kept.
Exit status 0 and "OK" when all hold; 1 and the first failure otherwise.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Failed(Exception):
    pass


def require(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def check_signature(seal: dict[str, Any], public_key_b64: str) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = base64.b64decode(public_key_b64)
    require(sha256(raw) == seal["key_id"], "the public key is not the one the seal names")
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(base64.b64decode(seal["signature"]),
                                                        f"yifa-audit-seal-v1:{seal['hash']}".encode())
    except InvalidSignature:
        raise Failed("the seal's signature does not match") from None


def verify(proof: dict[str, Any], roots: list[dict[str, Any]] | None = None,
           keyring: dict[str, str] | None = None) -> str:
    require(proof.get("format") == "yifa-public-record-proof-v1", "not a Yifa record proof")
    record_hash = sha256(canonical(proof["record"]))
    require(record_hash == proof["record_hash"], "the record does not hash to record_hash (altered)")
    require(proof.get("sealed"), "no seal covers this record yet (seals are made hourly): try again later")
    events, seal, chain = proof["events"], proof["seal"], proof["chain"]
    first = json.loads(events[0]["payload"])
    require(first["action"] == "publication.release" and first["object_id"] == str(proof["record"]["id"]),
            "the segment does not start with this record's release")
    require(first["after"]["released_hash"] == record_hash, "the release names another content hash")
    prev = events[0]["prev_hash"]
    for ev in events:
        require(ev["prev_hash"] == prev, f"event {ev['seq']} does not link to the one before")
        require(sha256(prev.encode() + ev["payload"].encode()) == ev["hash"], f"event {ev['seq']} is altered")
        require(json.loads(ev["payload"])["seq"] == ev["seq"], f"event {ev['seq']} is out of place")
        prev = ev["hash"]
    head_seq, head_hash = seal["heads"][chain]
    require((events[-1]["seq"], events[-1]["hash"]) == (head_seq, head_hash), "the segment does not end at the sealed head")
    body = canonical({"at": seal["at"], "heads": seal["heads"]})
    require(sha256(seal["prev_hash"].encode() + body) == seal["hash"], "the seal's hash does not match its content")
    key = (keyring or {}).get(seal["key_id"]) if keyring is not None else proof.get("public_key")
    require(bool(key), "the seal's key is not in your keyring")
    check_signature(seal, key)
    if roots is not None:
        kept = {r["hash"] for r in roots}
        require(seal["hash"] in kept, "the seal is not among the roots you kept")
    return f"OK: record {proof['record']['id']} ({record_hash[:16]}…) is in root {seal['hash'][:16]}… of {seal['at']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("proof", type=Path)
    parser.add_argument("--roots", type=Path)
    parser.add_argument("--keyring", type=Path)
    args = parser.parse_args(argv)
    proof = json.loads(args.proof.read_text(encoding="utf-8"))
    roots = ([json.loads(line) for line in args.roots.read_text(encoding="utf-8").splitlines() if line.strip()]
             if args.roots else None)
    keyring = ({k["id"]: k["public_key"] for k in json.loads(args.keyring.read_text(encoding="utf-8"))["keys"]}
               if args.keyring else None)
    try:
        print(verify(proof, roots, keyring))
    except (Failed, KeyError, IndexError, ValueError) as exc:
        print(f"FAILED: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

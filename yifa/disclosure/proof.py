"""A published record's proof against the audit chain's signed roots (docs/verify_record.py
checks it offline).

The release step stores the SHA-256 of the record's canonical content (`released_hash`, content.py)
and its audit event goes to the `public` chain, whose events hold only published data. The proof
is: the record, its hash, the chain segment from the release event to the head named by the
first seal after it (each event's stored payload and hash: hash = sha256(prev_hash ‖ payload)),
that seal (its heads, time, previous seal, hash and Ed25519 signature) and the public key.
"""

from __future__ import annotations

import base64
from typing import Any

from yifa.audit.chain import root_of
from yifa.audit.keys import raw_public, read_keyring
from yifa.audit.models import AuditEvent, AuditSeal
from yifa.disclosure.content import canonical, content_hash, public_fields
from yifa.disclosure.models import Publication
from yifa.disclosure.procedure import PUBLIC_CHAIN

FORMAT = "yifa-public-record-proof-v1"
#: At most this many events in a segment (a seal is made every hour; far fewer are released in one).
MAX_SEGMENT = 5000


def release_event(pub: Publication) -> AuditEvent | None:
    return (AuditEvent.objects.filter(chain=PUBLIC_CHAIN, object_type=Publication._meta.label,
                                      object_id=str(pub.pk), action="publication.release")
            .order_by("-seq").first())


def first_seal_after(seq: int) -> AuditSeal | None:
    """The first seal whose public head is at or after `seq`."""
    return AuditSeal.objects.filter(**{f"heads__{PUBLIC_CHAIN}__0__gte": seq}).order_by("id").first()


def proof_of(pub: Publication) -> dict[str, Any]:
    """The proof; `sealed` is false while no seal covers the release yet (the hourly seal will)."""
    record = public_fields(pub)
    out: dict[str, Any] = {"format": FORMAT, "record": record, "canonical": canonical(record),
                           "record_hash": content_hash(pub), "sealed": False}
    event = release_event(pub)
    seal = first_seal_after(event.seq) if event else None
    if event is None or seal is None:
        return out
    head_seq = int(seal.heads[PUBLIC_CHAIN][0])
    rows = (AuditEvent.objects.filter(chain=PUBLIC_CHAIN, seq__gte=event.seq, seq__lte=head_seq)
            .order_by("seq").values("seq", "prev_hash", "payload", "hash")[:MAX_SEGMENT])
    key = read_keyring().get(seal.key_id)
    out.update(sealed=True, chain=PUBLIC_CHAIN, events=list(rows), seal=root_of(seal),
               public_key=base64.b64encode(raw_public(key)).decode() if key else None)
    return out

"""Appending to and verifying the audit chains."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from yifa.audit import keys
from yifa.audit.models import GENESIS, AuditEvent, AuditSeal, ChainHead
from yifa.lib.bulk import adapter, insert_rows

GLOBAL_CHAIN = "global"


def chain_for(agency_id: int | None) -> str:
    return f"agency:{agency_id}" if agency_id else GLOBAL_CHAIN


def jsonable(value: Any) -> Any:
    """What the value will read back as from a JSON column (dates, Decimals → strings).

    Keys come back sorted, as in the canonical form: the column's text then equals the hashed
    payload's part, which lets `verify` compare them in SQL (see `_same_sql`).
    """
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def canonical_text(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    return canonical_text(fields).encode()


def event_fields(ev: AuditEvent) -> dict[str, Any]:
    return {
        "chain": ev.chain, "seq": ev.seq, "at": _iso(ev.at), "actor_id": ev.actor_id,
        "actor": ev.actor, "action": ev.action, "object_type": ev.object_type,
        "object_id": ev.object_id, "agency_id": ev.agency_id, "before": ev.before, "after": ev.after,
    }


def link_hash(prev_hash: str, payload: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + payload).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _read_head(chain: str) -> ChainHead | None:
    # Plain SQL on the hot path: this runs once per audited write.
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cur:
        cur.execute(f"SELECT id, seq, hash FROM {ChainHead._meta.db_table} WHERE chain = %s{lock}", [chain])  # noqa: S608 -- the model's own table; the value is a parameter
        row = cur.fetchone()
    return ChainHead(id=row[0], chain=chain, seq=row[1], hash=row[2]) if row else None


def _locked_head(chain: str) -> ChainHead:
    head = _read_head(chain)
    if head is None:
        # Two first writers may race here: the loser's insert does nothing and it then
        # waits on the winner's row lock.
        ChainHead.objects.bulk_create([ChainHead(chain=chain)], ignore_conflicts=True)
        head = _read_head(chain)
        assert head is not None
    return head


def _store_heads(heads: Iterable[ChainHead]) -> None:
    with connection.cursor() as cur:
        cur.executemany(
            f"UPDATE {ChainHead._meta.db_table} SET seq = %s, hash = %s WHERE id = %s",  # noqa: S608 -- the model's own table; values are parameters
            [(h.seq, h.hash, h.pk) for h in heads],
        )


@dataclass(frozen=True)
class Change:
    action: str
    object_type: str
    object_id: str
    agency_id: int | None
    before: Any = None
    after: Any = None
    #: A chain of its own instead of the agency's (e.g. "public": the disclosure portal's releases,
    #: whose events hold only published data, so a chain segment can be shown to anyone).
    chain: str = ""


def chain_of(change: Change) -> str:
    return change.chain or chain_for(change.agency_id)


def append(changes: Iterable[Change], *, actor_id: int | None, actor: str) -> list[AuditEvent]:
    """Append events for `changes`, in the caller's transaction, to their agencies' chains."""
    rows = _append_rows(list(changes), actor_id, actor)
    return [AuditEvent(**dict(zip(_EVENT_COLUMNS, row, strict=True))) for row in rows]


def append_many(changes: Sequence[Change], *, actor_id: int | None, actor: str) -> int:
    """`append` for bulk writers (a bank statement's thousands of settled cases, the demo): the
    same events, written the same way, without an `AuditEvent` object made for each. Changes
    that share one `before` or `after` object have it encoded once. Returns how many."""
    return len(_append_rows(changes, actor_id, actor))


def _append_rows(changes: Sequence[Change], actor_id: int | None, actor: str) -> list[list[Any]]:
    if not connection.in_atomic_block:
        raise RuntimeError("audit events must be written inside the action's transaction")
    now = timezone.now()
    # The chain heads are the last locks an action takes (docs/architecture.md, "Lock order");
    # several chains in one call are locked in name order, so two such calls cannot deadlock.
    heads = {chain: _locked_head(chain) for chain in sorted({chain_of(c) for c in changes})}
    encode = _Encoder(now, actor_id, actor)
    rows: list[list[Any]] = []
    for change in changes:
        chain = chain_of(change)
        head = heads[chain]
        seq = head.seq + 1
        before, before_text = encode.value(change.before)
        after, after_text = encode.value(change.after)
        # The exact text hashed is stored with the event, so `verify` hashes it without re-encoding.
        payload = encode.payload(chain, seq, change, before_text, after_text)
        hash_ = link_hash(head.hash, payload.encode())
        rows.append([chain, seq, now, actor_id, actor, change.action, change.object_type, change.object_id,
                     change.agency_id, before, after, head.hash, hash_, payload])
        head.seq, head.hash = seq, hash_
    _insert(rows)
    _store_heads(heads.values())
    return rows


#: The columns `_append_rows` fills, in its rows' order (tests/test_audit.py: every column of the model).
_EVENT_COLUMNS = ["chain", "seq", "at", "actor_id", "actor", "action", "object_type", "object_id", "agency_id",
                  "before", "after", "prev_hash", "hash", "payload"]
_AT, _BEFORE, _AFTER = (_EVENT_COLUMNS.index(c) for c in ("at", "before", "after"))


class _Encoder:
    """`canonical_text(event_fields(ev))` built piece by piece: the call's constant fields (time,
    actor) encoded once, repeated texts (chain, action, type) once, and each distinct before /
    after object once (`jsonable` and its canonical text). Equal to the whole-dict encoding
    because `json.dumps` of a dict with sorted keys is the concatenation of its keys' and values'
    encodings (tests/test_audit.py compares the two)."""

    def __init__(self, at: datetime, actor_id: int | None, actor: str) -> None:
        self.texts: dict[str, str] = {}
        self.values: dict[int, tuple[Any, str]] = {}
        self.actor = f'"actor":{_json(actor)},"actor_id":{_json(actor_id)},'
        self.at = _json(_iso(at))

    def text(self, value: str) -> str:
        found = self.texts.get(value)
        if found is None:
            found = self.texts[value] = _json(value)
        return found

    def value(self, value: Any) -> tuple[Any, str]:
        """The value as its JSON column reads it back, and its canonical text. Keyed by the
        object's identity: the changes (and so the objects) live until the call returns."""
        if value is None:
            return None, "null"
        found = self.values.get(id(value))
        if found is None:
            plain = jsonable(value)
            found = self.values[id(value)] = (plain, _json(plain))
        return found

    def payload(self, chain: str, seq: int, change: Change, before: str, after: str) -> str:
        return (f'{{"action":{self.text(change.action)},{self.actor}"after":{after},'
                f'"agency_id":{_json(change.agency_id)},"at":{self.at},"before":{before},"chain":{self.text(chain)},'
                f'"object_id":{_json(change.object_id)},"object_type":{self.text(change.object_type)},'
                f'"seq":{_json(seq)}}}')


#: `canonical_text`'s settings, the encoder made once (`json.dumps` with arguments makes one per call).
_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def _json(value: Any) -> str:
    """One value's canonical text."""
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    return _encode(value)


def _insert(rows: list[list[Any]]) -> None:
    """INSERT without the ORM's per-object overhead (this runs on every audited write). Values
    shared by many rows (the time, a before / after object) are adapted for the driver once."""
    adapt = adapter()
    memo: dict[int, Any] = {}

    def once(value: Any) -> Any:
        if value is None or type(value) in (str, int):
            return value
        found = memo.get(id(value))
        if found is None:
            found = memo[id(value)] = adapt(value)
        return found

    adapted = []
    for row in rows:  # the caller keeps its rows as they are (`append` makes events of them)
        row = row.copy()
        # Only the time and the before / after objects need the driver's form: the other
        # columns are str, int or None (`_append_rows`), passed as they are.
        row[_AT], row[_BEFORE], row[_AFTER] = once(row[_AT]), once(row[_BEFORE]), once(row[_AFTER])
        adapted.append(row)
    insert_rows(AuditEvent, _EVENT_COLUMNS, adapted, adapted=True)


# --- sealing -------------------------------------------------------------------------


def seal_hash(prev_hash: str, at: datetime, heads: dict[str, list[Any]]) -> str:
    return link_hash(prev_hash, canonical_bytes({"at": _iso(at), "heads": heads}))


def seal_message(hash_: str) -> bytes:
    """What a seal's key signs: its hash, which covers its time, every head and the seal before."""
    return f"yifa-audit-seal-v1:{hash_}".encode()


#: Any fixed number: the PostgreSQL advisory lock that sealers take (see _one_sealer_at_a_time).
_SEAL_LOCK = 0x59494641  # "YIFA"


def _one_sealer_at_a_time() -> None:
    """Serialise sealers for the rest of the transaction.

    SQLite's BEGIN IMMEDIATE already does. On PostgreSQL `FOR UPDATE` on the last seal does not:
    a waiter is handed that same row once the winner commits, not the winner's new seal, and then
    chains onto the same predecessor (the unique prev_hash refuses it). Several workers sealing
    at once kept losing that race; a transaction-level advisory lock makes each one read the
    seal its predecessor committed.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_SEAL_LOCK])


@transaction.atomic
def seal() -> AuditSeal:
    """Record and sign the root over all chain heads (run periodically, e.g. hourly).

    A plain function with no arguments so that a scheduler can call it; the signing key is
    created on first need.
    """
    sign = keys.signer()
    _one_sealer_at_a_time()
    heads = {h.chain: [h.seq, h.hash] for h in ChainHead.objects.order_by("chain")}
    last = AuditSeal.objects.select_for_update().order_by("-id").first()
    prev = last.hash if last else GENESIS
    at = timezone.now()
    hash_ = seal_hash(prev, at, heads)
    return AuditSeal.objects.create(at=at, heads=heads, prev_hash=prev, hash=hash_,
                                    signature=sign.sign(seal_message(hash_)), key_id=sign.key_id)


def root_of(s: AuditSeal) -> dict[str, Any]:
    """A seal as one line of `yifa audit roots`: enough to check it without the database."""
    return {"seal": s.pk, "at": _iso(s.at), "heads": s.heads, "prev_hash": s.prev_hash, "hash": s.hash,
            "signature": s.signature, "key_id": s.key_id}


def roots() -> Iterator[dict[str, Any]]:
    for s in AuditSeal.objects.order_by("id").iterator():
        yield root_of(s)


# --- verification --------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    ok: bool
    count: int
    problem: str = ""
    seals: int = 0
    notes: tuple[str, ...] = ()


_COLUMNS = (
    "chain", "seq", "at", "actor_id", "actor", "action", "object_type", "object_id",
    "agency_id", "before", "after",
)


@dataclass
class ChainCheck:
    """One chain walked: its good events, its last (seq, hash), the hashes seals name, the first break."""

    chain: str
    count: int = 0
    last: tuple[int, str] | None = None
    seen: dict[int, str] = field(default_factory=dict)
    problem: str = ""


def _same_sql() -> str:
    """SQL for "the row's columns say what its payload says", computed by the database in C.

    True for every event `append` wrote (SQLite: the payload is the exact text SQLite's JSON
    functions build from the columns; PostgreSQL: equal as jsonb). Anything else — an edited
    column, or an older row whose JSON was spelled differently — is false or NULL, and
    `_columns_match` then decides in Python, exactly. So no row skips the column check.
    """
    if connection.vendor == "postgresql":
        at = """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
        return ("payload::jsonb = jsonb_build_object('action', action, 'actor', actor, 'actor_id', actor_id, "
                "'after', after, 'agency_id', agency_id, 'at', " + at + ", 'before', before, 'chain', chain, "
                "'object_id', object_id, 'object_type', object_type, 'seq', seq)")
    # Django stores an aware time on SQLite as naive UTC text, without ".000000" when µs are 0.
    at = "replace(at, ' ', 'T') || CASE WHEN length(at) = 19 THEN '.000000' ELSE '' END || '+00:00'"
    return ("payload = json_object('action', action, 'actor', actor, 'actor_id', actor_id, 'after', json(after), "
            "'agency_id', agency_id, 'at', " + at + ", 'before', json(before), 'chain', chain, "
            "'object_id', object_id, 'object_type', object_type, 'seq', seq)")


Row = tuple[int, str, str, bytes, Any]  # seq, prev_hash, hash, payload (UTF-8), columns vouched for


def _payload_bytes_sql() -> str:
    # Fetched as bytes: no decoding into str per row and no encoding again to hash it.
    return "convert_to(payload, 'UTF8')" if connection.vendor == "postgresql" else "CAST(payload AS BLOB)"


def _fast_batches(chain: str) -> Iterator[list[Row]]:
    """The chain's rows in seq order, in batches; raw SQL: no per-row ORM conversion."""
    sql = (f"SELECT seq, prev_hash, hash, {_payload_bytes_sql()}, {_same_sql()} "  # noqa: S608 -- the model's table; the chain is a parameter
           f"FROM {AuditEvent._meta.db_table} WHERE chain = %s ORDER BY seq")
    # A server-side cursor on PostgreSQL (inside check_chain's transaction): a million-event
    # chain is not loaded into memory at once.
    with connection.chunked_cursor() as cur:
        cur.execute(sql, [chain])
        while batch := cur.fetchmany(5000):
            yield batch


def _slow_batches(chain: str) -> Iterator[list[Row]]:
    """The same rows with the column check done in Python for each (when the SQL check cannot
    run at all, e.g. a payload that is not JSON, or vouches for too few rows, e.g. events
    written before the JSON columns were stored in canonical key order)."""
    rows = (AuditEvent.objects.filter(chain=chain).order_by("seq")
            .values_list(*_COLUMNS, "prev_hash", "hash", "payload").iterator(chunk_size=5000))
    batch: list[Row] = []
    for row in rows:
        *columns, prev_hash, hash_, payload = row
        batch.append((row[1], prev_hash, hash_, payload.encode(), _canonical_row(columns) == payload))
        if len(batch) == 5000:
            yield batch
            batch = []
    yield batch


def _canonical_row(columns: list[Any]) -> str:
    fields = dict(zip(_COLUMNS, columns, strict=True))
    fields["at"] = _iso(fields["at"])
    return canonical_text(fields)


def _columns_match(chain: str, seq: int, payload: bytes) -> bool:
    """The exact check, for a row the SQL comparison did not vouch for."""
    row = AuditEvent.objects.filter(chain=chain, seq=seq).values_list(*_COLUMNS).first()
    return row is not None and _canonical_row(list(row)).encode() == payload


class _TooManyUnvouched(Exception):
    """More rows than _UNVOUCHED_LIMIT need the one-query-per-row exact check: walk in Python."""


_UNVOUCHED_LIMIT = 100


def _link_problem(seq: int, expect_seq: int) -> str:
    if seq != expect_seq:
        return f"expected seq {expect_seq} (event missing or reordered)"
    return "previous-hash link broken (reordered or removed)"


def _failed(done: ChainCheck, expect_seq: int, problem: str) -> ChainCheck:
    done.count, done.problem = expect_seq - 1, problem
    return done


def _walk(chain: str, batches: Iterable[list[Row]], wanted: frozenset[int], *, limit: int | None = None) -> ChainCheck:
    done = ChainCheck(chain)
    expect_seq, running, unvouched = 1, GENESIS, 0
    sha256 = hashlib.sha256
    for batch in batches:
        for seq, prev_hash, stored, payload, same in batch:
            if seq != expect_seq or prev_hash != running:
                return _failed(done, expect_seq, f"{chain}#{seq}: {_link_problem(seq, expect_seq)}")
            if sha256(running.encode() + payload).hexdigest() != stored:
                return _failed(done, expect_seq, f"{chain}#{seq}: content does not match its hash (altered)")
            if not same:
                unvouched += 1
                if limit is not None and unvouched > limit:
                    raise _TooManyUnvouched
                if not _columns_match(chain, seq, payload):
                    return _failed(done, expect_seq, f"{chain}#{seq}: columns differ from the hashed content (altered)")
            running, expect_seq = stored, expect_seq + 1
            if seq in wanted:
                done.seen[seq] = stored
    done.count = expect_seq - 1
    if done.count:
        done.last = (done.count, running)
    return done


def check_chain(chain: str, wanted: frozenset[int] = frozenset()) -> ChainCheck:
    """Walk one chain: seq order, links, each stored payload's hash and its columns.

    `wanted`: the seqs whose hashes seals name (returned in `seen`). If the database cannot
    run the SQL comparison (a payload that is not JSON) or it leaves many rows to the exact
    check, the chain is walked again with the comparison done in Python for every row (the
    speed verify had before payloads were stored).
    """
    try:
        with transaction.atomic():  # a savepoint: a failed query must not spoil the caller's transaction
            return _walk(chain, _fast_batches(chain), wanted, limit=_UNVOUCHED_LIMIT)
    except (DatabaseError, _TooManyUnvouched):
        return _walk(chain, _slow_batches(chain), wanted)


def _chains() -> list[str]:
    """Every chain that has events, by skip-scan over the (chain, seq) index: no full scan."""
    table = AuditEvent._meta.db_table
    sql = (f"WITH RECURSIVE c(chain) AS (SELECT MIN(chain) FROM {table} UNION ALL "  # noqa: S608 -- the model's table
           f"SELECT (SELECT MIN(chain) FROM {table} WHERE chain > c.chain) FROM c WHERE c.chain IS NOT NULL) "
           "SELECT chain FROM c WHERE chain IS NOT NULL")
    with connection.cursor() as cur:
        cur.execute(sql)
        return sorted(r[0] for r in cur.fetchall())


def _can_fork(workers: int) -> bool:
    """Other processes see only committed data through their own connections: not inside a
    transaction (tests, a restore in progress), and not for an in-memory SQLite database. A
    daemonic process (the scheduled worker's, django-q2) may not have children: it walks alone."""
    if workers < 2 or connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if multiprocessing.current_process().daemon:
        return False
    in_memory = getattr(connection, "is_in_memory_db", lambda: False)  # SQLite's wrapper only
    return not in_memory()


_INHERITED: list[Any] = []


def _own_connections() -> None:
    """In a forked worker: leave the parent's database connections alone and open new ones.

    Closing an inherited PostgreSQL connection would end the parent's session, so they are
    kept referenced (the worker exits with os._exit, never finalising them) and forgotten.
    """
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _INHERITED.append(conn.connection)
            conn.connection = None


def _check_in_worker(args: tuple[str, frozenset[int]]) -> ChainCheck:
    return check_chain(*args)


def check_chains(wanted: dict[str, frozenset[int]], workers: int | None = None) -> Iterator[ChainCheck]:
    """Every chain's walk, in chain order; in `workers` processes (default: one per CPU) when possible."""
    jobs = [(c, wanted.get(c, frozenset())) for c in _chains()]
    n = min(workers or os.cpu_count() or 1, len(jobs))
    if not _can_fork(n):
        yield from (check_chain(*job) for job in jobs)
        return
    with multiprocessing.get_context("fork").Pool(n, initializer=_own_connections) as pool:
        # Biggest chains are not known up front; chunksize 1 keeps both workers busy to the end.
        yield from pool.imap(_check_in_worker, jobs, chunksize=1)


def verify(*, keyring: dict[str, Ed25519PublicKey] | None = None,
           kept_roots: list[dict[str, Any]] | None = None, workers: int | None = None) -> Verdict:
    """Walk every chain, then the heads, the seals and their signatures; report the first break.

    `keyring`: the public keys seals may be signed by (default: this installation's keyring
    file). `kept_roots`: roots exported earlier (`yifa audit roots`) and kept elsewhere; each
    must still be in the database unchanged, which catches a cut tail with its later seals.
    `workers`: processes walking chains (default: one per CPU; 1 walks them here).
    """
    seals = list(AuditSeal.objects.order_by("id"))
    wanted: dict[str, set[int]] = {}
    for seal_ in seals:
        for c, (s, _h) in seal_.heads.items():
            wanted.setdefault(c, set()).add(s)
    seen_hash: dict[tuple[str, int], str] = {}
    last: dict[str, tuple[int, str]] = {}
    count = 0
    for done in check_chains({c: frozenset(s) for c, s in wanted.items()}, workers):
        if done.problem:
            return Verdict(False, count + done.count, done.problem)
        count += done.count
        if done.last:
            last[done.chain] = done.last
        seen_hash.update({(done.chain, s): h for s, h in done.seen.items()})
    ring = keys.read_keyring() if keyring is None else keyring
    broken = (_verify_heads(last, count) or _verify_seals(seals, seen_hash, count)
              or _verify_signatures(seals, ring, count) or _verify_roots(seals, kept_roots or [], ring, count))
    if broken:
        return broken
    return Verdict(True, count, seals=len(seals), notes=_unsealed(seals, last))


def _verify_heads(last: dict[str, tuple[int, str]], count: int) -> Verdict | None:
    heads = {h.chain: (h.seq, h.hash) for h in ChainHead.objects.all()}
    for chain in sorted(set(heads) | set(last)):
        if heads.get(chain, (0, GENESIS)) != last.get(chain, (0, GENESIS)):
            return Verdict(False, count, f"{chain}: head does not match the last event (tail removed)")
    return None


def _verify_seals(seals: list[AuditSeal], seen: dict[tuple[str, int], str], count: int) -> Verdict | None:
    prev = GENESIS
    for s in seals:
        if s.prev_hash != prev or seal_hash(prev, s.at, s.heads) != s.hash:
            return Verdict(False, count, f"seal {s.pk}: seal chain broken")
        for chain, (seq, h) in s.heads.items():
            if seq and seen.get((chain, seq)) != h:
                return Verdict(False, count, f"seal {s.pk}: {chain}#{seq} no longer matches the seal")
        prev = s.hash
    return None


def _signature_problem(signature: str, key: str, hash_: str, ring: dict[str, Ed25519PublicKey]) -> str:
    """Why a seal's signature does not hold, or "" if it does."""
    if not signature or not key:
        return "has no signature (unsigned or stripped)"
    public = ring.get(key)
    if public is None:
        return f"signed by an unknown key {key[:16]}… (not in the keyring)"
    if not keys.signature_valid(public, signature, seal_message(hash_)):
        return f"signature does not match (seal recomputed or forged; key {key[:16]}…)"
    return ""


def _verify_signatures(seals: list[AuditSeal], ring: dict[str, Ed25519PublicKey], count: int) -> Verdict | None:
    for s in seals:
        if problem := _signature_problem(s.signature, s.key_id, s.hash, ring):
            return Verdict(False, count, f"seal {s.pk}: {problem}")
    return None


def _verify_roots(seals: list[AuditSeal], kept: list[dict[str, Any]], ring: dict[str, Ed25519PublicKey],
                  count: int) -> Verdict | None:
    by_id = {s.pk: s for s in seals}
    for root in kept:
        if problem := _signature_problem(root.get("signature", ""), root.get("key_id", ""), root["hash"], ring):
            return Verdict(False, count, f"kept root {root['seal']}: {problem} (the kept copy is not genuine)")
        present = by_id.get(root["seal"])
        if present is None:
            return Verdict(False, count, f"kept root {root['seal']} ({root['at']}) is missing from the database "
                                         "(seals deleted: tail cut or rewound)")
        if present.hash != root["hash"]:
            return Verdict(False, count, f"kept root {root['seal']}: the database's seal differs from the kept copy "
                                         "(record rewritten since)")
    return None


def _unsealed(seals: list[AuditSeal], last: dict[str, tuple[int, str]]) -> tuple[str, ...]:
    """Say how many events no signed seal covers yet: they are only as safe as the hash chain."""
    sealed = {c: seq for c, (seq, _h) in seals[-1].heads.items()} if seals else {}
    after = {c: seq - sealed.get(c, 0) for c, (seq, _h) in last.items() if seq > sealed.get(c, 0)}
    if not after:
        return ()
    since = f"after the last seal ({seals[-1].pk}, {_iso(seals[-1].at)})" if seals else "with no seal at all"
    return (f"WARNING: {sum(after.values())} events in {len(after)} chains {since} are only as safe as the "
            "hash chain: anyone with write access to the database could rewrite them and recompute the "
            "hashes undetected. Seal (`yifa audit seal`) and keep the roots (`yifa audit roots`) elsewhere.",)


# --- a page's events, checked where they are shown ------------------------------------------


def check_segment(events: Sequence[AuditEvent]) -> dict[int, bool]:
    """Whether each shown event is intact where it stands: its payload still says what its columns
    say, its hash is the link over its payload, and it links to the event before it in its chain.

    Cheap by design (one query for the predecessors, whatever the chain's length): a page checks
    the events it shows; `verify` (scheduled daily, `yifa audit verify`) walks whole chains."""
    wanted = Q()
    for ev in events:
        if ev.seq > 1:
            wanted |= Q(chain=ev.chain, seq=ev.seq - 1)
    before: dict[tuple[str, int], str] = {}
    if wanted:
        before = {(c, s): h for c, s, h in AuditEvent.objects.filter(wanted).values_list("chain", "seq", "hash")}
    result: dict[int, bool] = {}
    for ev in events:
        expected = GENESIS if ev.seq == 1 else before.get((ev.chain, ev.seq - 1))
        try:
            same = json.loads(ev.payload) == json.loads(canonical_text(event_fields(ev)))
        except ValueError:
            same = False
        result[ev.pk] = same and ev.prev_hash == expected and link_hash(ev.prev_hash, ev.payload.encode()) == ev.hash
    return result


def sealed_up_to() -> tuple[datetime | None, dict[str, int]]:
    """The last seal's time and the seq it sealed on each chain (events up to it are sealed)."""
    last = AuditSeal.objects.order_by("-id").values("at", "heads").first()
    if last is None:
        return None, {}
    return last["at"], {c: int(h[0]) for c, h in (last["heads"] or {}).items()}

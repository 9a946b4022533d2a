"""The audit chain: every write leaves a linked event; any tampering is found."""

import itertools
import subprocess
import sys

import pytest
from django.db import connection, transaction

from yifa.audit.chain import seal, verify
from yifa.audit.models import AuditEvent, ChainHead
from yifa.lib.errors import ActionError
from yifa.registry.actions import create_record, update_record
from yifa.registry.models import Unit


def raw(sql, params=()):
    with connection.cursor() as cur:
        cur.execute(sql, params)


@pytest.mark.django_db
def test_each_write_is_one_linked_event(history, agency_a, head_a):
    events = list(AuditEvent.objects.filter(chain=f"agency:{agency_a.pk}").order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert [e.action for e in events] == ["unit.create"] * 3 + ["unit.update"] * 2
    assert events[3].before["duties"] == ""
    assert events[3].after["duties"] == "负责食品安全监管"
    assert events[3].actor_id == head_a.pk
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert verify().ok
    assert verify().count == 7


@pytest.mark.django_db
def test_no_change_no_event(history, head_a):
    before = AuditEvent.objects.count()
    update_record(history[0], {"duties": "负责食品安全监管"}, acting_user=head_a)
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_failed_action_leaves_no_event(history, agency_a, head_a):
    before = AuditEvent.objects.count()
    with pytest.raises(ActionError), transaction.atomic():
        create_record(Unit, {"agency": agency_a, "name": "第0科"}, acting_user=head_a)  # duplicate name
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_altered_event_is_found(history, agency_a):
    raw("UPDATE audit_auditevent SET after = %s WHERE chain = %s AND seq = 2",
        ['{"name": "伪造"}', f"agency:{agency_a.pk}"])
    verdict = verify()
    assert not verdict.ok
    assert f"agency:{agency_a.pk}#2" in verdict.problem
    assert "altered" in verdict.problem


@pytest.mark.django_db
def test_deleted_event_is_found(history, agency_a):
    AuditEvent.objects.filter(chain=f"agency:{agency_a.pk}", seq=3).delete()
    verdict = verify()
    assert not verdict.ok
    assert "#4" in verdict.problem


@pytest.mark.django_db
def test_reordered_events_are_found(history, agency_a):
    chain = f"agency:{agency_a.pk}"
    raw("UPDATE audit_auditevent SET seq = -1 WHERE chain = %s AND seq = 2", [chain])
    raw("UPDATE audit_auditevent SET seq = 2 WHERE chain = %s AND seq = 3", [chain])
    raw("UPDATE audit_auditevent SET seq = 3 WHERE chain = %s AND seq = -1", [chain])
    verdict = verify()
    assert not verdict.ok
    assert f"{chain}#2" in verdict.problem


@pytest.mark.django_db
def test_cut_tail_is_found_by_the_head(history, agency_a):
    AuditEvent.objects.filter(chain=f"agency:{agency_a.pk}", seq=5).delete()
    verdict = verify()
    assert not verdict.ok
    assert "tail removed" in verdict.problem


@pytest.mark.django_db
def test_cut_tail_with_forged_head_is_found_by_the_seal(history, agency_a):
    seal()
    chain = f"agency:{agency_a.pk}"
    previous = AuditEvent.objects.get(chain=chain, seq=4)
    AuditEvent.objects.filter(chain=chain, seq=5).delete()
    ChainHead.objects.filter(chain=chain).update(seq=4, hash=previous.hash)
    verdict = verify()
    assert not verdict.ok
    assert "seal" in verdict.problem


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused(agency_a):
    from yifa.audit.chain import Change, append

    with pytest.raises(RuntimeError):
        append([Change("x", "y", "1", agency_a.pk)], actor_id=None, actor="t")


def test_cli_exit_codes(tmp_path):
    env = {"YIFA_VAR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    py = [sys.executable, "-m", "yifa"]
    subprocess.run([*py, "migrate", "-v0"], check=True, env=env, timeout=300)
    script = (
        "from django.db import transaction\n"
        "from yifa.audit.chain import Change, append\n"
        "with transaction.atomic():\n"
        "    append([Change('t.create', 't', str(i), 7, after={'i': i}) for i in range(3)], actor_id=None, actor='t')\n"
    )
    subprocess.run([*py, "shell", "-c", script], check=True, env=env, timeout=120)
    ok = subprocess.run([*py, "audit", "verify"], capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0
    assert ok.stdout.splitlines()[0] == "OK 3 events, 0 signed seals"
    assert "only as safe as the hash chain" in ok.stdout  # no seal yet: said plainly
    tamper = "from yifa.audit.models import AuditEvent\nAuditEvent.objects.filter(seq=2).update(actor='x')\n"
    subprocess.run([*py, "shell", "-c", tamper], check=True, env=env, timeout=120)
    bad = subprocess.run([*py, "audit", "verify"], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1
    assert "agency:7#2" in bad.stdout


def test_append_encodes_each_event_as_its_canonical_text(agency_a):
    """`append` builds the hashed text piece by piece (and `append_many` shares the encoding of
    one before/after object between events): it must equal the whole-dict encoding, byte for byte."""
    import datetime as dt
    from decimal import Decimal

    from yifa.audit.chain import _EVENT_COLUMNS, Change, append, append_many, canonical_text, event_fields

    shared = {"z": 1, "a": [Decimal("1.50"), dt.date(2026, 1, 2)], "中文": "引号\"和\\反斜杠\n"}
    changes = [
        Change("x.one", "registry.Unit", "12", agency_a.pk, None, {"b": 2, "a": {"d": None, "c": True}}),
        Change("x.two", "registry.Unit", "名称 3", None, shared, shared, chain="public"),
        Change("x.three", "registry.Unit", "", agency_a.pk, [1, 2.5, "x"], shared),
    ]
    with transaction.atomic():
        events = append(changes, actor_id=None, actor="张三 \"admin\"")
        assert append_many(changes, actor_id=7, actor="system") == 3
    assert all(ev.payload == canonical_text(event_fields(ev)) for ev in events)
    for ev in AuditEvent.objects.all():
        assert ev.payload == canonical_text(event_fields(ev)), ev.action
    assert set(_EVENT_COLUMNS) == {f.attname for f in AuditEvent._meta.concrete_fields if not f.primary_key}
    assert verify().ok

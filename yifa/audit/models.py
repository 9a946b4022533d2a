"""Tamper-evident audit events: one SHA-256 hash chain per agency, sealed by a root.

Rows carry plain ids rather than foreign keys so that an event outlives what it
describes (a deleted record, a removed user) and never blocks a deletion.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

GENESIS = "0" * 64


class AuditEvent(models.Model):
    chain = models.CharField("链", max_length=40)
    seq = models.BigIntegerField("序号")
    at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=80)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象ID", max_length=40, blank=True)
    agency_id = models.BigIntegerField("执法主体ID", null=True, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    prev_hash = models.CharField("前一哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)
    # The canonical JSON the hash was computed over (chain.canonical_text), kept so that verify
    # hashes it as stored; verify also checks that it still says what the columns say.
    payload = models.TextField("规范内容", blank=True, default="")

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering: ClassVar[list[str]] = ["chain", "seq"]
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["agency_id", "at"], name="audit_agency_at"),
            # One user's events, newest first (the audit trail per user).
            models.Index(fields=["actor_id", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action}"


class ChainHead(models.Model):
    """The last (seq, hash) of a chain. Writers lock this row, so appends serialise per chain."""

    chain = models.CharField("链", max_length=40, unique=True)
    seq = models.BigIntegerField("序号", default=0)
    hash = models.CharField("哈希", max_length=64, default=GENESIS)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"{self.chain}@{self.seq}"


class AuditSeal(models.Model):
    """A periodic root: the hash over every chain head at one moment, itself chained.

    It catches what a single chain cannot: a chain's tail cut off together with its head. Its
    Ed25519 signature (by a key kept in files, yifa/audit/keys.py) is what someone with only
    database access cannot recompute.
    """

    at = models.DateTimeField("时间")
    heads = models.JSONField("各链头")
    prev_hash = models.CharField("前一哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)
    signature = models.CharField("签名", max_length=100, blank=True)
    key_id = models.CharField("签名密钥", max_length=64, blank=True)

    class Meta:
        verbose_name = "审计封印"
        verbose_name_plural = "审计封印"
        ordering: ClassVar[list[str]] = ["id"]
        # Compare-and-set: two workers sealing at once both read the same last seal, and only
        # one may chain onto it; the other's insert fails and it seals again (audit.tasks).
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["prev_hash"], name="audit_seal_prev_hash_unique"),
        ]

    def __str__(self) -> str:
        return f"seal {self.pk} {self.hash[:12]}"

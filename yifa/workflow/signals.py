"""What the workflow core tells other apps: a step was taken and its transaction committed.

Sent on commit, so a receiver sees the record as stored and writes in a transaction of its own:
an app built on top of a procedure (e.g. yifa.disclosure, which drafts the public record when a
penalty decision is served) reacts without the procedure importing it. A step whose transaction
rolls back sends nothing. Receivers must be idempotent (they may also be run by a sweep).
"""

from __future__ import annotations

from django.dispatch import Signal

#: sender: the record's model; kwargs: step (name), record_id, acting_user, on_date.
step_committed = Signal()

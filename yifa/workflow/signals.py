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

#: sender: the record's model; kwargs: user_ids (the people told), item (the WorkItem). Sent on
#: commit when a record lands on people's to-do lists: the hook where an SMS gateway or a
#: government messaging app is plugged in (a receiver; Yifa itself only keeps the in-app
#: notification).
work_arrived = Signal()

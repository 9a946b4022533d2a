"""The hook: when a penalty decision is served (or a simple-procedure decision filed) or a licence
granted, its public record is drafted from the record's own data — entered once; when a penalty
decision is revoked, changed or voided (the case's `revoke` step), its record is withdrawn. Connected to the
workflow core's `step_committed` (sent after the step's transaction committed)."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from yifa.cases.models import Case, CaseOutcome
from yifa.disclosure.actions import draft_from_case, draft_from_licence, withdraw_revoked
from yifa.licensing.models import LicenceApplication, LicensingOutcome
from yifa.workflow.signals import step_committed

log = logging.getLogger(__name__)

#: Steps after which a decision is in the party's hands.
CASE_STEPS = frozenset({"serve", "file"})


@receiver(step_committed, sender=Case, dispatch_uid="yifa.disclosure.case")
def case_served(sender: Any, step: str, record_id: int, acting_user: Any, **kwargs: Any) -> None:
    if step not in CASE_STEPS:
        return
    case = Case.objects.select_related("agency", "power").get(pk=record_id)
    if case.outcome == CaseOutcome.PENALTY:
        draft_from_case(case, acting_user=acting_user)


@receiver(step_committed, sender=Case, dispatch_uid="yifa.disclosure.case_revoked")
def case_revoked(sender: Any, step: str, record_id: int, acting_user: Any, **kwargs: Any) -> None:
    """A decision revoked, changed or voided: its released public record is withdrawn at once
    (well within the 3 working days), with the explanation the head gave."""
    if step == "revoke":
        withdraw_revoked(record_id, acting_user=acting_user)


@receiver(step_committed, sender=LicenceApplication, dispatch_uid="yifa.disclosure.licence")
def licence_decided(sender: Any, step: str, record_id: int, acting_user: Any, **kwargs: Any) -> None:
    if step != "decide":
        return
    app = LicenceApplication.objects.select_related("agency", "power").get(pk=record_id)
    if app.outcome == LicensingOutcome.GRANTED:
        draft_from_licence(app, acting_user=acting_user)

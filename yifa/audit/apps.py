from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_schedules(**kwargs: Any) -> None:
    from yifa.audit.tasks import SCHEDULES
    from yifa.lib.schedules import ensure

    ensure(SCHEDULES)


class AuditConfig(AppConfig):
    name = "yifa.audit"
    label = "audit"
    verbose_name = "审计链"

    def ready(self) -> None:
        # After every migrate (and test-database flush): the seal runs by itself once a
        # worker runs (`make run` starts one).
        post_migrate.connect(_ensure_schedules, sender=self, dispatch_uid="yifa.audit.schedules")

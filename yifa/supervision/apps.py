from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_schedules(**kwargs: Any) -> None:
    from yifa.lib.schedules import ensure
    from yifa.supervision.tasks import SCHEDULES

    ensure(SCHEDULES)


class SupervisionConfig(AppConfig):
    name = "yifa.supervision"
    label = "supervision"
    verbose_name = "执法监督预警与督办"

    def ready(self) -> None:
        from yifa.supervision import access, actions  # noqa: F401 -- the policy, the steps' bodies

        post_migrate.connect(_ensure_schedules, sender=self, dispatch_uid="yifa.supervision.schedules")

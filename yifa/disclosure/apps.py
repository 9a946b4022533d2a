from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_schedules(**kwargs: Any) -> None:
    from yifa.disclosure.tasks import SCHEDULES
    from yifa.lib.schedules import ensure

    ensure(SCHEDULES)


class DisclosureConfig(AppConfig):
    name = "yifa.disclosure"
    label = "disclosure"
    verbose_name = "执法公示"

    def ready(self) -> None:
        from yifa.disclosure import access, actions, receivers  # noqa: F401 -- the policy, the steps, the hook

        post_migrate.connect(_ensure_schedules, sender=self, dispatch_uid="yifa.disclosure.schedules")

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_schedules(**kwargs: Any) -> None:
    from yifa.lib.schedules import ensure
    from yifa.licensing.tasks import SCHEDULES

    ensure(SCHEDULES)


class LicensingConfig(AppConfig):
    name = "yifa.licensing"
    label = "licensing"
    verbose_name = "行政许可"

    def ready(self) -> None:
        # Bind every step's action body to the procedure's declaration (LICENSING.performs).
        from yifa.licensing import actions, hearing  # noqa: F401

        # The daily deemed acceptance and renewal, as reviewed data (docs/architecture.md, "Scheduled work").
        post_migrate.connect(_ensure_schedules, sender=self, dispatch_uid="yifa.licensing.schedules")

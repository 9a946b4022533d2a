from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yifa.cases"
    label = "cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        # Bind every step's action body to the procedure's declaration (PENALTY.performs).
        from django.db.models.signals import post_delete, post_save

        from yifa.cases import access, actions, simple  # noqa: F401
        from yifa.cases.models import PenaltyKind
        from yifa.lib import refcache

        # The penalty types are reference data kept per process (yifa.cases.rules.kinds_on).
        post_save.connect(refcache.changed, sender=PenaltyKind, dispatch_uid="refcache-save-cases.PenaltyKind")
        post_delete.connect(refcache.changed, sender=PenaltyKind, dispatch_uid="refcache-delete-cases.PenaltyKind")

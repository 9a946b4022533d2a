from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

#: The models yifa.lib.refcache keeps per process; a write to any of them invalidates it.
CACHED_MODELS = (
    "workcal.LegalParameter", "workcal.DeadlineRule", "workcal.CalendarYear", "workcal.CalendarDay",
    "documents.DocumentKind", "documents.AgencyNumbering", "registry.Region", "registry.Agency", "law.PowerItem",
    "law.Law", "law.Provision", "law.ProvisionVersion",
)
#: The power items' provision lists (many-to-many): a change to one invalidates it too.
CACHED_RELATIONS = (("law.PowerItem", "violated_provisions"), ("law.PowerItem", "penalty_provisions"))


class WorkcalConfig(AppConfig):
    name = "yifa.workcal"
    label = "workcal"
    verbose_name = "工作日与法定期限"

    def ready(self) -> None:
        from django.apps import apps

        from yifa.lib import refcache
        from yifa.workcal.models import ReferenceVersion

        refcache.use_counter(ReferenceVersion.read, ReferenceVersion.bump)
        for label in CACHED_MODELS:
            model = apps.get_model(label)
            post_save.connect(refcache.changed, sender=model, dispatch_uid=f"refcache-save-{label}")
            post_delete.connect(refcache.changed, sender=model, dispatch_uid=f"refcache-delete-{label}")
        for label, name in CACHED_RELATIONS:
            through = getattr(apps.get_model(label), name).through
            m2m_changed.connect(refcache.changed, sender=through, dispatch_uid=f"refcache-m2m-{label}.{name}")

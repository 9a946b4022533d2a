from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "yifa.inspections"
    label = "inspections"
    verbose_name = "行政检查"

    def ready(self) -> None:
        # The inspection records' policy queryset (registered with yifa.registry.access), and the
        # step's action body bound to the procedure's declaration (INSPECTIONS.performs).
        from yifa.inspections import access, actions  # noqa: F401

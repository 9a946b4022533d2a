from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "yifa.inspections"
    label = "inspections"
    verbose_name = "行政检查"

    def ready(self) -> None:
        # The inspection records' policy queryset (registered with yifa.registry.access).
        from yifa.inspections import access  # noqa: F401

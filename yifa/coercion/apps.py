from django.apps import AppConfig


class CoercionConfig(AppConfig):
    name = "yifa.coercion"
    label = "coercion"
    verbose_name = "行政强制措施"

    def ready(self) -> None:
        # Bind every step's action body to the procedure's declaration (MEASURES.performs).
        from yifa.coercion import access, actions  # noqa: F401

from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "yifa.enforcement"
    label = "enforcement"
    verbose_name = "行政强制执行"

    def ready(self) -> None:
        # Bind every step's action body to the procedure's declaration (ENFORCEMENT.performs).
        from yifa.enforcement import access, actions  # noqa: F401

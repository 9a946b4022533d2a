from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yifa.cases"
    label = "cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        # Bind every step's action body to the procedure's declaration (PENALTY.performs).
        from yifa.cases import access, actions, simple  # noqa: F401

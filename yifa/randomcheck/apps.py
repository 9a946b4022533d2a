from django.apps import AppConfig


class RandomcheckConfig(AppConfig):
    name = "yifa.randomcheck"
    label = "randomcheck"
    verbose_name = "双随机、一公开"

    def ready(self) -> None:
        # Bind every step's action body to the procedure's declaration (PLANS.performs).
        from yifa.randomcheck import access, actions  # noqa: F401

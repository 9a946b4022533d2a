from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "yifa.licensing"
    label = "licensing"

    def ready(self) -> None:
        # Bind every step's action body to the procedure's declaration (LICENSING.performs).
        from yifa.licensing import actions, hearing  # noqa: F401

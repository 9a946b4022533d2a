from django.apps import AppConfig


class FinesConfig(AppConfig):
    name = "yifa.fines"
    label = "fines"
    verbose_name = "罚没款与罚没物品"

    def ready(self) -> None:
        # The ledger's models are agency-owned: registered with the access policy.
        from yifa.fines import access  # noqa: F401

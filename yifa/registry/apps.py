from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "yifa.registry"
    label = "registry"
    verbose_name = "执法主体与人员"

    def ready(self) -> None:
        from yifa.lib import admin
        from yifa.registry import actions

        admin.use_writer(actions)  # the Django admin writes through the audited actions

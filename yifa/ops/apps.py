from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "yifa.ops"
    label = "ops"
    verbose_name = "运维"

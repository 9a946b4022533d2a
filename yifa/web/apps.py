from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "yifa.web"
    label = "web"
    verbose_name = "界面"

from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "yifa.law"
    label = "law"
    verbose_name = "法律依据与职权"

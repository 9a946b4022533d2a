from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "yifa.licensing"
    label = "licensing"

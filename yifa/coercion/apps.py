from django.apps import AppConfig


class CoercionConfig(AppConfig):
    name = "yifa.coercion"
    label = "coercion"
    verbose_name = "行政强制措施"

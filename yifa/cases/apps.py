from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yifa.cases"
    label = "cases"
    verbose_name = "案件办理"

from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "yifa.transfer"
    label = "transfer"
    verbose_name = "Excel导入导出"

from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "yifa.workcal"
    label = "workcal"
    verbose_name = "工作日与法定期限"

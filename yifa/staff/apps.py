from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "yifa.staff"
    label = "staff"
    verbose_name = "账号管理与审计记录"

from django.apps import AppConfig
from django.contrib import admin
from django.db.models.signals import pre_save
from django.http import HttpRequest


def sysadmin_only(request: HttpRequest) -> bool:
    """The Django admin is the system administrator's (agency admins manage logins at /staff/)."""
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_sysadmin", False))


class AccountsConfig(AppConfig):
    name = "yifa.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from yifa.lib.bounds import refuse_bad_text

        # Every Yifa model's text, wherever it comes from (yifa.lib.bounds); the first app to be
        # ready wires it for all.
        pre_save.connect(refuse_bad_text, dispatch_uid="yifa-bad-text")
        admin.site.site_header = "依法 · 系统管理"
        admin.site.site_title = "依法系统管理"
        admin.site.index_title = "系统管理（仅限系统管理员）"
        admin.site.has_permission = sysadmin_only  # type: ignore[method-assign]

from django.apps import AppConfig, apps
from django.contrib import admin
from django.db.models.signals import pre_save
from django.http import HttpRequest


def sysadmin_only(request: HttpRequest) -> bool:
    """The Django admin is the system administrator's (agency admins manage logins at /staff/)."""
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_sysadmin", False))


#: Models of the libraries whose admin pages are English (their own field names): not offered.
THIRD_PARTY_ADMIN = ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog", "django_q.Failure",
                     "django_q.OrmQ", "django_q.Schedule", "django_q.Success")


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
        # The admin is Chinese throughout: the libraries' own tables (login lockouts, the task
        # queue) are not offered there. Lockouts are cleared with `yifa axes_reset`; scheduled
        # tasks are reviewed data (yifa.lib.schedules), not edited by hand.
        for label in THIRD_PARTY_ADMIN:
            model = apps.get_model(label)
            if admin.site.is_registered(model):
                admin.site.unregister(model)

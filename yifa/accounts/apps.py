from django.apps import AppConfig
from django.db.models.signals import pre_save


class AccountsConfig(AppConfig):
    name = "yifa.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from yifa.lib.bounds import refuse_bad_text

        # Every Yifa model's text, wherever it comes from (yifa.lib.bounds); the first app to be
        # ready wires it for all.
        pre_save.connect(refuse_bad_text, dispatch_uid="yifa-bad-text")

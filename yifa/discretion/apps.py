from django.apps import AppConfig


class DiscretionConfig(AppConfig):
    name = "yifa.discretion"
    label = "discretion"
    verbose_name = "行政处罚裁量基准"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from yifa.discretion.loader import load_after_migrate
        from yifa.discretion.models import Assessment
        from yifa.registry.access import register

        register(Assessment, "agency")  # an assessment is its case's agency's record

        # The shipped benchmark files are release data, like the deadline rules of workcal 0002:
        # every migrate brings the tables to the files (a no-op when nothing changed).
        post_migrate.connect(load_after_migrate, sender=self, dispatch_uid="discretion-benchmarks")

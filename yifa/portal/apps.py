from django.apps import AppConfig


def _published_version() -> object:
    """The published data's version for the page cache: the newest publication step (every
    release, withdrawal and take-down writes one in its own transaction; an index read)."""
    from yifa.disclosure.models import PublicationStep

    return PublicationStep.objects.order_by("-id").values_list("id", flat=True).first()


class PortalConfig(AppConfig):
    name = "yifa.portal"
    label = "portal"
    verbose_name = "公示门户"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from yifa.lib import pagecache
        from yifa.registry.models import Agency

        pagecache.use_version(_published_version)
        pagecache.set_budget(settings.YIFA_PAGE_CACHE_BYTES)
        # An agency's name is on every kept page: a change here clears them at once (another
        # process's entries age out within pagecache.MAX_AGE).
        post_save.connect(pagecache.changed, sender=Agency, dispatch_uid="yifa.portal.pagecache.agency")
        post_delete.connect(pagecache.changed, sender=Agency, dispatch_uid="yifa.portal.pagecache.agency_gone")

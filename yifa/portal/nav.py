"""The portal's menu. Other public parts (complaints, evaluation) add their items with `add`
from their app's ready(); the base template (portal/base.html) lists them and has blocks to extend."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class PortalLink:
    url_name: str
    label: str | Promise

    def url(self) -> str:
        return reverse(self.url_name)


LINKS: list[PortalLink] = [
    PortalLink("portal:index", pgettext_lazy("portal menu", "首页")),
    PortalLink("portal:agencies", pgettext_lazy("portal menu", "执法主体")),
    PortalLink("portal:decisions", pgettext_lazy("portal menu", "执法决定公示")),
    PortalLink("portal:plans", pgettext_lazy("portal menu", "双随机抽查")),
    PortalLink("circulars:list", pgettext_lazy("portal menu", "考核通报")),
    PortalLink("portal:open-data", pgettext_lazy("portal menu", "开放数据")),
    PortalLink("portal:roots", pgettext_lazy("portal menu", "审计根与核验")),
]


def add(link: PortalLink) -> None:
    if link not in LINKS:
        LINKS.append(link)

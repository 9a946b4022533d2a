"""{% once %}…{% endonce %}: a part of a page that is the same on every request in a language —
static file URLs, fixed links, translated labels — rendered once per process and language
rather than tag by tag on every page (base.html: the head's assets, the header's brand, the
footer's language menu; about half a millisecond of every page, docs/benchmarks.md).

Only what depends on nothing but the language, the URL prefix and the static URL may go inside:
no variable of the request or the user (those stay outside the block).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


class OnceNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        #: (language, URL prefix, URL conf, static URL) → the block's HTML.
        self.rendered: dict[tuple[Any, ...], SafeString] = {}

    def render(self, context: Context) -> SafeString:
        key = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, settings.STATIC_URL)
        if key not in self.rendered:
            # The block's own tags escaped what they printed.
            self.rendered[key] = mark_safe(self.nodelist.render(context))  # noqa: S308
        return self.rendered[key]


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist)

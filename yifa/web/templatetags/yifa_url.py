"""`{% url %}` with the URL's shape remembered (a builtin, settings.TEMPLATES: it replaces
Django's tag of the same name in every template).

Django reverses a URL from scratch on every `{% url %}`: a list printing a link per row reversed
the same pattern fifty times a page (about 30 µs each). This tag learns, once per process and
pattern, what the URL looks like — for no argument the URL itself, for one whole-number argument
(a record's id) the text around it — and builds the URL from that. Anything else (keyword
arguments, strings, several arguments) goes to Django's tag unchanged. A shape is only kept after
it was checked against a real reverse, so the tag prints exactly what Django's would.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

#: A number no real id reaches, reversed in place of the argument to find where it goes.
PROBE = 918273645546372819
#: (urlconf, prefix, name, current app, number of arguments) → the URL, (before, after) the id,
#: or None for "reverse every time".
_SHAPES: dict[tuple[Any, ...], str | tuple[str, str] | None] = {}


def _learn(view_name: str, args: list[Any], current_app: str | None) -> tuple[str, str | tuple[str, str] | None]:
    """The real URL, and the shape to keep for the pattern."""
    url = reverse(view_name, args=args, current_app=current_app)
    if not args:
        return url, url
    try:
        probed = reverse(view_name, args=[PROBE], current_app=current_app)
    except NoReverseMatch:  # the pattern does not take any number: reverse each time
        return url, None
    before, found, after = probed.partition(str(PROBE))
    if found and str(PROBE) not in after and f"{before}{args[0]}{after}" == url:
        return url, (before, after)
    return url, None


def quick_reverse(view_name: str, args: list[Any], current_app: str | None) -> str | None:
    """The URL from its remembered shape; None where the shape does not apply (Django's way then)."""
    if len(args) > 1 or (args and type(args[0]) is not int) or not isinstance(view_name, str):
        return None
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), view_name, current_app, len(args))
    if key not in _SHAPES:
        url, _SHAPES[key] = _learn(view_name, args, current_app)
        return url
    shape = _SHAPES[key]
    if shape is None:
        return None
    if isinstance(shape, str):
        return shape
    return f"{shape[0]}{args[0]}{shape[1]}"


class RememberedURLNode(URLNode):
    def render(self, context: Context) -> str:
        if self.kwargs or self.asvar:
            return str(super().render(context))
        args = [arg.resolve(context) for arg in self.args]
        try:
            current_app = context.request.current_app  # type: ignore[attr-defined]
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace  # type: ignore[attr-defined]
            except AttributeError:
                current_app = None
        url = quick_reverse(self.view_name.resolve(context), args, current_app)
        if url is None:
            return str(super().render(context))
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> URLNode:
    node = django_url(parser, token)
    node.__class__ = RememberedURLNode
    return node

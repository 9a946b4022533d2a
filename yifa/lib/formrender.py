"""The form renderer (settings.FORM_RENDERER): Django's own, with its commonest widget templates
written out in Python.

Django renders every widget through a template, and every `<option>` of a drop-down and every
checkbox of a list through one more `{% include %}` of a template of its own: a step form with a
list of officers or a filter with the agency's entities spent most of its page's CPU there
(docs/benchmarks.md, "CPU per request"). The functions below produce exactly what Django's
templates in django/forms/templates/django/forms/widgets/ produce — the same markup, escaping,
localisation and white space (tests/test_formrender.py renders every widget kind both ways and
compares) — and any other template (a project's own, a multi-widget, the file input) still goes
through the template engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs

WIDGETS = "django/forms/widgets/"


def _text(value: Any) -> str:
    """`{{ value }}`: localised, then escaped unless already safe."""
    return str(conditional_escape(localize(template_localtime(value))))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe, so only others are escaped."""
    text = "%s" % (value,)  # noqa: UP031 -- the filter's own formatting, exactly
    return text if isinstance(value, SafeData) else str(escape(text))


def _attrs(attrs: dict[str, Any]) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(w: dict[str, Any]) -> str:
    """input.html (and, included by it, text, number, date, hidden, checkbox … .html)."""
    value = f' value="{_formatted(w["value"])}"' if w["value"] is not None else ""
    return f'<input type="{_text(w["type"])}" name="{_text(w["name"])}"{value}{_attrs(w["attrs"])}>\n'


def _input_option(w: dict[str, Any]) -> str:
    """input_option.html: the input, wrapped in its label."""
    if not w.get("wrap_label"):
        return _input(w) + "\n"
    label_id = w["attrs"].get("id")
    for_ = f' for="{_text(label_id)}"' if label_id else ""
    return f"<label{for_}>{_input(w)} {_text(w['label'])}</label>\n"


def _select_option(w: dict[str, Any]) -> str:
    return f'<option value="{_formatted(w["value"])}"{_attrs(w["attrs"])}>{_text(w["label"])}</option>\n'


#: An option's own template (include'd once per option by Django) and the text it renders to.
OPTIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    WIDGETS + "select_option.html": _select_option,
    WIDGETS + "checkbox_option.html": lambda w: _input_option(w) + "\n",
    WIDGETS + "radio_option.html": lambda w: _input_option(w) + "\n",
}


def _options_known(w: dict[str, Any]) -> bool:
    return all(o["template_name"] in OPTIONS for _, options, _ in w["optgroups"] for o in options)


def _select(w: dict[str, Any]) -> str | None:
    if not _options_known(w):
        return None
    out = [f'<select name="{_text(w["name"])}"{_attrs(w["attrs"])}>']
    for group, options, _ in w["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{_text(group)}">')
        out.extend("\n  " + OPTIONS[o["template_name"]](o) for o in options)
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _multiple_input(w: dict[str, Any]) -> str | None:
    """multiple_input.html (checkbox_select.html and radio.html include it)."""
    if not _options_known(w):
        return None
    id_, class_ = w["attrs"].get("id"), w["attrs"].get("class")
    out = ["<div", f' id="{_text(id_)}"' if id_ else "", f' class="{_text(class_)}"' if class_ else "", ">"]
    for group, options, _ in w["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_text(group)}</label>")
        out.extend(f"<div>\n    {OPTIONS[o['template_name']](o)}</div>" for o in options)
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _textarea(w: dict[str, Any]) -> str:
    value = _text(w["value"]) if w["value"] else ""
    return f'<textarea name="{_text(w["name"])}"{_attrs(w["attrs"])}>\n{value}</textarea>\n'


INPUTS = ("input", "text", "number", "email", "url", "tel", "search", "password", "hidden", "date", "datetime",
          "time", "color", "checkbox")

FAST: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUTS},
    WIDGETS + "select.html": _select,
    WIDGETS + "checkbox_select.html": _multiple_input,
    WIDGETS + "radio.html": _multiple_input,
    WIDGETS + "multiple_input.html": _multiple_input,
    WIDGETS + "textarea.html": _textarea,
}


class FastWidgets(DjangoTemplates):
    """Django's default form renderer, with the widget templates above rendered in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = FAST.get(template_name)
        widget = context.get("widget") if fast is not None else None
        if fast is not None and isinstance(widget, dict):
            html = fast(widget)
            if html is not None:
                return html.strip()  # as BaseRenderer.render
        return str(super().render(template_name, context, request))

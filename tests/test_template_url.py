"""`{% url %}` (yifa.web.templatetags.yifa_url, a template builtin) prints exactly what Django's
tag prints, from a remembered shape where it may and through Django's tag otherwise."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, Template, engines
from django.urls import NoReverseMatch, reverse

from yifa.web.templatetags import yifa_url

CASES = [
    ("{% url 'home' %}", {}),
    ("{% url 'cases:detail' pk %}", {"pk": 7}),
    ("{% url 'cases:detail' pk %}", {"pk": 123456}),
    ("{% url 'cases:detail' pk=pk %}", {"pk": 8}),
    ("{% url 'cases:detail' pk %}", {"pk": "9"}),
    ("{% url 'staff:record-trail' 'case' pk %}", {"pk": 10}),
    ("{% url 'cases:detail' pk as link %}[{{ link }}]", {"pk": 11}),
    ("{% url name pk %}", {"name": "cases:detail", "pk": 12}),
]


def django_engine() -> Engine:
    return Engine(libraries={}, builtins=[])  # Django's own {% url %}


@pytest.mark.parametrize(("source", "values"), CASES)
def test_the_same_url_as_djangos_tag(source: str, values: dict[str, object]) -> None:
    ours = engines["django"].from_string(source)
    for _ in range(2):  # learning the shape, then using it
        assert ours.render(values) == Template(source, engine=django_engine()).render(Context(values))


def test_the_project_templates_use_it() -> None:
    template = engines["django"].from_string("{% url 'home' %}")
    assert any(isinstance(node, yifa_url.RememberedURLNode) for node in template.template.nodelist)


def test_a_missing_pattern_is_still_an_error() -> None:
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'no-such-page' 1 %}").render({})


def test_a_shape_that_does_not_fit_is_not_kept() -> None:
    url = yifa_url.quick_reverse("cases:detail", [5], None)
    assert url == reverse("cases:detail", args=[5]) == yifa_url.quick_reverse("cases:detail", [5], None)
    assert yifa_url.quick_reverse("cases:detail", [True], None) is None  # a bool is not an id
    assert yifa_url.quick_reverse("cases:detail", ["5"], None) is None  # Django's way for text

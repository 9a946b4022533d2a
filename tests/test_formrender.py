"""The form renderer's Python widgets (yifa.lib.formrender) write exactly what Django's widget
templates write: every widget kind the project uses, rendered both ways, byte for byte."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from yifa.lib.formrender import FAST, FastWidgets
from yifa.lib.pickers import PersonCheckboxes, PersonSelect

CHOICES: list[tuple[Any, Any]] = [("", "---------"), ("a", "甲 <b>&"), (2, gettext_lazy("是")), ("c", mark_safe("<i>安全</i>"))]
GROUPED: list[tuple[Any, Any]] = [("分组 <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="提示")
    empty = forms.CharField(required=False)
    number = forms.IntegerField(min_value=0, max_value=9)
    money = forms.DecimalField(max_digits=14, decimal_places=2, widget=forms.NumberInput(
        attrs={"inputmode": "decimal", "step": "0.01"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    flag = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    pick = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple)
    many_grouped = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False)
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    select_many = forms.MultipleChoiceField(choices=CHOICES[1:])
    person = forms.ChoiceField(choices=[("", "—"), ("1", "张三")], widget=PersonSelect)
    people = forms.MultipleChoiceField(choices=[("1", "张三"), ("2", "李四")], widget=PersonCheckboxes)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")


BOUND = {"text": 'a "quoted" <tag> & more', "number": "7", "money": "12.50", "day": "2026-12-01",
         "moment": "2026-12-01T09:30", "flag": "on", "secret": "s3cret", "hidden": "5", "note": "第一行\n<第二行>",
         "pick": "a", "grouped": "y", "many": ["a", "c"], "many_grouped": ["x", "z"], "radio": "2",
         "select_many": ["2"], "person": "1", "people": ["2"]}


def widgets(data: dict[str, Any] | None, initial: dict[str, Any], renderer: Any) -> dict[str, str]:
    form = Everything(data, initial=initial, renderer=renderer)
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("data", [None, BOUND], ids=["blank", "bound"])
def test_every_widget_renders_as_djangos_templates(language: str, data: dict[str, Any] | None) -> None:
    initial = {"day": dt.date(2026, 12, 1), "money": Decimal("3.10"), "number": 3, "pick": 2, "flag": True,
               "many": ["a"], "hidden": 9}
    with override(language):
        expected = widgets(data, initial, DjangoTemplates())
        got = widgets(data, initial, FastWidgets())
    for name in expected:
        assert got[name] == expected[name], name


def test_the_project_uses_the_fast_renderer_and_unknown_templates_fall_back() -> None:
    assert settings.FORM_RENDERER == "yifa.lib.formrender.FastWidgets"
    renderer = FastWidgets()
    clearable = forms.ClearableFileInput()
    assert clearable.template_name not in FAST  # rendered by the template engine, as before
    assert renderer.render(clearable.template_name, clearable.get_context("f", None, {"id": "id_f"})) == \
        DjangoTemplates().render(clearable.template_name, clearable.get_context("f", None, {"id": "id_f"}))


def test_a_whole_form_renders_the_same() -> None:
    form = Everything(BOUND)
    form.is_valid()
    assert str(form.render(renderer=FastWidgets())) == str(form.render(renderer=DjangoTemplates()))


def test_a_person_picker_keeps_its_pinyin() -> None:
    html = PersonSelect(choices=[("1", "张三")]).render("p", "1", renderer=FastWidgets())
    assert 'data-pinyin="' in html
    assert "selected" in html

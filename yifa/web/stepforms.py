"""A step's web form, derived from its declared input schema (yifa.workflow.steps.Step.inputs).

Each schema field becomes a form field by its type: dates (today by default, unless the schema
says `today: False`), money, yes/no, booleans, enums, lists, officers and other record-dependent
choices (`Step.choices`), one-line or long text. Labels are the fields' titles, translated.
The form only checks input; the action alone decides.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

from annotated_types import Ge, Le, MaxLen
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy
from pydantic.fields import FieldInfo

from yifa.lib.pickers import PersonCheckboxes, PersonSelect
from yifa.web.fields import DATE_INPUT, DATETIME_INPUT, today
from yifa.web.files import read_upload
from yifa.web.i18n import tr
from yifa.web.steps import StepPage, VersionedStepForm, step_forms
from yifa.workflow.steps import Procedure, Step

TEXT_AREA_ROWS = 3


def _unwrap(annotation: Any) -> tuple[Any, bool, bool]:
    """(base type, optional, many) of a schema annotation."""
    optional = many = False
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional, annotation = True, args[0]
    if get_origin(annotation) is list:
        many, annotation = True, get_args(annotation)[0]
    while hasattr(annotation, "__metadata__"):  # Annotated[...]
        annotation = get_args(annotation)[0]
    return annotation, optional, many


class LinesField(forms.CharField):
    """Several names in one box, separated by commas, 、 or new lines."""

    widget = forms.Textarea(attrs={"rows": TEXT_AREA_ROWS})

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        parts = text.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
        return [p.strip() for p in parts if p.strip()]


def _choices(options: list[tuple[Any, Any]]) -> list[tuple[Any, str]]:
    return [(value, str(tr(label))) for value, label in options]


#: Step inputs that choose people (officers, the hearing's chair or presider): their pickers also
#: match pinyin (yifa.lib.pickers).
PERSON_FIELDS = frozenset({"officers", "lead", "officer", "chair", "presider", "responsible"})


def _choice_field(base: Any, many: bool, options: list[tuple[Any, Any]], common: dict[str, Any],
                  people: bool = False) -> forms.Field:
    coerce = int if base is int else str
    if many:
        return forms.TypedMultipleChoiceField(choices=_choices(options), coerce=coerce,
                                              widget=PersonCheckboxes if people else forms.CheckboxSelectMultiple,
                                              **common)
    return forms.TypedChoiceField(choices=_choices(options), coerce=coerce,
                                  widget=PersonSelect if people else forms.Select, **common)


def form_field(step: Step[Any], record: Any, name: str, info: FieldInfo) -> forms.Field:
    extra: dict[str, Any] = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    base, optional, many = _unwrap(info.annotation)
    required = info.is_required() and not optional
    common: dict[str, Any] = {"label": gettext_lazy(info.title or name), "required": required}
    if extra.get("help"):
        common["help_text"] = gettext_lazy(str(extra["help"]))
    if name in step.choices:
        return _choice_field(base, many, step.choices[name](record), common, people=name in PERSON_FIELDS)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return _choice_field(str, many, list(getattr(base, "choices", [(m.value, m.value) for m in base])), common)
    return _typed_field(base, name, info, extra, common)


def _file_attrs(accept: str) -> dict[str, str]:
    """`capture` goes straight to the camera and offers nothing else: only for a photo or a video alone."""
    return {"accept": accept, "capture": "environment"} if accept in ("image/*", "video/*") else {"accept": accept}


def _typed_field(base: Any, name: str, info: FieldInfo, extra: dict[str, Any], common: dict[str, Any]) -> forms.Field:
    """A field by the input's type: yes/no, boolean, date, money, whole number, file or text."""
    if base is bool:
        if "yes" in extra:
            return forms.TypedChoiceField(coerce=lambda v: v in (True, "1", "True"), choices=[
                ("1", gettext_lazy(str(extra["yes"]))), ("0", gettext_lazy(str(extra["no"])))], **common)
        return forms.BooleanField(**common | {"required": False}, initial=info.default is True)
    if base is dt.datetime:  # a moment (e.g. when a measure was carried out): the phone's date-and-time picker
        return forms.DateTimeField(widget=DATETIME_INPUT, **common)
    if base is dt.date:
        initial = None if extra.get("today") is False else today
        return forms.DateField(widget=DATE_INPUT, initial=initial, **common)
    if base is Decimal:
        return forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, **common, widget=forms.NumberInput(
            attrs={"inputmode": "decimal", "step": "0.01"}))
    if base is int:
        low = next((int(m.ge) for m in info.metadata if isinstance(m, Ge)), None)  # type: ignore[call-overload]
        high = next((int(m.le) for m in info.metadata if isinstance(m, Le)), None)  # type: ignore[call-overload]
        return forms.IntegerField(min_value=low, max_value=high, **common)
    if base is bytes:  # a file from the phone's camera, microphone or gallery (judged by content)
        return forms.FileField(widget=forms.ClearableFileInput(attrs=_file_attrs(str(extra.get("accept", "")))),
                               **common)
    if extra.get("widget") == "lines":
        return LinesField(**common)
    if extra.get("widget") == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": TEXT_AREA_ROWS}), **common)
    max_length = next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), 200)
    return forms.CharField(max_length=max_length, **common)


def step_form(step: Step[Any], record: Any, data: Any = None, files: Any = None) -> forms.Form:
    """The step's form for this record (bound when `data` is given), with the record's version."""
    fields = {name: form_field(step, record, name, info) for name, info in step.inputs.model_fields.items()
              if step.show.get(name, lambda r: True)(record)}
    form_class = type(f"{step.name.title().replace('_', '')}Form", (VersionedStepForm,), fields)
    initial = step.initial(record) if step.initial else {}
    form: forms.Form = form_class(record, data, files, initial=initial)
    return form


def step_page(procedure: Procedure[Any], *, template: str, detail: str, load: Any, context: Any,
              label: Any = None) -> StepPage[Any]:
    """A record page whose steps come from `procedure`'s declaration: the forms, the one action
    call and the labels."""
    return StepPage(
        template=template, detail=detail, steps=tuple(procedure.steps), load=load,
        form=lambda request, record, key: step_form(procedure[key], record, request.POST, request.FILES),
        perform=lambda record, key, form, user: take(procedure, key, record, form, user),
        context=context, label=label or (lambda key, record: procedure.label(key)),
    )


def offered_forms(procedure: Procedure[Any], record: Any, user: Any, *, url: str, bound: forms.Form | None = None,
                  bound_step: str = "") -> list[dict[str, Any]]:
    """The forms of the steps open to `user` (templates/_parts/step_forms.html)."""
    keys = [s.name for s in procedure.offered(record, user)]
    return step_forms(keys, blank=lambda key: step_form(procedure[key], record), label=procedure.label, url=url,
                      pk=record.pk, bound=bound, bound_step=bound_step)


def _bytes(value: Any) -> Any:
    """An uploaded file as its bytes (size-checked before reading); other values as they are."""
    if isinstance(value, UploadedFile):
        upload = read_upload(value)
        return upload.data if upload is not None else None
    return value


def take(procedure: Procedure[Any], name: str, record: Any, form: forms.Form, user: Any) -> Any:
    """Exactly one action call with the valid form's values and the version the page showed."""
    values = {k: _bytes(v) for k, v in form.cleaned_data.items() if k != "version"}
    return procedure.take(name, record, version=form.cleaned_data["version"], inputs=values, acting_user=user)

"""Inputs for the inspection pages: the on-site record (filled on a phone at the shop door) and
registering a case from a suspected violation. A form only checks input; the actions decide.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case as Cond
from django.db.models import IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from yifa.inspections.models import Inspection, InspectionResult
from yifa.law.models import PowerItem
from yifa.lib.pickers import PersonCheckboxes
from yifa.web.fields import DATE_INPUT, CodeField, agency_officers, check_party_code
from yifa.web.fields import today as _today
from yifa.web.i18n import translate_form

TEXT_AREA = forms.Textarea(attrs={"rows": 4})
#: Power categories under which an agency inspects.
INSPECTING = (PowerItem.Category.INSPECTION, PowerItem.Category.PENALTY)

#: The Chinese labels the pages show as data (choices), for makemessages; shown through `tr`.
INSPECTION_LABELS = (
    gettext_noop("未发现问题"), gettext_noop("发现问题，责令改正"), gettext_noop("涉嫌违法，移交立案"),
    # the Inspection fields' verbose names, which the record form takes as its labels
    gettext_noop("检查事项"), gettext_noop("检查日期"), gettext_noop("被检查对象"),
    gettext_noop("统一社会信用代码/身份证号码"), gettext_noop("检查地点"), gettext_noop("检查情况"),
    gettext_noop("检查结果"), gettext_noop("“双随机”抽查"),
)


def inspection_powers(agency_id: Any) -> Any:
    """The agency's own inspection and penalty powers, inspection items first."""
    first = Cond(When(category=PowerItem.Category.INSPECTION, then=Value(0)), default=Value(1),
                 output_field=IntegerField())
    return (PowerItem.objects.filter(agency_id=agency_id, category__in=INSPECTING, is_active=True)
            .annotate(first=first).order_by("first", "code"))


class InspectionForm(forms.Form):
    """现场检查笔录: one column, big touch targets, today's date and the user's own certificate
    ticked already; the labels come from the model (one place for them)."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "inspection_%s")
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("inspected_on", _today())
        if getattr(user, "officer_id", None):
            initial.setdefault("officers", [user.officer_id])
        super().__init__(*args, **kwargs)
        self.fields["power"] = forms.ModelChoiceField(label=Inspection._meta.get_field("power").verbose_name,
                                                      queryset=inspection_powers(user.agency_id))
        self.fields["inspected_on"] = forms.DateField(label=Inspection._meta.get_field("inspected_on").verbose_name,
                                                      widget=DATE_INPUT)
        self.fields["officers"] = forms.ModelMultipleChoiceField(
            label=_("检查人员（至少2人，出示执法证件）"), queryset=agency_officers(user.agency_id),
            widget=PersonCheckboxes)
        for name in ("party_name", "party_code", "place", "findings"):
            model_field: Any = Inspection._meta.get_field(name)
            self.fields[name] = model_field.formfield(**({"form_class": CodeField} if name == "party_code" else {}))
        self.fields["party_code"].widget.attrs.update({"autocapitalize": "characters", "autocomplete": "off"})
        self.fields["findings"].widget = TEXT_AREA
        self.fields["result"] = forms.ChoiceField(label=Inspection._meta.get_field("result").verbose_name,
                                                  choices=[("", "—"), *InspectionResult.choices])
        self.fields["random_selection"] = forms.BooleanField(
            label=Inspection._meta.get_field("random_selection").verbose_name, required=False)
        translate_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_party_code(self)  # no kind on the record: a credit code or a resident ID
        return data

    def inspection_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["officers"] = list(data["officers"])
        return data

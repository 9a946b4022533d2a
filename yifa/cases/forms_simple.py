"""The simple-procedure form (当场处罚, APL 51–52): the party and the facts as on the lead form,
the officers on the spot and the penalty. A form only checks input; yifa.cases.simple decides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yifa.cases.forms import FORM_CLASSES, TEXT_AREA, _date, penalty_powers
from yifa.cases.models import Case
from yifa.law.models import PowerItem
from yifa.lib.pickers import PersonCheckboxes
from yifa.registry.models import Officer
from yifa.web.fields import DATE_INPUT, check_party_code
from yifa.web.i18n import translate_form

PARTY_FIELDS = ("party_kind", "party_name", "party_code", "party_address", "party_phone", "party_birth_date",
                "act_ended_on")
#: Only a warning or a fine under the simple procedure (APL 51); the action enforces it.
SIMPLE_TYPES = [(t.value, t.label) for t in (PowerItem.PenaltyType.WARNING, PowerItem.PenaltyType.FINE)]


class SimpleDecisionForm(forms.Form):
    title = forms.CharField(label=_("案由"), required=False, max_length=200)
    decided_on = _date(_("决定日期"))
    decided_types = forms.MultipleChoiceField(label=_("处罚种类"), choices=SIMPLE_TYPES,
                                              widget=forms.CheckboxSelectMultiple)
    decided_fine = forms.DecimalField(label=_("罚款金额（元）"), required=False, max_digits=14, decimal_places=2,
                                      min_value=Decimal(0))
    facts = forms.CharField(label=_("违法事实"), widget=TEXT_AREA, max_length=5000)
    outside_reasons = forms.CharField(label=_("罚款超出裁量基准建议范围的理由"), widget=TEXT_AREA, max_length=2000,
                                      required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        if getattr(user, "officer_id", None):  # the officer deciding on the spot is one of them
            kwargs.setdefault("initial", {}).setdefault("officers", [user.officer_id])
        super().__init__(*args, **kwargs)
        self.fields["power"] = forms.ModelChoiceField(label=_("职权事项"), queryset=penalty_powers(user.agency_id))
        self.fields["officers"] = forms.ModelMultipleChoiceField(
            label=_("在场执法人员（至少两名，须包括本人）"), widget=PersonCheckboxes,
            queryset=Officer.objects.filter(agency_id=user.agency_id).order_by("name_key", "name", "id"))
        for name in PARTY_FIELDS:
            model_field: Any = Case._meta.get_field(name)
            field = model_field.formfield(**({"form_class": FORM_CLASSES[name]} if name in FORM_CLASSES else {}))
            if isinstance(field, forms.DateField):
                field.widget = DATE_INPUT
            if name == "act_ended_on":
                field.required = False
            self.fields[name] = field
        self.order_fields(["power", "officers", "decided_on", "decided_types", "decided_fine", *PARTY_FIELDS,
                           "title", "facts", "outside_reasons"])
        translate_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_party_code(self)
        return data

    def decision(self) -> dict[str, Any]:
        """The action's keyword arguments (besides agency and user)."""
        data = dict(self.cleaned_data)
        party = {k: ("" if data[k] is None and k not in ("party_birth_date", "act_ended_on") else data[k])
                 for k in PARTY_FIELDS}
        if party["act_ended_on"] is None:
            party.pop("act_ended_on")
        if data["title"]:
            party["title"] = data["title"]
        return {"power": data["power"], "officers": list(data["officers"]), "decided_on": data["decided_on"],
                "decided_types": list(data["decided_types"]), "decided_fine": data["decided_fine"],
                "facts": data["facts"], "outside_reasons": data["outside_reasons"], **party}

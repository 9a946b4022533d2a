"""The accountability forms: a remedy against a decision and its outcome (on the case page's
panel), the remedies list's filter, and the inquiry's decision — one select per confirmed person
from the sanctions ladder and the exemptions in force. Forms only check input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yifa.accountability.models import Outcome, RemedyKind, Responsible, Term
from yifa.web.fields import DATE_INPUT, today
from yifa.web.i18n import tr
from yifa.web.steps import VersionedStepForm


def _labelled(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(value, str(tr(label))) for value, label in choices]


class RemedyForm(forms.Form):
    """A reconsideration or lawsuit accepted against the case's decision (prefix "remedy")."""

    kind = forms.ChoiceField(label=_("类型"), choices=())
    body = forms.CharField(label=_("复议机关（人民法院）"), max_length=100)
    filed_on = forms.DateField(label=_("申请（起诉）日期"), widget=DATE_INPUT)
    accepted_on = forms.DateField(label=_("受理日期"), widget=DATE_INPUT, initial=today)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "remedy")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _labelled(RemedyKind.choices)  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    """The body's decision or judgment on a pending remedy (prefix "outcome-<id>")."""

    outcome = forms.ChoiceField(label=_("结果"), choices=())
    concluded_on = forms.DateField(label=_("决定（裁判）日期"), widget=DATE_INPUT, initial=today)
    document_no = forms.CharField(label=_("决定书（裁判文书）号"), max_length=80)

    def __init__(self, *args: Any, remedy_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"outcome-{remedy_id}")
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = _labelled(  # type: ignore[attr-defined]
            [c for c in Outcome.choices if c[0] != Outcome.PENDING])


class DecideForm(VersionedStepForm):
    """The inquiry's decision: its date and, for each confirmed person, a sanction or an exemption
    from the catalogue in force (select `person-<id>`); handed to the action as "id:code" lines."""

    decided_on = forms.DateField(label=_("决定日期"), widget=DATE_INPUT, initial=today)

    def __init__(self, record: Any, *args: Any, people: list[Responsible], sanctions: list[Term],
                 exemptions: list[Term], **kwargs: Any) -> None:
        super().__init__(record, *args, **kwargs)
        options: list[Any] = [("", "—"),
                              (str(tr("责任追究方式")), [(t.code, t.name) for t in sanctions]),
                              (str(tr("免责情形")), [(t.code, t.name) for t in exemptions])]
        self.people = people
        for person in people:
            self.fields[f"person-{person.pk}"] = forms.ChoiceField(
                label=f"{person.name}（{tr(person.get_part_display())}）", choices=options)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["decisions"] = [f"{p.pk}:{data.pop(f'person-{p.pk}')}" for p in self.people
                             if data.get(f"person-{p.pk}")]
        return data

"""Inputs of the enforcement pages beyond the steps (whose forms derive from the declaration in
yifa.enforcement.procedure): opening enforcement of a served decision. A form only checks input;
the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from yifa.cases.models import Case, CaseOutcome, CaseStatus
from yifa.enforcement.models import EnforcementMethod, EnforcementStatus
from yifa.web.i18n import tr, translate_form

#: The Chinese labels the pages show as data (choices), for makemessages; shown through `tr`.
LABELS = (
    gettext_noop("待催告"), gettext_noop("已催告"), gettext_noop("已作出强制执行决定"),
    gettext_noop("已申请人民法院强制执行"), gettext_noop("当事人已履行"), gettext_noop("执行终结"),
    gettext_noop("加处罚款或者滞纳金"), gettext_noop("划拨存款、汇款"),
    gettext_noop("拍卖或者依法处理查封、扣押的场所、设施或者财物"), gettext_noop("排除妨碍、恢复原状"),
    gettext_noop("代履行"), gettext_noop("其他强制执行方式"),
)


def enforceable_cases(agency_id: Any) -> QuerySet[Case]:
    """The agency's served penalty decisions not paid and not yet enforced (the action checks again)."""
    return (Case.objects.filter(agency_id=agency_id, status=CaseStatus.SERVED, outcome=CaseOutcome.PENALTY,
                                paid_on__isnull=True, enforcement__isnull=True).order_by("-id"))


class OpenForm(forms.Form):
    case = forms.ModelChoiceField(label=_("行政处罚决定（已送达、逾期未履行）"), queryset=Case.objects.none())

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "enforcement_%s")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["case"]
        field.queryset = enforceable_cases(user.agency_id)
        field.label_from_instance = lambda c: f"{c.decision_number} {c.party_name}（{c.title}）"
        translate_form(self)


def status_label(status: str) -> Any:
    return tr(EnforcementStatus(status).label)


def method_label(method: str) -> Any:
    return tr(EnforcementMethod(method).label) if method else ""

"""The public forms: a complaint or report, the status check, the rating, and the evaluation
questionnaire. Each has a honeypot field (`website`): hidden from people, filled by bots."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yifa.complaints.models import ComplaintCategory, ComplaintKind, EvaluationCycle
from yifa.registry.models import Agency, Region

HONEYPOT = "website"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class HoneypotForm(forms.Form):
    website = forms.CharField(required=False, label=_("网址（请勿填写）"), widget=forms.TextInput(
        attrs={"autocomplete": "off", "tabindex": "-1"}))

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class ComplaintForm(HoneypotForm):
    kind = forms.ChoiceField(label=_("类型"), choices=ComplaintKind.choices, widget=forms.RadioSelect,
                             initial=ComplaintKind.COMPLAINT)
    category = forms.ChoiceField(label=_("类别"), choices=ComplaintCategory.choices)
    agency = forms.ModelChoiceField(label=_("被投诉举报的机关"), queryset=Agency.objects.order_by("name"), required=False,
                                    empty_label=_("不清楚（由司法行政部门分办）"))
    region = forms.ModelChoiceField(label=_("发生地"), queryset=Region.objects.order_by("path"), required=False,
                                    empty_label="—")
    power_code = forms.CharField(label=_("职权事项编码（如知道）"), required=False, max_length=40)
    subject = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(label=_("匿名提交（不留姓名和电话）"), required=False)
    # The complainant's own data: the browser may fill it in (WCAG 1.3.5).
    name = forms.CharField(label=_("姓名"), required=False, max_length=50,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    attachments = MultipleFileField(label=_("附件（JPEG、PNG或PDF）"), required=False)


class StatusForm(HoneypotForm):
    tracking_no = forms.CharField(label=_("受理编号"), max_length=20)
    code = forms.CharField(label=_("查询码"), max_length=20, widget=forms.PasswordInput(render_value=True))


class RateForm(StatusForm):
    rating = forms.TypedChoiceField(label=_("对办理结果的评价"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(5, _("非常满意")), (4, _("满意")), (3, _("基本满意")),
                                             (2, _("不满意")), (1, _("非常不满意"))])
    comment = forms.CharField(label=_("评价意见"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


SCORE_CHOICES = [(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")]


def evaluation_form(cycle: EvaluationCycle, data: Any = None) -> HoneypotForm:
    """The cycle's questionnaire: a 1–5 rating per question (questions are data), a comment and the phone."""
    fields: dict[str, forms.Field] = {}
    for q in cycle.questions.order_by("number"):
        fields[f"q{q.pk}"] = forms.TypedChoiceField(label=f"{q.number}. {q.text}", coerce=int, choices=SCORE_CHOICES,
                                                    widget=forms.RadioSelect)
    fields["comment"] = forms.CharField(label=_("意见建议"), required=False, max_length=2000,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    fields["phone"] = forms.CharField(label=_("手机号码（只用于防止重复评价，不保存号码本身）"), max_length=20,
                                      widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    form_class = type("EvaluationForm", (HoneypotForm,), fields)
    form: HoneypotForm = form_class(data)
    return form


class CycleForm(forms.Form):
    """The legal office opens a public evaluation cycle for its region (questions one per line)."""

    name = forms.CharField(label=_("名称"), max_length=100)
    opens_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    questions = forms.CharField(label=_("评议问题（每行一个，评1至5分）"), widget=forms.Textarea(attrs={"rows": 6}))

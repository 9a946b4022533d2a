from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NoticeForm(forms.Form):
    text = forms.CharField(label=_("督办事项"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    due = forms.DateField(label=_("答复期限"), widget=forms.DateInput(attrs={"type": "date"}))

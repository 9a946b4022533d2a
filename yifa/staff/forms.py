"""The staff pages' forms: the input only; the rules are the actions'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yifa.accounts.models import AGENCY_ROLES, Role
from yifa.lib.pickers import PersonSelect
from yifa.registry.models import Agency, Officer

ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in AGENCY_ROLES]


class OfficerChoice(forms.ModelChoiceField):
    widget = PersonSelect

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.certificate_no}）"


def officers_without_login(agency_id: int | None, keep: Any = None) -> QuerySet[Officer]:
    if agency_id is None:
        return Officer.objects.none()
    qs = Officer.objects.filter(agency_id=agency_id, login__isnull=True)
    if keep is not None:
        qs = qs | Officer.objects.filter(pk=keep)
    return qs.order_by("name_key", "name", "id")


class _OfficerForm(forms.Form):
    def _officers(self, qs: QuerySet[Officer]) -> None:
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = qs


class LoginForm(_OfficerForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(label=_("角色"), choices=ROLE_CHOICES, initial=Role.OFFICER)
    officer = OfficerChoice(label=_("对应执法人员"), queryset=Officer.objects.none(), required=False)
    password = forms.CharField(label=_("初始密码"), required=False, widget=forms.PasswordInput,
                               help_text=_("留空则生成一次性密码，仅显示一次。"))

    def __init__(self, *args: Any, agency_id: int | None, choose_agency: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_agency:
            self.fields["agency"] = forms.ModelChoiceField(label=_("所属执法主体"),
                                                           queryset=Agency.objects.order_by("name"))
            self._officers(Officer.objects.filter(login__isnull=True).order_by("name_key", "name", "id"))
        else:
            self._officers(officers_without_login(agency_id))


class ChangeForm(_OfficerForm):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(label=_("角色"), choices=ROLE_CHOICES)
    officer = OfficerChoice(label=_("对应执法人员"), queryset=Officer.objects.none(), required=False)

    def __init__(self, *args: Any, agency_id: int | None, current_officer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._officers(officers_without_login(agency_id, keep=current_officer))


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("新密码"), required=False, widget=forms.PasswordInput,
                               help_text=_("留空则生成一次性密码，仅显示一次。"))


class OwnPasswordForm(forms.Form):
    """One's own new password; the action checks the current one and the password rules."""

    old_password = forms.CharField(label=_("当前密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("再次输入新密码"),
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password2") and data["new_password"] != data["new_password2"]:
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data

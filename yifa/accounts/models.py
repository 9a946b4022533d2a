"""Users and their one role. Scope (agency or region) comes with the role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from yifa.lib import pinyin


class Role(models.TextChoices):
    PUBLIC = "public", "公众"
    OFFICER = "officer", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核员"
    AGENCY_HEAD = "agency_head", "执法机关负责人"
    AGENCY_ADMIN = "agency_admin", "执法机关管理员"
    FINANCE = "finance", "罚没财务人员"
    SUPERVISOR = "supervisor", "法制机构（司法局）"
    EFFICIENCY = "efficiency", "效能办"
    LEADER = "leader", "县领导"
    SYSADMIN = "sysadmin", "系统管理员"


#: Roles that belong to one agency and see only its records.
AGENCY_ROLES = frozenset(
    {Role.OFFICER, Role.LEGAL_REVIEWER, Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.FINANCE}
)
#: Roles that oversee a region's subtree.
REGION_ROLES = frozenset({Role.SUPERVISOR, Role.EFFICIENCY, Role.LEADER})
#: Roles that maintain shared reference data (regions, laws, deadline rules, the calendar).
SHARED_EDITORS = frozenset({Role.SUPERVISOR, Role.SYSADMIN})


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.PUBLIC)
    agency = models.ForeignKey(
        "registry.Agency", verbose_name="所属执法主体", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name="监督区域", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    display_name = models.CharField("姓名", max_length=50, blank=True)
    # The pinyin of the name (or of the login where there is none), set on every save: lists and
    # pickers of users sort 李四 before 张三 (yifa.lib.pinyin).
    name_key = models.CharField("姓名拼音", max_length=255, blank=True, editable=False)
    # Set with a generated one-time password: the next sign-in leads to the change-password page
    # until the person chose their own (yifa.staff.middleware).
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    # The certified officer this login belongs to: "no certificate, no action" is checked on it.
    officer = models.OneToOneField(
        "registry.Officer", verbose_name="对应执法人员", null=True, blank=True,
        on_delete=models.PROTECT, related_name="login",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = pinyin.name_key(self.display_name or self.username)
        fields = kwargs.get("update_fields")
        if fields is not None and ({"display_name", "username"} & set(fields)):
            kwargs["update_fields"] = {*fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def is_agency_staff(self) -> bool:
        return self.role in AGENCY_ROLES and self.agency_id is not None

    @property
    def is_region_staff(self) -> bool:
        return self.role in REGION_ROLES and self.region_id is not None

    @property
    def is_sysadmin(self) -> bool:
        return self.role == Role.SYSADMIN or self.is_superuser

"""Page language helpers. Chinese is the source language (msgids); English comes from
yifa/locale/en/LC_MESSAGES/django.po.

Model labels (verbose names, help texts, choice labels) are plain Chinese strings in the models,
so that translating them changes no migration. The pages translate them when they show them
(`tr`, the `|tr` template filter, `translate_form`); MODEL_LABELS lists them for makemessages,
and tests/test_i18n.py checks that it covers every label of the models the pages show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext, gettext_noop

#: Fields of django.contrib.auth's user; Django translates those itself.
_AUTH_FIELDS = frozenset({
    "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
    "is_staff", "is_active", "date_joined", "groups", "user_permissions",
})

WEEKDAY_NAMES = (
    gettext_noop("星期一"), gettext_noop("星期二"), gettext_noop("星期三"), gettext_noop("星期四"),
    gettext_noop("星期五"), gettext_noop("星期六"), gettext_noop("星期日"),
)


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def tr(text: Any) -> Any:
    """The page-language form of a Chinese label held as data (a model label, a choice)."""
    if not text:
        return text
    return gettext(str(text))


def in_language(error: Any) -> str:
    """A bilingual refusal (ActionError: .zh / .en) in the page's language."""
    return str(error.en if is_english() else error.zh)


def bilingual(text: str) -> str:
    """The page-language half of "中文 / English" (the text itself if it has no " / ")."""
    zh, sep, en = text.partition(" / ")
    if not sep:
        return text
    return en if is_english() else zh


def weekday(day: dt.date) -> str:
    return gettext(WEEKDAY_NAMES[day.weekday()])


def day_count(count: int, unit: str, *, spelled_out: bool = False) -> str:
    """"7个工作日" / "7 working days"; "15日" / "15 days" ("15日（自然日）" / "15 calendar days")."""
    if unit == "working":
        return gettext("%(count)s个工作日") % {"count": count}
    if spelled_out:
        return gettext("%(count)s日（自然日）") % {"count": count}
    return gettext("%(count)s日") % {"count": count}


def translate_form(form: forms.BaseForm) -> None:
    """Labels, help texts and fixed choices of `form` (taken from the models) in the page language."""
    for field in form.fields.values():
        field.label = tr(field.label)
        field.help_text = tr(field.help_text)
        if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
            choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
            field.choices = [(value, tr(label) if isinstance(label, str) else label)
                             for value, label in choices]


def ui_models() -> list[type[Any]]:
    from yifa.accounts.models import User
    from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
    from yifa.registry.models import Agency, Officer, Post, Region, Unit
    from yifa.workcal.models import DeadlineRule

    return [Region, Agency, Unit, Post, Officer, Law, Provision, ProvisionVersion, PowerItem,
            DeadlineRule, User]


def model_labels() -> list[str]:
    """Every Chinese verbose name, help text and choice label of the models the pages show."""
    found: list[str] = []
    for model in ui_models():
        for field in model._meta.get_fields():
            if (field.auto_created and not field.concrete) or field.name in _AUTH_FIELDS:
                continue
            texts = [getattr(field, "verbose_name", ""), getattr(field, "help_text", "")]
            texts += [label for _, label in getattr(field, "choices", None) or []]
            found += [t for t in map(str, texts) if t and not t.isascii() and t not in found]
    from yifa.law.models import PowerItem  # choices of a list field, not on the field itself

    found += [str(label) for _, label in PowerItem.PenaltyType.choices if label not in found]
    return found


MODEL_LABELS = (
    # generated from model_labels(); see the module docstring
    gettext_noop('行政区划代码'),
    gettext_noop('下次登录须修改密码'),
    gettext_noop('层级路径'),
    gettext_noop('名称'),
    gettext_noop('层级'),
    gettext_noop('层级路径'),
    gettext_noop('省'),
    gettext_noop('市'),
    gettext_noop('县'),
    gettext_noop('乡镇（街道）'),
    gettext_noop('上级区划'),
    gettext_noop('简称（文号用）'),
    gettext_noop('主体类型'),
    gettext_noop('法定行政机关'),
    gettext_noop('法律法规授权组织'),
    gettext_noop('受委托组织'),
    gettext_noop('类别'),
    gettext_noop('县级部门'),
    gettext_noop('执法资格依据'),
    gettext_noop('所在区划'),
    gettext_noop('所属人民政府'),
    gettext_noop('委托机关'),
    gettext_noop('统一社会信用代码'),
    gettext_noop('办公地址'),
    gettext_noop('对外电话'),
    gettext_noop('执法主体'),
    gettext_noop('职责'),
    gettext_noop('内设机构'),
    gettext_noop('岗位名称'),
    gettext_noop('岗位职责'),
    gettext_noop('编制人数'),
    gettext_noop('执法岗位'),
    gettext_noop('姓名'),
    gettext_noop('身份证号码'),
    gettext_noop('执法证号'),
    gettext_noop('发证机关'),
    gettext_noop('执法区域'),
    gettext_noop('执法区域代码'),
    gettext_noop('姓名拼音'),
    gettext_noop('执法区域未能对应行政区划'),
    gettext_noop('执法类别'),
    gettext_noop('有效期起'),
    gettext_noop('有效期至'),
    gettext_noop('证件状态'),
    gettext_noop('有效'),
    gettext_noop('暂扣'),
    gettext_noop('注销（吊销）'),
    gettext_noop('过期'),
    gettext_noop('具备法制审核资格'),
    gettext_noop('效力层级'),
    gettext_noop('法律'),
    gettext_noop('行政法规'),
    gettext_noop('地方性法规'),
    gettext_noop('部门规章'),
    gettext_noop('地方政府规章'),
    gettext_noop('制定机关'),
    gettext_noop('公布日期'),
    gettext_noop('公布文号'),
    gettext_noop('法律法规'),
    gettext_noop('条'),
    gettext_noop('条款'),
    gettext_noop('例如：第六十三条第一款'),
    gettext_noop('条文'),
    gettext_noop('施行日期'),
    gettext_noop('失效日期'),
    gettext_noop('来源'),
    gettext_noop('事项编码'),
    gettext_noop('事项名称'),
    gettext_noop('权力类别'),
    gettext_noop('行政许可'),
    gettext_noop('行政处罚'),
    gettext_noop('行政强制'),
    gettext_noop('行政征收'),
    gettext_noop('行政给付'),
    gettext_noop('行政检查'),
    gettext_noop('行政确认'),
    gettext_noop('行政奖励'),
    gettext_noop('行政裁决'),
    gettext_noop('其他行政权力'),
    gettext_noop('实施主体'),
    gettext_noop('承办机构'),
    gettext_noop('程序类型'),
    gettext_noop('行政处罚普通程序'),
    gettext_noop('行政处罚简易程序'),
    gettext_noop('行政许可程序'),
    gettext_noop('行政强制措施程序'),
    gettext_noop('行政检查程序'),
    gettext_noop('一般行政程序'),
    gettext_noop('法定时限'),
    gettext_noop('收费标准'),
    gettext_noop('处罚种类'),
    gettext_noop('处罚标准'),
    gettext_noop('责任事项'),
    gettext_noop('追责情形'),
    gettext_noop('违则'),
    gettext_noop('罚则（依据）'),
    gettext_noop('规则编码'),
    gettext_noop('天数'),
    gettext_noop('计算方式'),
    gettext_noop('工作日'),
    gettext_noop('自然日'),
    gettext_noop('起算事件'),
    gettext_noop('法律依据'),
    gettext_noop('期间届满日为节假日的顺延'),
    gettext_noop('顺延依据'),
    gettext_noop('角色'),
    gettext_noop('公众'),
    gettext_noop('执法人员'),
    gettext_noop('法制审核员'),
    gettext_noop('执法机关负责人'),
    gettext_noop('执法机关管理员'),
    gettext_noop('罚没财务人员'),
    gettext_noop('法制机构（司法局）'),
    gettext_noop('效能办'),
    gettext_noop('县领导'),
    gettext_noop('系统管理员'),
    gettext_noop('所属执法主体'),
    gettext_noop('监督区域'),
    gettext_noop('对应执法人员'),
    gettext_noop('警告、通报批评'),
    gettext_noop('罚款'),
    gettext_noop('没收违法所得、没收非法财物'),
    gettext_noop('暂扣许可证件、降低资质等级、吊销许可证件'),
    gettext_noop('限制开展生产经营活动、责令停产停业、责令关闭、限制从业'),
    gettext_noop('行政拘留'),
    gettext_noop('法律、行政法规规定的其他行政处罚'),
)

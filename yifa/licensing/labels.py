"""English for the Chinese labels the licensing pages show as data: application statuses,
outcomes, applicant kinds, application kinds and the kinds of time not counted.

They are plain Chinese strings in yifa.licensing.models (so that translating them changes no
migration); the pages pass them through `tr` (yifa.web.i18n.tr) and LICENSING_LABELS lists
them for makemessages. tests/test_licensing_web.py checks that LICENSING_LABELS covers
`licensing_labels()`. (Deadline rule names are listed with the case labels.)
"""

from __future__ import annotations

from django.utils.translation import gettext_noop


def licensing_labels() -> list[str]:
    """Every Chinese choice label of the licensing models, read from the models."""
    from yifa.licensing import models as m

    found: list[str] = []
    for choices in (m.Status, m.Outcome, m.ApplicantKind, m.ApplicationKind, m.SuspensionKind, m.Handling,
                    m.HearingRequester):
        for _, label in choices.choices:
            text = str(label)
            if text and not text.isascii() and text not in found:
                found.append(text)
    return found


LICENSING_LABELS = (
    # generated from licensing_labels(); see the module docstring
    gettext_noop('已收到申请'),
    gettext_noop('已一次告知补正'),
    gettext_noop('已受理（审查中）'),
    gettext_noop('听证/检测/专家评审（不计入期限）'),
    gettext_noop('已作出决定'),
    gettext_noop('已颁发许可证件'),
    gettext_noop('准予行政许可'),
    gettext_noop('不予行政许可'),
    gettext_noop('公民'),
    gettext_noop('法人或其他组织'),
    gettext_noop('新申请'),
    gettext_noop('延续申请'),
    gettext_noop('听证'),
    gettext_noop('检验、检测、检疫'),
    gettext_noop('鉴定、专家评审'),
    gettext_noop('本机关办理'),
    gettext_noop('统一办理'),
    gettext_noop('联合办理'),
    gettext_noop('集中办理'),
    gettext_noop('申请人'),
    gettext_noop('利害关系人'),
)

"""English for the Chinese choice labels the complaint pages show as data (kinds, categories,
sources, statuses): plain Chinese in yifa.complaints.models, passed through `tr` by the pages;
COMPLAINT_LABELS lists them for makemessages (tests/test_complaints_i18n.py checks it is complete)."""

from __future__ import annotations

from django.utils.translation import gettext_noop


def complaint_labels() -> list[str]:
    """Every Chinese choice label of the complaint models, read from the models."""
    from yifa.complaints import models as m

    found: list[str] = []
    for choices in (m.ComplaintKind, m.ComplaintCategory, m.ComplaintSource, m.ComplaintStatus):
        for _, label in choices.choices:
            if str(label) not in found:
                found.append(str(label))
    return found


COMPLAINT_LABELS = (
    gettext_noop('投诉'),
    gettext_noop('举报'),
    gettext_noop('执法行为（态度、程序、不作为）'),
    gettext_noop('违法行为线索'),
    gettext_noop('消费权益'),
    gettext_noop('安全隐患'),
    gettext_noop('其他'),
    gettext_noop('网上提交'),
    gettext_noop('12345热线转办'),
    gettext_noop('待受理'),
    gettext_noop('已受理'),
    gettext_noop('不予受理'),
    gettext_noop('已合并'),
    gettext_noop('已答复'),
    gettext_noop('已办结'),
)

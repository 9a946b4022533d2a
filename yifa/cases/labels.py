"""English for the Chinese labels the case pages show as data: case statuses, procedures,
sources, party kinds and outcomes, the Case fields the lead form takes from the model, evidence
kinds, preservation decisions, file types, methods of service, document kind names and
deadline rule names.

They are plain Chinese strings in the models and seed data (so that translating them changes no
migration); the pages pass them through `tr` (yifa.cases.forms.tr, the same as yifa.web.i18n.tr)
and CASE_LABELS lists them for makemessages. tests/test_i18n.py checks that CASE_LABELS covers
`case_labels()` and that every entry has an English translation.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop


def case_labels() -> list[str]:
    """Every Chinese label of the kinds above, read from the models, the tables and the database."""
    from yifa.cases import models as m
    from yifa.cases.actions import SERVICE_METHODS
    from yifa.documents.models import DocumentKind
    from yifa.evidence.models import EvidenceKind, PreservationDecision
    from yifa.evidence.storage import FILE_TYPES
    from yifa.workcal.models import DeadlineRule

    texts: list[object] = []
    for choices in (m.Status, m.Procedure, m.SourceKind, m.PartyKind, m.Outcome, m.Mitigation, EvidenceKind,
                    PreservationDecision):
        texts += [label for _, label in choices.choices]
    texts += [getattr(f, "verbose_name", "") for f in m.Case._meta.get_fields() if f.concrete]
    texts += [t.label for t in FILE_TYPES.values()]
    texts += list(SERVICE_METHODS.values())
    texts += list(DocumentKind.objects.order_by("code").values_list("name", flat=True))
    texts += list(DeadlineRule.objects.order_by("code").values_list("name", flat=True))
    texts += list(m.PenaltyKind.objects.order_by("position", "code").values_list("name", flat=True))
    found: list[str] = []
    for text in map(str, texts):
        if text and not text.isascii() and text not in found:
            found.append(text)
    return found


CASE_LABELS = (
    # generated from case_labels(); see the module docstring
    gettext_noop('线索登记'),
    gettext_noop('不予立案'),
    gettext_noop('已立案'),
    gettext_noop('调查终结'),
    gettext_noop('审查完毕'),
    gettext_noop('法制审核通过'),
    gettext_noop('集体讨论'),
    gettext_noop('已事先告知'),
    gettext_noop('听证'),
    gettext_noop('已作出决定'),
    gettext_noop('已送达'),
    gettext_noop('已结案'),
    gettext_noop('已归档'),
    gettext_noop('普通程序'),
    gettext_noop('简易程序'),
    gettext_noop('监督检查发现'),
    gettext_noop('投诉举报'),
    gettext_noop('其他机关移送'),
    gettext_noop('监测发现'),
    gettext_noop('上级交办'),
    gettext_noop('公民'),
    gettext_noop('法人或其他组织'),
    gettext_noop('给予行政处罚'),
    gettext_noop('不予行政处罚'),
    gettext_noop('违法事实不能成立'),
    gettext_noop('移送司法机关'),
    gettext_noop('书证'),
    gettext_noop('物证'),
    gettext_noop('视听资料'),
    gettext_noop('电子数据'),
    gettext_noop('证人证言'),
    gettext_noop('当事人的陈述'),
    gettext_noop('鉴定意见'),
    gettext_noop('勘验笔录、现场笔录'),
    gettext_noop('解除先行登记保存，退还当事人'),
    gettext_noop('送交检测、检验、检疫或者技术鉴定'),
    gettext_noop('依法采取查封、扣押措施'),
    gettext_noop('移送有关机关处理'),
    gettext_noop('违法事实成立，拟依法予以没收'),
    gettext_noop('执法主体'),
    gettext_noop('职权事项'),
    gettext_noop('程序'),
    gettext_noop('状态'),
    gettext_noop('案由'),
    gettext_noop('案号'),
    gettext_noop('案件来源'),
    gettext_noop('来源说明'),
    gettext_noop('登记日期'),
    gettext_noop('当事人类型'),
    gettext_noop('当事人'),
    gettext_noop('身份证号码/统一社会信用代码'),
    gettext_noop('住所（地址）'),
    gettext_noop('联系电话'),
    gettext_noop('出生日期'),
    gettext_noop('违法行为终了日期'),
    gettext_noop('发现日期'),
    gettext_noop('涉及生命健康安全、金融安全且有危害后果'),
    gettext_noop('情节复杂或重大违法（集体讨论）'),
    gettext_noop('立案日期'),
    gettext_noop('办案期限'),
    gettext_noop('延长天数'),
    gettext_noop('当前环节期限'),
    gettext_noop('当前环节期限规则'),
    gettext_noop('日历版本'),
    gettext_noop('拟处罚种类'),
    gettext_noop('拟罚款金额（元）'),
    gettext_noop('享有听证权利'),
    gettext_noop('告知次数'),
    gettext_noop('告知日期'),
    gettext_noop('申请听证日期'),
    gettext_noop('放弃陈述申辩和听证'),
    gettext_noop('处理结果'),
    gettext_noop('处罚种类'),
    gettext_noop('罚款金额（元）'),
    gettext_noop('决定日期'),
    gettext_noop('决定书文号'),
    gettext_noop('送达日期'),
    gettext_noop('送达方式'),
    gettext_noop('缴款期限'),
    gettext_noop('缴款日期'),
    gettext_noop('结案日期'),
    gettext_noop('归档时间'),
    gettext_noop('JPEG 图片'),
    gettext_noop('PNG 图片'),
    gettext_noop('PDF 文档'),
    gettext_noop('MP4 视频'),
    gettext_noop('M4A 音频'),
    gettext_noop('MP3 音频'),
    gettext_noop('WAV 音频'),
    gettext_noop('Word 文档（DOCX）'),
    gettext_noop('Excel 表格（XLSX）'),
    gettext_noop('纯文本'),
    gettext_noop('当场交付'),
    gettext_noop('直接送达'),
    gettext_noop('邮寄送达'),
    gettext_noop('电子送达'),
    gettext_noop('委托送达'),
    gettext_noop('公告送达'),
    gettext_noop('立案审批表'),
    gettext_noop('询问笔录'),
    gettext_noop('现场检查笔录'),
    gettext_noop('先行登记保存通知书'),
    gettext_noop('行政处罚事先告知书'),
    gettext_noop('听证通知书'),
    gettext_noop('行政处罚决定书'),
    gettext_noop('送达回证'),
    gettext_noop('结案审批表'),
    gettext_noop('行政许可决定书'),
    gettext_noop('先行登记保存后作出处理决定'),
    gettext_noop('当事人要求听证'),
    gettext_noop('听证通知至迟在举行听证前送达'),
    gettext_noop('行政处罚案件作出决定'),
    gettext_noop('行政处罚决定书送达'),
    gettext_noop('缴纳罚款'),
    gettext_noop('当场收缴罚款交至行政机关'),
    gettext_noop('行政机关将罚款缴付指定银行'),
    gettext_noop('撤回已公开的行政处罚决定信息'),
    gettext_noop('一次告知申请人需补正的全部内容'),
    gettext_noop('作出行政许可决定'),
    gettext_noop('经负责人批准延长许可决定期限'),
    gettext_noop('颁发、送达许可证件'),
    gettext_noop('申请人、利害关系人申请听证'),
    gettext_noop('组织许可听证'),
    gettext_noop('查封、扣押期限'),
    gettext_noop('经批准延长查封、扣押期限'),
    gettext_noop('催告书送达后申请法院强制执行'),
    gettext_noop('催告书载明的履行期限'),  # yifa.enforcement's rules
    gettext_noop('申请行政复议'),
    gettext_noop('公开行政许可、行政处罚决定信息'),
    gettext_noop('公开其他行政执法决定信息'),
    gettext_noop('重大行政处罚决定报法制机构备案'),
    gettext_noop('当事人陈述、申辩'),
    gettext_noop('经批准延长办案期限'),
    gettext_noop('简易程序决定报所属行政机关备案'),
    # licensing rules (issue 9: joint handling, hearing notice, renewal lead time)
    gettext_noop('统一办理、联合办理、集中办理的办理时间'),
    gettext_noop('统一、联合、集中办理经本级人民政府负责人批准延长'),
    gettext_noop('举行许可听证前通知时间、地点'),
    gettext_noop('有效期届满前申请延续（被许可人的期限，自然日，自届满日倒算）'),
    # the complaint deadline rules (yifa.complaints migration 0002)
    gettext_noop('投诉举报：作出受理或者不予受理的决定'),
    gettext_noop('投诉举报：受理后办结'),
    gettext_noop('过错责任追究：立项后作出决定（一个月）'),
    gettext_noop('过错责任追究：延长办理期限（一次）'),
    # the disclosure periods (yifa.disclosure, migration 0002)
    gettext_noop('行政处罚、行政许可决定公示'),
    gettext_noop('决定被撤销、变更或确认无效后撤回公示'),
    # the major-case filing period (yifa.filing, migration 0002)
    gettext_noop('重大行政处罚决定报县司法行政部门（法制机构）备案'),
    # issue 9: penalty types (cases.PenaltyKind), confiscation values, age and capacity, detention
    gettext_noop('拟没收违法所得（元）'),
    gettext_noop('拟没收非法财物价值（元）'),
    gettext_noop('没收违法所得（元）'),
    gettext_noop('没收非法财物价值（元）'),
    gettext_noop('从轻或减轻'),
    gettext_noop('查明不能辨认或者不能控制自己行为'),
    gettext_noop('不能辨认或控制行为的认定依据'),
    gettext_noop('处罚种类及其程序后果'),
    gettext_noop('适用条款'),
    gettext_noop('行政拘留移送公安机关'),
    gettext_noop('从轻处罚'),
    gettext_noop('减轻处罚'),
    gettext_noop('警告'),
    gettext_noop('通报批评'),
    gettext_noop('罚款'),
    gettext_noop('没收违法所得'),
    gettext_noop('没收非法财物'),
    gettext_noop('暂扣许可证件'),
    gettext_noop('降低资质等级'),
    gettext_noop('吊销许可证件'),
    gettext_noop('限制开展生产经营活动'),
    gettext_noop('责令停产停业'),
    gettext_noop('责令关闭'),
    gettext_noop('限制从业'),
    gettext_noop('行政拘留'),
    gettext_noop('法律、行政法规规定的其他行政处罚'),
)

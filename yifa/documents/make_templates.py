"""Build the shipped .docx templates (docxtpl/Jinja tags) from the specs below.

Run `python -m yifa.documents.make_templates` after changing a spec; the generated files in
yifa/documents/templates_docx/ are committed. An agency may replace any of them with its own
(AgencyTemplate), using the same variables (see yifa/documents/context.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent / "templates_docx"
FONT = "宋体"

# Blocks: ("p", text) paragraph · ("h", text) bold heading · ("list", var) one paragraph per item
# · ("table", [(label, text or ["list var"]), …]) two-column form · ("sign",) agency and date.
Spec = list[tuple[Any, ...]]

PARTY: Spec = [
    ("p", "当事人：{{ party_name }}"),
    ("p", "{% if party_kind == '公民' %}身份证号码{% else %}统一社会信用代码{% endif %}：{{ party_code }}"),
    ("p", "住所（地址）：{{ party_address }}"),
]
#: A decision's remedies (penalty, licensing): the periods from the rules, and their last days once served.
REMEDIES = (
    "如不服本决定，可以在收到本决定书之日起{{ reconsideration_period }}内{% if reconsideration_due %}（至{{ reconsideration_due }}）"
    "{% endif %}向{{ reconsideration_body }}申请行政复议，也可以在{{ lawsuit_period }}内{% if lawsuit_due %}（至{{ lawsuit_due }}）"
    "{% endif %}依法向{{ court }}提起行政诉讼。"
)
PARTY_ROWS = [("当事人", "{{ party_name }}"), ("证件号码", "{{ party_code }}"), ("住所（地址）", "{{ party_address }}"),
              ("联系电话", "{{ party_phone }}")]

SPECS: dict[str, tuple[str, Spec]] = {
    "case_opening": ("立案审批表", [
        ("table", [("案由", "{{ case_title }}"), ("案件来源", "{{ case_source }}"), ("来源说明", "{{ source_detail }}"),
                   *PARTY_ROWS, ("职权事项", "{{ power_code }} {{ power_name }}"), ("发现日期", "{{ discovered_on }}"),
                   ("涉嫌违反", ["violated_provisions"]), ("承办人员", ["officers"]),
                   ("承办人意见", "{{ officer_opinion }}"), ("负责人审批意见", "{{ head_opinion }}")]),
        ("p", "立案日期：{{ opened_on }}"),
    ]),
    "inquiry_record": ("询问笔录", [
        ("p", "案由：{{ case_title }}"),
        ("p", "询问时间：{{ inquiry_time }}    询问地点：{{ inquiry_place }}"),
        ("p", "询问人：{{ officers | join('、') }}    记录人：{{ recorder }}"),
        ("p", "被询问人：{{ interviewee }}    身份证号码：{{ interviewee_code }}    联系电话：{{ interviewee_phone }}"),
        ("p", "我们是{{ agency_name }}的执法人员，已向你出示执法证件。你有权进行陈述和申辩，"
              "认为执法人员与本案有直接利害关系的，有权申请回避。你应当如实回答询问，协助调查，不得阻挠。"),
        ("p", "问：你是否申请回避？  答：{{ recusal_answer }}"),
        ("h", "询问记录"),
        ("p", "{{ record_text }}"),
        ("p", "以上笔录已经本人核对（或已向本人宣读），与所述一致。"),
        ("p", "被询问人签名：            询问人签名：            日期：{{ doc_date }}"),
    ]),
    "inspection_record": ("现场检查笔录", [
        ("p", "案由：{{ case_title }}"),
        *PARTY,
        ("p", "检查时间：{{ inspection_time }}    检查地点：{{ inspection_place }}"),
        ("p", "检查人员：{{ officers | join('、') }}"),
        ("p", "执法人员已出示执法证件，告知当事人有申请回避、陈述和申辩的权利。"),
        ("h", "现场检查情况"),
        ("p", "{{ record_text }}"),
        ("p", "当事人（在场人）签名：            检查人员签名：            日期：{{ doc_date }}"),
    ]),
    "preservation_notice": ("先行登记保存通知书", [
        *PARTY,
        ("p", "因你（单位）涉嫌{{ case_title }}，在证据可能灭失或者以后难以取得的情况下，经本机关负责人批准，"
              "根据《中华人民共和国行政处罚法》第五十六条的规定，对下列物品予以先行登记保存："),
        ("list", "preservations"),
        ("p", "保存地点：{{ preservation_place }}。在先行登记保存期间，当事人或者有关人员不得销毁或者转移证据。"
              "本机关将在七个工作日内作出处理决定。"),
        ("sign",),
    ]),
    "prior_notice": ("行政处罚事先告知书", [
        *PARTY,
        ("p", "经查，{{ facts }}"),
        ("p", "以上事实有下列证据证明："),
        ("list", "evidence"),
        ("p", "你（单位）的上述行为违反了{{ violated_provisions | join('、') }}的规定。"
              "依据{{ penalty_provisions | join('、') }}的规定，本机关拟对你（单位）作出如下行政处罚：{{ proposed_penalty }}。"),
        ("p", "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩；"
              "如需陈述、申辩，应当在收到本告知书之日起{{ statement_period }}内（至{{ statement_due }}）提出。"
              "{% if hearing_right %}根据该法第六十三条、第六十四条的规定，你（单位）有权要求听证；"
              "如要求听证，应当在收到本告知书之日起{{ hearing_request_period }}内（至{{ hearing_request_due }}）提出。{% endif %}"
              "逾期（{{ rights_lapse_on }}后）未提出的，视为放弃上述权利。"),
        ("p", "联系地址：{{ agency_address }}    联系电话：{{ agency_phone }}"),
        ("sign",),
    ]),
    "hearing_notice": ("听证通知书", [
        *PARTY,
        ("p", "根据你（单位）的申请，本机关决定就{{ case_title }}一案举行听证。"),
        ("p", "听证时间：{{ hearing_time }}    听证地点：{{ hearing_place }}"),
        ("p", "听证主持人：{{ hearing_host }}    {% if hearing_public %}听证公开举行。{% else %}听证不公开举行。{% endif %}"),
        ("p", "你（单位）可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，有权申请回避。"
              "无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。"),
        ("sign",),
    ]),
    "penalty_decision": ("行政处罚决定书", [
        *PARTY,
        ("p", "法定代表人（负责人）：{{ party_representative }}"),
        ("h", "一、违法事实和证据"),
        ("p", "经查，{{ facts }}"),
        ("p", "上述事实有下列证据证明："),
        ("list", "evidence"),
        ("h", "二、行政处罚的种类和依据"),
        ("p", "你（单位）的上述行为违反了{{ violated_provisions | join('、') }}的规定。"
              "依据{{ penalty_provisions | join('、') }}的规定，本机关决定对你（单位）作出如下行政处罚：{{ decided_penalty }}。"),
        ("p", "{% if discretion_reasoning %}裁量理由：{{ discretion_reasoning }}{% endif %}"),
        ("list", "penalty_notes"),
        ("h", "三、履行方式和期限"),
        ("p", "{% if decided_fine %}你（单位）应当自收到本决定书之日起{{ payment_period }}内"
              "{% if payment_due %}（至{{ payment_due }}）{% endif %}，到指定的银行或者通过电子支付系统缴纳罚款"
              "{{ decided_fine }}。{{ payment_instructions }}到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，"
              "加处罚款的数额不超过罚款的数额。{% else %}{{ performance }}{% endif %}"),
        ("h", "四、救济途径和期限"),
        ("p", REMEDIES),
        ("p", "当事人对行政处罚决定不服申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。"),
        ("sign",),
    ]),
    "service_receipt": ("送达回证", [
        ("table", [("送达文书", "{{ served_document }}"), ("文书文号", "{{ served_number }}"),
                   ("受送达人", "{{ party_name }}"), ("送达地点", "{{ service_place }}"),
                   ("送达方式", "{{ service_method }}"), ("送达时间", "{{ served_on }}"),
                   ("当事人应知期限", "{% if payment_due %}缴纳罚款：至{{ payment_due }}；{% endif %}"
                                      "{% if reconsideration_due %}申请行政复议：至{{ reconsideration_due }}；"
                                      "提起行政诉讼：至{{ lawsuit_due }}{% endif %}"),
                   ("受送达人签名", ""), ("送达人", ["officers"]), ("备注", "{{ remarks }}")]),
    ]),
    "closing_approval": ("结案审批表", [
        ("table", [("案号", "{{ case_number }}"), ("案由", "{{ case_title }}"), *PARTY_ROWS,
                   ("立案日期", "{{ opened_on }}"), ("处理结果", "{{ outcome }}"), ("处罚决定", "{{ decided_penalty }}"),
                   ("决定书文号", "{{ decision_number }}"), ("决定日期", "{{ decided_on }}"),
                   ("送达日期", "{{ served_on }}"), ("执行情况", "{{ execution }}"), ("承办人员", ["officers"]),
                   ("承办人意见", "{{ officer_opinion }}"), ("负责人审批意见", "{{ head_opinion }}")]),
    ]),
    "licensing_decision": ("行政许可决定书", [
        ("p", "申请人：{{ applicant_name }}"),
        ("p", "统一社会信用代码（身份证号码）：{{ applicant_code }}"),
        ("p", "住所（地址）：{{ applicant_address }}"),
        ("p", "你（单位）于{{ applied_on }}提出的{{ licence_item }}申请，本机关于{{ accepted_on }}受理。"),
        ("p", "{% if granted %}经审查，申请符合法定条件、标准，根据{{ legal_basis }}的规定，本机关决定准予行政许可。"
              "许可内容：{{ licence_scope }}；有效期：{{ licence_validity }}。本机关将自作出决定之日起{{ certificate_period }}内"
              "{% if certificate_due %}（至{{ certificate_due }}）{% endif %}颁发、送达许可证件。"
              "{% else %}经审查，{{ refusal_reasons }}，根据{{ legal_basis }}的规定，本机关决定不予行政许可。{% endif %}"),
        ("p", REMEDIES),
        ("sign",),
    ]),
}


def _font(run: Any, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _para(doc: Any, text: str, *, size: float = 12, bold: bool = False, align: Any = None) -> Any:
    p = doc.add_paragraph()
    _font(p.add_run(text), size, bold)
    if align is not None:
        p.alignment = align
    return p


def _cell(cell: Any, value: str | list[str]) -> None:
    first = cell.paragraphs[0]
    if isinstance(value, str):
        _font(first.add_run(value), 12)
        return
    var = value[0]
    _font(first.add_run(f"{{%p for item in {var} %}}"), 12)
    _font(cell.add_paragraph().add_run("{{ item }}"), 12)
    _font(cell.add_paragraph().add_run("{%p endfor %}"), 12)


def _block(doc: Any, block: tuple[Any, ...]) -> None:
    tag = block[0]
    if tag == "p":
        _para(doc, block[1]).paragraph_format.first_line_indent = Pt(24)
    elif tag == "h":
        _para(doc, block[1], bold=True)
    elif tag == "list":
        _para(doc, f"{{%p for item in {block[1]} %}}")
        _para(doc, "{{ loop.index }}. {{ item }}")
        _para(doc, "{%p endfor %}")
    elif tag == "table":
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in block[1]:
            row = table.add_row()
            row.cells[0].width, row.cells[1].width = Cm(3.5), Cm(12.5)
            _font(row.cells[0].paragraphs[0].add_run(label), 12, bold=True)
            _cell(row.cells[1], value)
    elif tag == "sign":
        _para(doc, "")
        _para(doc, "{{ agency_name }}（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
        _para(doc, "{{ doc_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        raise ValueError(f"unknown block {tag!r}")


def build(code: str) -> Any:
    title, blocks = SPECS[code]
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    _para(doc, "{{ agency_name }}", size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, title, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    for block in blocks:
        _block(doc, block)
    doc.core_properties.title = title
    doc.core_properties.author = "依法 Yifa"
    return doc


def template_path(code: str) -> Path:
    return OUT / f"{code}.docx"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for code in SPECS:
        build(code).save(str(template_path(code)))
        print(template_path(code).relative_to(OUT.parent.parent.parent), file=sys.stdout)


if __name__ == "__main__":
    main()

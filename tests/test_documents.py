"""Document numbers (no gap, no duplicate, also under concurrency), .docx and PDF rendering."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

import tests.test_evidence as evidence_tests
from yifa.audit.models import AuditEvent
from yifa.documents import render
from yifa.documents.actions import generate_document, set_agency_template
from yifa.documents.models import AgencyNumbering, Document, DocumentCounter, DocumentKind
from yifa.documents.numbering import allocate_number, check_pattern, format_number
from yifa.evidence.actions import Upload, add_evidence
from yifa.evidence.models import StoredFile
from yifa.lib.errors import ActionError, NotFound

SH = ZoneInfo("Asia/Shanghai")
power_a, case_a = evidence_tests.power_a, evidence_tests.case_a  # the shared case fixtures
KINDS = Path(__file__).resolve().parent.parent / "yifa" / "documents" / "data" / "document_kinds.json"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 5, 6, 10, 0, tzinfo=SH), tick=False):
        yield


def kind(code: str) -> DocumentKind:
    """The shipped kind (seeded by migration; re-made if a transactional test flushed it)."""
    row = next(r for r in json.loads(KINDS.read_text(encoding="utf-8")) if r["code"] == code)
    return DocumentKind.objects.get_or_create(code=code, defaults={k: v for k, v in row.items() if k != "code"})[0]


def docx_text(data: bytes) -> str:
    from docx import Document as open_docx

    doc = open_docx(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


# --- numbering -------------------------------------------------------------------------


def test_all_statutory_kinds_are_seeded_with_templates(db):
    from yifa.documents.make_templates import template_path

    codes = set(DocumentKind.objects.values_list("code", flat=True))
    assert {"case_opening", "inquiry_record", "inspection_record", "preservation_notice", "prior_notice",
            "hearing_notice", "penalty_decision", "service_receipt", "closing_approval", "licensing_decision"} <= codes
    for k in DocumentKind.objects.all():
        assert template_path(k.code).exists(), k.code
        if k.pattern:
            check_pattern(k.pattern)


def test_numbers_are_sequential_per_agency_kind_and_year(agency_a, agency_b):
    fine, opening = kind("penalty_decision"), kind("case_opening")
    assert [allocate_number(agency_a, fine, 2026) for _ in range(3)] == [1, 2, 3]
    assert allocate_number(agency_b, fine, 2026) == 1
    assert allocate_number(agency_a, fine, 2027) == 1
    assert allocate_number(agency_a, opening, 2026) == 1
    assert allocate_number(agency_a, fine, 2026) == 4
    assert DocumentCounter.objects.get(agency=agency_a, kind=fine, year=2026).last == 4


def test_number_pattern_is_data(agency_a):
    fine = kind("penalty_decision")
    assert format_number(fine.pattern, agency_a, fine, 2026, 15) == "浦市监罚〔2026〕15号"
    assert format_number("{agency}{abbr}字〔{year}〕第{n}号", agency_a, fine, 2026, 7) == "浦江县市场监督管理局罚字〔2026〕第7号"
    for bad in ("{short}{abbr}〔{year}〕号", "{short}{nope}{n}", "{short}{n"):
        with pytest.raises(ActionError):
            check_pattern(bad)


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocation_has_no_gap_and_no_duplicate(agency_a):
    fine = kind("penalty_decision")

    def take(_worker: int) -> list[int]:
        try:
            return [allocate_number(agency_a, fine, 2026) for _ in range(10)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = [n for batch in pool.map(take, range(4)) for n in batch]
    assert sorted(numbers) == list(range(1, 41))
    assert DocumentCounter.objects.get(agency=agency_a, kind=fine, year=2026).last == 40


# --- generating documents ----------------------------------------------------------------


def test_penalty_decision_docx_and_pdf(frozen, case_a, officer_a, tmp_path):
    from yifa.cases.models import Case

    add_evidence(case_a, kind="documentary", title="进货单据", upload=None, acting_user=officer_a)
    Case.objects.filter(pk=case_a.pk).update(decided_types=["fine"], decided_fine="5000.00")
    case_a.refresh_from_db()
    doc = generate_document(case_a, "penalty_decision", acting_user=officer_a,
                            extra={"facts": "当事人于2026年3月在其经营场所销售超过保质期的面包。"})
    assert doc.number == "浦市监罚〔2026〕1号"
    assert doc.serial == 1
    assert doc.year == 2026
    assert doc.case == case_a
    assert doc.agency_id == case_a.agency_id
    text = docx_text(doc.docx.read())
    for expected in ("浦江县好又多超市有限公司", "浦市监罚〔2026〕1号", "行政处罚决定书", "书证：进货单据",
                     "人民币5,000.00元", "六十日内向浦江县人民政府申请行政复议", "六个月内", "2026年5月6日"):
        assert expected in text, expected
    assert "{{" not in text
    assert "{%" not in text
    pdf = doc.pdf.read()
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 20_000
    if shutil.which("pdffonts"):
        (tmp_path / "d.pdf").write_bytes(pdf)
        fonts = subprocess.run(["pdffonts", str(tmp_path / "d.pdf")], capture_output=True, check=True).stdout.decode()
        assert "CJK" in fonts
        assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])
    assert doc.pdf.type_code == "pdf"
    assert doc.docx.type_code == "docx"
    if shutil.which("pdftotext"):
        flat = pdf_text(pdf).replace("\n", "")
        for expected in ("行政处罚决定书", "浦江县好又多超市有限公司", "浦市监罚〔2026〕1号"):
            assert expected in flat, expected
    event = AuditEvent.objects.get(action="document.generate")
    assert event.after["number"] == "浦市监罚〔2026〕1号"
    assert event.chain == f"agency:{case_a.agency_id}"
    second = generate_document(case_a, "penalty_decision", acting_user=officer_a)
    assert second.number == "浦市监罚〔2026〕2号"


def test_unnumbered_record_and_table_form(frozen, case_a, officer_a):
    record = generate_document(case_a, "inquiry_record", acting_user=officer_a, extra={"record_text": "问：…答：…"})
    assert record.number == ""
    assert record.serial is None
    assert not DocumentCounter.objects.filter(kind__code="inquiry_record").exists()
    form = generate_document(case_a, "case_opening", acting_user=officer_a)
    text = docx_text(form.docx.read())
    # The approval form carries the number the case took when it was opened.
    assert form.number == case_a.number == "浦市监立〔2026〕3号"
    assert "王建国（执法证号：浙C330726001）" in text
    assert "浦江县好又多超市有限公司" in text


def test_archived_case_refuses_documents_and_loses_no_number(frozen, case_a, officer_a):
    case_a.status = "archived"
    case_a.save()
    before = (Document.objects.count(), StoredFile.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ActionError, match="已归档"):
        generate_document(case_a, "penalty_decision", acting_user=officer_a)
    assert (Document.objects.count(), StoredFile.objects.count(), AuditEvent.objects.count()) == before
    assert not DocumentCounter.objects.exists()


def test_failed_rendering_rolls_the_number_back(frozen, case_a, officer_a, monkeypatch):
    monkeypatch.setattr(render, "cjk_font", _no_font)
    with pytest.raises(ActionError) as err:
        generate_document(case_a, "penalty_decision", acting_user=officer_a)
    assert "中文字体" in err.value.zh
    assert "CJK font" in err.value.en
    assert not Document.objects.exists()
    assert not StoredFile.objects.exists()
    monkeypatch.undo()
    assert generate_document(case_a, "penalty_decision", acting_user=officer_a).serial == 1  # no gap


def _no_font() -> str:
    raise render.MissingFont("none")


def test_missing_font_is_reported_clearly(monkeypatch):
    class Empty:
        stdout = ""

    render.cjk_font.cache_clear()
    monkeypatch.setattr(render.subprocess, "run", lambda *a, **k: Empty())
    try:
        with pytest.raises(render.MissingFont, match="fonts-noto-cjk"):
            render.cjk_font()
    finally:
        render.cjk_font.cache_clear()


def test_pdf_rendering_fetches_nothing():
    fetcher = render._refusing_fetcher()
    html = ('<html><head><link rel="stylesheet" href="http://cdn.example.invalid/x.css"></head>'
            '<body><p>浦江县</p><img src="https://example.invalid/seal.png"><img src="file:///etc/passwd"></body></html>')
    pdf = render.html_to_pdf(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert set(fetcher.refused) == {"http://cdn.example.invalid/x.css", "https://example.invalid/seal.png",
                                    "file:///etc/passwd"}


def test_licensing_decision_from_a_plain_context(frozen, agency_a, officer_a, officer_b):
    ctx = {"agency_id": agency_a.pk, "agency_name": agency_a.name, "applicant_name": "浦江县小吃店", "granted": True,
           "licence_item": "食品经营许可", "legal_basis": "《中华人民共和国食品安全法》第三十五条",
           "reconsideration_body": "浦江县人民政府", "court": "浦江县人民法院"}
    before = (Document.objects.count(), AuditEvent.objects.count())
    with pytest.raises(NotFound):
        generate_document(ctx, "licensing_decision", acting_user=officer_b)
    with pytest.raises(ActionError):
        generate_document({k: v for k, v in ctx.items() if k != "agency_id"}, "licensing_decision", acting_user=officer_a)
    assert (Document.objects.count(), AuditEvent.objects.count()) == before
    doc = generate_document(ctx, "licensing_decision", acting_user=officer_a)
    text = docx_text(doc.docx.read())
    assert doc.number == "浦市监许〔2026〕1号"
    assert doc.case is None
    assert "浦江县小吃店" in text
    assert "准予行政许可" in text
    assert "不予行政许可" not in text
    # the periods come from the deadline rules, not typed into the template: the licence within ten
    # working days of the decision (with its last day); the remedies, their last days once served
    # (Saturday 9 May 2026 is a make-up working day)
    assert "自作出决定之日起十个工作日内（至2026年5月19日）颁发、送达许可证件" in text
    assert "收到本决定书之日起六十日内向浦江县人民政府申请行政复议，也可以在六个月内依法向浦江县人民法院提起行政诉讼" in text
    served = docx_text(generate_document(ctx | {"served_on": dt.date(2026, 5, 8)}, "licensing_decision",
                                         acting_user=officer_a).docx.read())
    assert "六十日内（至2026年7月7日）" in served
    assert "六个月内（至2026年11月9日）" in served


def _custom_template(body: str) -> bytes:
    from docx import Document as new_docx

    d = new_docx()
    d.add_paragraph(body)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_agency_template_replaces_the_shipped_one(frozen, case_a, head_a, officer_a, agency_a):
    own = _custom_template("本机关自定格式 {{ number }} 当事人：{{ party_name }}")
    with pytest.raises(NotFound):
        set_agency_template(agency_a, "penalty_decision", Upload(own, "x.docx"), acting_user=None)
    before = AuditEvent.objects.count()
    for bad, who in ((_custom_template("{{ party_name "), head_a), (b"%PDF-1.7 not a docx", head_a), (own, officer_a)):
        with pytest.raises(ActionError):
            set_agency_template(agency_a, "penalty_decision", Upload(bad, "t.docx"), acting_user=who)
    assert AuditEvent.objects.count() == before
    assert not StoredFile.objects.exists()
    set_agency_template(agency_a, "penalty_decision", Upload(own, "t.docx"), acting_user=head_a)
    AgencyNumbering.objects.create(agency=agency_a, kind=kind("penalty_decision"), pattern="{short}罚字〔{year}〕第{n}号")
    doc = generate_document(case_a, "penalty_decision", acting_user=officer_a)
    text = docx_text(doc.docx.read())
    assert text.strip() == "本机关自定格式 浦市监罚字〔2026〕第1号 当事人：浦江县好又多超市有限公司"
    assert "本机关自定格式" in pdf_text(doc.pdf.read()) if shutil.which("pdftotext") else doc.pdf.size > 1000

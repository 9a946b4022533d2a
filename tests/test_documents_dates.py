"""Documents are dated by the step they record, and their PDF is made after the number is
committed — never under the write lock; a failed PDF leaves the document and its number, and the
download makes the PDF later."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

import tests.test_evidence as evidence_tests
from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_documents import docx_text
from yifa.audit.models import AuditEvent
from yifa.cases.models import Case, Hearing
from yifa.documents import render
from yifa.documents.actions import generate_document
from yifa.documents.models import Document, DocumentCounter

SH = ZoneInfo("Asia/Shanghai")
D = dt.date
power_a, case_a = evidence_tests.power_a, evidence_tests.case_a  # the shared case fixtures


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SH), tick=False)


def step_dates(case: Case, **dates: dt.date) -> Case:
    Case.objects.filter(pk=case.pk).update(**dates)
    case.refresh_from_db()
    return case


# --- dated by the step ---------------------------------------------------------------------


def test_documents_made_days_later_carry_the_step_date(case_a, officer_a, officer_record_b):
    """Opened 04-02, notified 04-20, hearing noticed 04-24, decided 05-11, served 05-12, closed 05-20;
    every document made on 05-25 bears its step's date. An interview record is dated the day made."""
    from tests.conftest import make_officer

    chair = make_officer(case_a.agency, "孙志强", 13)
    case = step_dates(case_a, notified_on=D(2026, 4, 20), notice_round=1, decided_on=D(2026, 5, 11),
                      decided_types=["fine"], decided_fine="3000.00", decision_number="浦市监罚〔2026〕7号",
                      served_on=D(2026, 5, 12), closed_on=D(2026, 5, 20))
    Hearing.objects.create(case=case, notice_round=1, requested_on=D(2026, 4, 21), notice_served_on=D(2026, 4, 24),
                           scheduled_for=D(2026, 5, 8), chair=chair, public=False)
    expected = {
        "case_opening": D(2026, 4, 2), "prior_notice": D(2026, 4, 20), "hearing_notice": D(2026, 4, 24),
        "penalty_decision": D(2026, 5, 11), "service_receipt": D(2026, 5, 12), "closing_approval": D(2026, 5, 20),
        "inquiry_record": D(2026, 5, 25),
    }
    with at(D(2026, 5, 25)):
        docs = {kind: generate_document(case, kind, acting_user=officer_a) for kind in expected}
    for kind, day in expected.items():
        doc = docs[kind]
        assert doc.dated_on == day, kind
        assert doc.context["doc_date"] == f"{day.year}年{day.month}月{day.day}日", kind
        text = docx_text(doc.docx.read())
        if kind in ("prior_notice", "hearing_notice", "penalty_decision", "inquiry_record"):  # signed and dated
            assert doc.context["doc_date"] in text, kind
        assert "2026年5月25日" not in text or kind == "inquiry_record", kind
    hearing_text = docx_text(docs["hearing_notice"].docx.read())
    assert "听证时间：2026年5月8日" in hearing_text
    assert "孙志强" in hearing_text
    assert "听证不公开举行" in hearing_text
    assert docs["penalty_decision"].number == "浦市监罚〔2026〕7号"  # the number the decision took
    assert docs["prior_notice"].number.endswith("〔2026〕1号")
    # The case page lists them with the date they bear, not the day they were made.
    html = client_for(officer_a).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert html.count('<td data-testid="document-date">2026-05-12</td>') == 1
    assert html.count('<td data-testid="document-date">2026-05-25</td>') == 1


def test_the_number_is_of_the_step_year(case_a, officer_a):
    """Notified on 2025-12-29, the notice made on 2026-01-05 takes a 2025 number."""
    case = step_dates(case_a, opened_on=D(2025, 12, 1), notified_on=D(2025, 12, 29), notice_round=1)
    with at(D(2026, 1, 5)):
        doc = generate_document(case, "prior_notice", acting_user=officer_a)
        later = generate_document(case, "inquiry_record", acting_user=officer_a)
    assert (doc.dated_on, doc.year, doc.serial) == (D(2025, 12, 29), 2025, 1)
    assert "〔2025〕1号" in doc.number
    assert "2025年12月29日" in docx_text(doc.docx.read())
    assert DocumentCounter.objects.get(kind__code="prior_notice").year == 2025
    assert (later.dated_on, later.year) == (D(2026, 1, 5), 2026)


# --- the PDF after commit ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_pdf_is_rendered_after_commit_with_no_transaction_open(case_a, officer_a, monkeypatch):
    real = render.docx_to_pdf
    seen: list[tuple[bool, bool]] = []

    def converter(docx: bytes, *, title: str = "") -> bytes:
        # No write transaction is open, and the document with its number is already committed.
        seen.append((transaction.get_connection().in_atomic_block,
                     Document.objects.filter(case=case_a, number__endswith="〔2026〕1号", pdf__isnull=True).exists()))
        return real(docx, title=title)

    monkeypatch.setattr(render, "docx_to_pdf", converter)
    with at(D(2026, 5, 6)):
        doc = generate_document(case_a, "prior_notice", acting_user=officer_a)
    assert seen == [(False, True)]
    assert doc.pdf is not None
    assert doc.pdf.read().startswith(b"%PDF")
    stored = Document.objects.get(pk=doc.pk)
    assert stored.pdf_id == doc.pdf.pk
    actions = list(AuditEvent.objects.filter(object_id=str(doc.pk), object_type="documents.Document")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["document.generate", "document.pdf"]


def test_failed_pdf_keeps_the_document_and_the_download_makes_it(case_a, officer_a, officer_b, monkeypatch,
                                                                 caplog):
    def broken(docx: bytes, *, title: str = "") -> bytes:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(render, "docx_to_pdf", broken)
    with at(D(2026, 5, 6)), caplog.at_level(logging.ERROR, logger="yifa.documents.actions"):
        doc = generate_document(case_a, "prior_notice", acting_user=officer_a)
    assert doc.pk is not None
    assert doc.number.endswith("〔2026〕1号")
    assert doc.pdf is None
    assert Document.objects.get(pk=doc.pk).pdf_id is None
    assert DocumentCounter.objects.get(kind__code="prior_notice").last == 1  # the number stays taken, no gap
    assert any("renderer crashed" in (r.exc_text or "") or "could not be rendered" in r.getMessage()
               for r in caplog.records)

    url = reverse("cases:document_pdf", args=[case_a.pk, doc.pk])
    html = client_for(officer_a).get(reverse("cases:detail", args=[case_a.pk])).content.decode()
    assert f'href="{url}" data-format="pdf"' in html  # the page links to where the PDF is made
    listed = client_for(officer_a).get(f"/api/cases/{case_a.pk}/documents").json()
    assert (listed[0]["pdf_sha256"], listed[0]["pdf"]) == ("", f"/api/cases/{case_a.pk}/documents/{doc.pk}/pdf")

    with assert_unchanged():
        still_broken = client_for(officer_a).get(url)
        assert still_broken.status_code == 503
        assert "PDF 暂时无法生成" in still_broken.content.decode()
        assert client_for(officer_b).get(url).status_code == 404  # another agency's: as if missing
        assert client_for(officer_b).get(f"/api/cases/{case_a.pk}/documents/{doc.pk}/pdf").status_code == 404

    monkeypatch.undo()
    response = client_for(officer_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    doc.refresh_from_db()
    assert doc.pdf is not None
    assert doc.number.endswith("〔2026〕1号")
    assert AuditEvent.objects.filter(action="document.pdf", object_id=str(doc.pk)).count() == 1
    # Made once: the next request streams the same file, and so does the API.
    again = client_for(officer_a).get(f"/api/cases/{case_a.pk}/documents/{doc.pk}/pdf")
    assert again.status_code == 200
    assert b"".join(again.streaming_content) == doc.pdf.read()
    assert AuditEvent.objects.filter(action="document.pdf", object_id=str(doc.pk)).count() == 1
    assert client_for(officer_a).get(f"/api/cases/{case_a.pk}/documents").json()[0]["pdf_sha256"] == doc.pdf.sha256

"""Evidence, preservation, documents and the case file over HTTP (pages and API).

Uploads go through the real multipart path; every refused request also checks that nothing
changed (evidence rows, stored files and blobs, documents and counters, the audit log).
"""
# ruff: noqa: F811  (the case fixtures are shared with test_cases_web by import)

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for, make_user
from tests.ledger import pay
from tests.test_cases_web import case_b, opened_case, power_b, registered_case  # noqa: F401
from yifa.audit.models import AuditEvent
from yifa.cases import actions
from yifa.cases.models import Case, Status
from yifa.documents.models import Document, DocumentCounter
from yifa.evidence.actions import add_evidence
from yifa.evidence.models import Evidence, EvidenceKind, Preservation, StoredFile

pytestmark = pytest.mark.django_db
D = dt.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00This program cannot be run in DOS mode" * 10
TEXT = "询问笔录：当事人承认未办理食品经营许可。".encode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored(media: Path) -> dict[str, Any]:
    """Everything an upload could leave behind."""
    blobs = sorted(p.name for p in (media / "blobs").glob("??/*")) if (media / "blobs").exists() else []
    return {"evidence": list(Evidence.objects.order_by("id").values()), "files": StoredFile.objects.count(),
            "blobs": blobs, "documents": Document.objects.count(),
            "counters": list(DocumentCounter.objects.order_by("id").values()), "audit": AuditEvent.objects.count()}


def upload(name: str, data: bytes, mime: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, mime)


def evidence_post(file: SimpleUploadedFile | None, **extra: str) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": "documentary", "title": "现场照片", "description": "", "collected_on": "2026-09-10"}
    if file is not None:
        body["file"] = file
    return body | extra


def detail_html(case: Case, user: Any) -> str:
    response = client_for(user).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def closed_case(case: Case, officer: Any, head: Any, agency: Any) -> Case:
    """The opened case walked to "closed": a 5,000 yuan fine, waived, decided, served, paid."""
    c = actions.close_investigation(case, facts="当事人未取得许可经营预包装食品。", on_date=D(2026, 9, 20), acting_user=officer)
    c = actions.review_case(c, opinion="同意。", proposed_types=["fine"], proposed_fine=Decimal("5000"), serious=False,
                            on_date=D(2026, 9, 21), acting_user=head)
    c = actions.notify_case(c, notified_on=D(2026, 9, 22), acting_user=officer)
    c = actions.waive_rights(c, on_date=D(2026, 9, 22), acting_user=officer)
    c = actions.decide_case(c, outcome="penalty", decided_types=["fine"], decided_fine=Decimal("5000"),
                            decided_on=D(2026, 9, 23), reasons="依据食品安全法第一百二十二条。", acting_user=head)
    c = actions.serve_decision(c, served_on=D(2026, 9, 23), method="on_the_spot", acting_user=officer)
    c = pay(c, D(2026, 9, 28), make_user("finance_a", "finance", agency=agency))
    return actions.close_case(c, closed_on=D(2026, 9, 29), acting_user=head)


# --- uploading ------------------------------------------------------------------------------


def test_upload_form_is_phone_friendly(opened_case, officer_a):
    html = detail_html(opened_case, officer_a)
    form = re.search(r'<form method="post" enctype="multipart/form-data" action="([^"]+)" data-form="evidence">', html)
    assert form is not None
    assert form.group(1) == reverse("cases:evidence_add", args=[opened_case.pk])
    # The camera has its own input; the file input (gallery, recordings, PDFs) has no `capture`,
    # which would take a phone straight to the camera and offer nothing else.
    photo = re.search(r'<input type="file" name="photo"[^>]*>', html)
    file_input = re.search(r'<input type="file" name="file"[^>]*>', html)
    assert photo is not None
    assert file_input is not None
    assert 'accept="image/*"' in photo.group(0)
    assert 'capture="environment"' in photo.group(0)
    assert 'accept="image/*,video/*,audio/*,application/pdf"' in file_input.group(0)
    assert "capture" not in file_input.group(0)
    kinds = re.search(r'<select name="kind"[^>]*>(.*?)</select>', html, re.S)
    assert kinds is not None
    assert re.findall(r'<option value="(\w+)"', kinds.group(1)) == list(EvidenceKind.values)


def test_upload_through_the_page(opened_case, officer_a, media):
    before_audit = AuditEvent.objects.count()
    client = client_for(officer_a)
    response = client.post(reverse("cases:evidence_add", args=[opened_case.pk]),
                           evidence_post(upload("IMG_0001.png", PNG, "image/png"), description="货架全景"))
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[opened_case.pk]) + "#evidence"
    digest = hashlib.sha256(PNG).hexdigest()
    ev = Evidence.objects.get(case=opened_case, sha256=digest)
    assert (ev.kind, ev.title, ev.collected_on, ev.collected_by, ev.original_name) == (
        "documentary", "现场照片", D(2026, 9, 10), officer_a, "IMG_0001.png")
    assert ev.file is not None
    assert (ev.file.mime, ev.file.size) == ("image/png", len(PNG))
    assert (media / "blobs" / digest[:2] / digest).read_bytes() == PNG
    assert AuditEvent.objects.count() == before_audit + 1

    html = client.get(response.url).content.decode()
    row = re.search(rf'<tr data-evidence="{ev.pk}" data-kind="documentary">(.*?)</tr>', html, re.S)
    assert row is not None
    for shown in ("书证", "现场照片", "2026-09-10", "officer_a", "PNG 图片", digest[:12]):
        assert shown in row.group(1), shown
    link = reverse("cases:file_download", args=[opened_case.pk, digest])
    assert link in row.group(1)
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG


def test_photo_from_the_camera_input(opened_case, officer_a, media):
    """A photo taken with the camera input is stored like a chosen file; a photo and a file at once
    are refused (one piece of evidence per entry) and nothing changes."""
    client = client_for(officer_a)
    url = reverse("cases:evidence_add", args=[opened_case.pk])
    before = (Evidence.objects.count(), AuditEvent.objects.count())
    both = evidence_post(upload("a.png", PNG, "image/png")) | {"photo": upload("b.png", PNG, "image/png")}
    assert client.post(url, both).status_code == 400
    assert (Evidence.objects.count(), AuditEvent.objects.count()) == before
    body = evidence_post(None) | {"photo": upload("IMG_0002.png", PNG, "image/png")}
    assert client.post(url, body).status_code == 302
    ev = Evidence.objects.get(case=opened_case, sha256=hashlib.sha256(PNG).hexdigest())
    assert (ev.original_name, ev.file.mime) == ("IMG_0002.png", "image/png")


def test_physical_item_without_a_file(opened_case, officer_a):
    response = client_for(officer_a).post(reverse("cases:evidence_add", args=[opened_case.pk]),
                                          evidence_post(None, kind="physical", title="过期面包20袋",
                                                        description="已先行登记保存"))
    assert response.status_code == 302
    ev = Evidence.objects.get(case=opened_case, title="过期面包20袋")
    assert (ev.kind, ev.file, ev.sha256) == ("physical", None, "")


def test_no_file_and_no_description_is_refused(opened_case, officer_a, media):
    before = stored(media)
    response = client_for(officer_a).post(reverse("cases:evidence_add", args=[opened_case.pk]), evidence_post(None))
    assert response.status_code == 400
    assert "请上传文件" in response.content.decode()
    assert stored(media) == before


def test_bad_file_type_is_refused_and_nothing_stored(opened_case, officer_a, media):
    """An executable renamed .jpg: refused by its content, on the page and through the API."""
    before = stored(media)
    response = client_for(officer_a).post(reverse("cases:evidence_add", args=[opened_case.pk]),
                                          evidence_post(upload("photo.jpg", EXE, "image/jpeg")))
    assert response.status_code == 400
    html = response.content.decode()
    assert "不支持的文件类型" in html
    assert "not accepted" not in html  # one language at a time
    assert "evidence-upload" in html
    assert 'id="evidence-upload" open' in html
    assert stored(media) == before
    api = client_for(officer_a).post(f"/api/cases/{opened_case.pk}/evidence",
                                     evidence_post(upload("photo.jpg", EXE, "image/jpeg")))
    assert api.status_code == 400
    assert api.json()["field"] == "file"
    assert stored(media) == before


def test_upload_and_list_through_the_api(opened_case, officer_a, media):
    client = client_for(officer_a)
    response = client.post(f"/api/cases/{opened_case.pk}/evidence",
                           evidence_post(upload("询问笔录.txt", TEXT, "text/plain"), kind="party_statement",
                                         title="询问笔录（当事人）"))
    assert response.status_code == 201, response.content
    body = response.json()
    digest = hashlib.sha256(TEXT).hexdigest()
    assert (body["kind"], body["sha256"], body["type_code"], body["size"]) == (
        "party_statement", digest, "text", len(TEXT))
    assert body["download"] == f"/api/files/{digest}"
    listed = client.get(f"/api/cases/{opened_case.pk}/evidence").json()
    assert [e["title"] for e in listed] == ["涉案预包装食品", "询问笔录（当事人）"]  # the fixture's item first
    assert listed[0]["sha256"] == ""
    assert listed[0]["download"] == ""


def test_file_download_through_the_api(opened_case, officer_a, officer_b, case_b):
    client = client_for(officer_a)
    posted = client.post(f"/api/cases/{opened_case.pk}/evidence", evidence_post(upload("笔录.txt", TEXT, "text/plain")))
    assert posted.status_code == 201, posted.content
    digest = hashlib.sha256(TEXT).hexdigest()
    got = client.get(f"/api/files/{digest}")
    assert got.status_code == 200
    assert got["Content-Type"].startswith("text/plain")
    assert b"".join(got.streaming_content) == TEXT
    assert "attachment" in got["Content-Disposition"]  # an uploaded text is never shown as a page
    other, missing = client_for(officer_b).get(f"/api/files/{digest}"), client.get(f"/api/files/{'0' * 64}")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()


# --- who may see it -------------------------------------------------------------------------


def test_other_agency_gets_404_for_evidence_and_files(opened_case, case_b, officer_a, officer_b, media):
    add_evidence(opened_case, kind="documentary", title="现场照片", upload=_upload(PNG), acting_user=officer_a,
                 collected_on=D(2026, 9, 10))
    digest = hashlib.sha256(PNG).hexdigest()
    client = client_for(officer_b)
    assert client.get(reverse("cases:detail", args=[opened_case.pk])).status_code == 404
    assert client.get(reverse("cases:file", args=[opened_case.pk])).status_code == 404
    assert client.get(reverse("cases:file_download", args=[opened_case.pk, digest])).status_code == 404
    # Officer B's own case does not name the file: guessing its hash through that case is 404 too.
    assert client.get(reverse("cases:file_download", args=[case_b.pk, digest])).status_code == 404
    assert client.get(f"/api/cases/{opened_case.pk}/evidence").status_code == 404
    before = stored(media)
    assert client.post(reverse("cases:evidence_add", args=[opened_case.pk]),
                       evidence_post(upload("x.png", PNG + b"b", "image/png"))).status_code == 404
    assert client.post(f"/api/cases/{opened_case.pk}/evidence",
                       evidence_post(upload("x.png", PNG + b"b", "image/png"))).status_code == 404
    assert client.post(reverse("cases:document_generate", args=[opened_case.pk, "case_opening"])).status_code == 404
    assert client.post(f"/api/cases/{opened_case.pk}/documents/case_opening").status_code == 404
    assert stored(media) == before
    # Officer A sees the file.
    assert client_for(officer_a).get(reverse("cases:file_download", args=[opened_case.pk, digest])).status_code == 200


def _upload(data: bytes, name: str = "photo.png") -> Any:
    from yifa.evidence.actions import Upload

    return Upload(data, name)


# --- preservation (APL 56) -------------------------------------------------------------------


def test_head_records_and_decides_a_preservation(opened_case, officer_a, head_a):
    assert 'data-form="preservation"' not in detail_html(opened_case, officer_a)  # the head approves
    client = client_for(head_a)
    response = client.post(reverse("cases:preserve", args=[opened_case.pk]), {
        "items": "过期面包20袋", "location": "本局物证室", "reason": "证据可能灭失", "preserved_on": "2026-09-29"})
    assert response.status_code == 302
    p = Preservation.objects.get(case=opened_case)
    # 7 working days: 09-30, (National Day), 10-08, 10-09, 10-10 (make-up), 10-12, 10-13, 10-14.
    assert (p.approved_by, p.decision_due) == (head_a, D(2026, 10, 14))
    html = detail_html(opened_case, officer_a)
    assert "过期面包20袋" in html
    assert "2026-10-14" in html
    assert 'data-form="preservation-decision"' in html
    response = client_for(officer_a).post(reverse("cases:preservation_decide", args=[opened_case.pk, p.pk]), {
        "decision": "confiscation", "note": "拟没收", "decided_on": "2026-10-12"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.decision, p.decided_in_time, p.decided_by) == ("confiscation", True, officer_a)


def test_preservation_refused_changes_nothing(opened_case, head_a, media):
    before = (stored(media), Preservation.objects.count())
    response = client_for(head_a).post(reverse("cases:preserve", args=[opened_case.pk]), {
        "items": "过期面包20袋", "reason": "证据可能灭失", "preserved_on": "2099-01-01"})
    assert response.status_code == 400
    assert "日期不能晚于今天" in response.content.decode()
    assert (stored(media), Preservation.objects.count()) == before


# --- documents -------------------------------------------------------------------------------


def test_generate_and_download_documents(opened_case, officer_a, head_a, media):
    client = client_for(officer_a)
    html = detail_html(opened_case, officer_a)
    offered = re.findall(r'data-document="(\w+)"', html)
    assert offered == ["case_opening", "inquiry_record", "inspection_record"]
    # Not yet notified: no 事先告知书, and nothing is numbered or stored for asking.
    before = stored(media)
    refused = client.post(reverse("cases:document_generate", args=[opened_case.pk, "prior_notice"]))
    assert refused.status_code == 400
    assert "尚未到可以制作" in refused.content.decode()
    api_refused = client.post(f"/api/cases/{opened_case.pk}/documents/prior_notice")
    assert api_refused.status_code == 400
    assert api_refused.json()["field"] == "kind"
    assert client.post(f"/api/cases/{opened_case.pk}/documents/no_such_kind").status_code == 400
    assert stored(media) == before

    response = client.post(reverse("cases:document_generate", args=[opened_case.pk, "case_opening"]))
    assert response.status_code == 302, re.findall(r"action-error\">([^<]*)", response.content.decode())
    doc = Document.objects.get(case=opened_case)
    assert (doc.kind.code, doc.generated_by) == ("case_opening", officer_a)
    assert doc.number == opened_case.number != ""  # the approval form carries the case's own number
    html = detail_html(opened_case, officer_a)
    row = re.search(r'<tr data-document-row="case_opening">(.*?)</tr>', html, re.S)
    assert row is not None
    assert doc.number in row.group(1)
    pdf = client.get(reverse("cases:file_download", args=[opened_case.pk, doc.pdf.sha256]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(reverse("cases:file_download", args=[opened_case.pk, doc.docx.sha256]))
    assert docx.status_code == 200
    assert b"".join(docx.streaming_content).startswith(b"PK")
    assert "attachment" in docx["Content-Disposition"]
    assert ".docx" in docx["Content-Disposition"]

    made = client_for(head_a).post(f"/api/cases/{opened_case.pk}/documents/inquiry_record")
    assert made.status_code == 201, made.content
    listed = client.get(f"/api/cases/{opened_case.pk}/documents").json()
    assert [d["kind"] for d in listed] == ["case_opening", "inquiry_record"]
    assert listed[0]["pdf"] == f"/api/files/{doc.pdf.sha256}"


def test_archived_case_is_read_only(opened_case, officer_a, head_a, agency_a, media):
    case = actions.archive_case(closed_case(opened_case, officer_a, head_a, agency_a), acting_user=officer_a)
    html = detail_html(case, head_a)
    assert 'data-testid="read-only"' in html
    for form in ('data-form="evidence"', 'data-form="preservation"', "data-document="):
        assert form not in html, form
    assert re.findall(r'<form method="post" action="[^"]+" data-step="(\w+)"', html) == ["reinstate"]  # only the audited way back (调卷重开)
    before = stored(media)
    response = client_for(officer_a).post(reverse("cases:evidence_add", args=[case.pk]),
                                          evidence_post(upload("a.png", PNG, "image/png")))
    assert response.status_code == 400
    assert "已归档" in response.content.decode()
    response = client_for(head_a).post(reverse("cases:document_generate", args=[case.pk, "closing_approval"]))
    assert response.status_code == 400
    assert stored(media) == before


# --- the case file (卷内目录) -------------------------------------------------------------------

STATUTORY_ORDER = ["case_opening", "evidence", "records", "preservation", "prior_notice", "hearing",
                   "penalty_decision", "service_receipt", "payment", "closing_approval"]


def test_case_file_lists_items_in_statutory_order(opened_case, officer_a, head_a, agency_a, media):
    # Evidence collected in an order other than art. 46's.
    for kind, title, day in (("record", "现场笔录", 11), ("documentary", "进货单据", 12), ("audiovisual", "执法记录仪视频", 13)):
        add_evidence(opened_case, kind=kind, title=title, upload=None, description="附卷", acting_user=officer_a,
                     collected_on=D(2026, 9, day))
    case = closed_case(opened_case, officer_a, head_a, agency_a)
    client = client_for(officer_a)
    client.post(reverse("cases:document_generate", args=[case.pk, "penalty_decision"]))
    decision = Document.objects.get(case=case, kind__code="penalty_decision")

    response = client.get(reverse("cases:file", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<tbody data-section="(\w+)">', html) == STATUTORY_ORDER
    items = re.findall(r'<tr data-item="(\w+)">\s*<td class="num">(\d+)</td>\s*<td class="wrap">(.*?)</td>', html, re.S)
    sections = [s for s, _, _ in items]
    assert sections == sorted(sections, key=STATUTORY_ORDER.index)
    assert [int(n) for _, n, _ in items] == list(range(1, len(items) + 1))  # numbered through
    evidence = [re.sub(r"<[^>]+>", "", t).split(" ")[0] for s, _, t in items if s == "evidence"]
    assert evidence == ["书证：进货单据", "物证：涉案预包装食品", "视听资料：执法记录仪视频", "勘验笔录、现场笔录：现场笔录"]
    # The opening with its case number; the decision as generated, with its number and a link to it.
    assert case.number in html
    assert decision.number in html
    assert reverse("cases:file_download", args=[case.pk, decision.pdf.sha256]) in html
    row = re.search(r'<tr data-item="penalty_decision">(.*?)</tr>', html, re.S)
    assert row is not None
    assert decision.number in row.group(1)
    pages = re.findall(r'<td class="num">(\d+|—)</td>\s*</tr>', row.group(0))
    assert pages
    assert pages[0] != "—"
    for label in ("2026-09-28", "2026-09-29"):  # paid, closed
        assert label in html
    steps = re.findall(r'<li data-step="(\w+)"', html)
    assert steps == ["register", "open", "investigate", "review", "notify", "waive", "decide", "serve", "payment",
                     "close"]
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED


def test_case_file_of_a_lead_is_mostly_empty(registered_case, officer_a, head_a):
    html = client_for(head_a).get(reverse("cases:file", args=[registered_case.pk])).content.decode()
    assert re.findall(r'<tbody data-section="(\w+)">', html) == STATUTORY_ORDER
    assert re.findall(r'<tr data-item="(\w+)">', html) == []
    assert re.findall(r'<li data-step="(\w+)"', html) == ["register"]


def test_close_investigation_without_evidence_is_refused_on_the_page(registered_case, crew_a, head_a, officer_a):
    case = actions.open_case(registered_case, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                             lead=crew_a["lead"], acting_user=head_a)
    before = (Case.objects.filter(pk=case.pk).values().get(), AuditEvent.objects.count())
    response = client_for(officer_a).post(reverse("cases:step", args=[case.pk, "investigate"]), {
        "version": case.version, "facts": "事实。", "on_date": "2026-09-20"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "行政处罚法第四十条" in html
    assert 'data-testid="no-evidence"' in html
    assert (Case.objects.filter(pk=case.pk).values().get(), AuditEvent.objects.count()) == before

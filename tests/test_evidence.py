"""Evidence storage (content-addressed, sniffed, size-limited) and preservation (APL art. 56)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
import time_machine

from yifa.audit.models import AuditEvent
from yifa.evidence import storage
from yifa.evidence.actions import Upload, add_evidence, decide_preservation, record_preservation
from yifa.evidence.models import Evidence, Preservation, StoredFile
from yifa.lib.errors import ActionError, Forbidden, NotFound

SH = ZoneInfo("Asia/Shanghai")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00This program cannot be run in DOS mode" * 10


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 5, 6, 10, 0, tzinfo=SH), tick=False):
        yield


@pytest.fixture
def power_a(agency_a):
    from yifa.law.models import PowerItem

    return PowerItem.objects.create(
        code="MS-CF-0001", name="对销售超过保质期食品的行政处罚", category="penalty", agency=agency_a,
        procedure="penalty_ordinary", penalty_types=["fine", "confiscation"],
    )


@pytest.fixture
def case_a(agency_a, power_a, officer_a, officer_record_a, head_a):
    """An opened case of agency A with officer_a (linked to officer_record_a) assigned."""
    from yifa.cases.models import Case, CaseOfficer

    officer_a.officer = officer_record_a
    officer_a.save()
    case = Case.objects.create(
        agency=agency_a, power=power_a, status="opened", title="销售超过保质期的食品案", number="浦市监立〔2026〕3号",
        source="inspection", registered_on=dt.date(2026, 4, 1), opened_on=dt.date(2026, 4, 2),
        party_kind="organisation", party_name="浦江县好又多超市有限公司", party_code="91330726MA2ABCDE1E",
        party_address="浦江县浦阳街道人民路1号", act_ended_on=dt.date(2026, 3, 30), discovered_on=dt.date(2026, 3, 31),
        created_by=head_a,
    )
    CaseOfficer.objects.create(case=case, officer=officer_record_a, is_lead=True, assigned_on=dt.date(2026, 4, 2))
    return case


def blob_files(media) -> list:
    root = media / "blobs"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def state() -> tuple[int, int, int, int]:
    return Evidence.objects.count(), StoredFile.objects.count(), AuditEvent.objects.count(), Preservation.objects.count()


# --- sniffing and limits (pure) ------------------------------------------------------


def _docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _zip(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(name, "x")
    return out.getvalue()


@pytest.mark.parametrize(("data", "code"), [
    (JPEG, "jpeg"),
    (PNG, "png"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", "mp4"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42", "m4a"),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 50, "mp3"),
    (b"\xff\xfb\x90\x64" + b"\x00" * 50, "mp3"),
    (b"RIFF\x24\x08\x00\x00WAVEfmt " + b"\x00" * 40, "wav"),
    ("询问记录：当事人称不知道食品已过期。\n".encode(), "text"),
])
def test_sniff_recognises_accepted_types_by_content(data, code):
    assert storage.sniff(data) == code


def test_sniff_tells_docx_and_xlsx_apart_and_refuses_other_zips():
    assert storage.sniff(_docx()) == "docx"
    assert storage.sniff(_xlsx()) == "xlsx"
    assert storage.sniff(_zip("payload.exe")) is None


@pytest.mark.parametrize("data", [EXE, b"\x7fELF\x02\x01\x01" + b"\x00" * 60, b"text with a NUL\x00 inside", b"\xc3\x28 bad utf8"])
def test_sniff_refuses_executables_and_binary(data):
    assert storage.sniff(data) is None


def test_limits_are_a_table_overridable_by_settings(settings):
    assert storage.limit_for("mp4") == 50 * storage.MB
    assert storage.limit_for("jpeg") == 10 * storage.MB
    video = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (11 * storage.MB)
    assert storage.check_upload(video).code == "mp4"  # 11 MB of video is fine…
    with pytest.raises(ActionError) as err:
        storage.check_upload(JPEG + b"\x00" * (11 * storage.MB))  # …11 MB of photo is not
    assert "10 MB" in err.value.zh
    assert "10 MB" in err.value.en
    settings.YIFA_UPLOAD_LIMITS = {"png": 100}
    assert storage.limit_for("png") == 100
    with pytest.raises(ActionError, match="too large"):
        storage.check_upload(PNG)


# --- add_evidence ----------------------------------------------------------------------


def test_same_bytes_are_stored_once(frozen, case_a, officer_a, media):
    first = add_evidence(case_a, kind="physical", title="过期面包照片", upload=Upload(JPEG, "IMG_001.jpg"), acting_user=officer_a)
    second = add_evidence(case_a, kind="documentary", title="同一照片（复制件）", upload=Upload(JPEG, "copy.JPG"),
                          acting_user=officer_a)
    digest = storage.sha256_of(JPEG)
    assert first.sha256 == second.sha256 == digest
    assert first.file_id == second.file_id
    assert StoredFile.objects.count() == 1
    assert blob_files(media) == [media / "blobs" / digest[:2] / digest]
    assert first.file.read() == JPEG
    assert first.file.intact()
    assert first.file.type_code == "jpeg"
    assert first.file.size == len(JPEG)
    assert (first.original_name, second.original_name) == ("IMG_001.jpg", "copy.JPG")
    events = AuditEvent.objects.filter(action="evidence.add").order_by("seq")
    assert [e.chain for e in events] == [f"agency:{case_a.agency_id}"] * 2
    assert events[0].after["sha256"] == digest


def test_exe_renamed_jpg_is_refused_and_nothing_is_stored(frozen, case_a, officer_a, media):
    before = state()
    with pytest.raises(ActionError) as err:
        add_evidence(case_a, kind="physical", title="照片", upload=Upload(EXE, "photo.jpg"), acting_user=officer_a)
    assert "不支持的文件类型" in err.value.zh
    assert "not accepted" in err.value.en
    assert state() == before
    assert blob_files(media) == []


def test_oversized_upload_is_refused_and_nothing_is_stored(frozen, case_a, officer_a, media, settings):
    settings.YIFA_UPLOAD_LIMITS = {"jpeg": 500}
    before = state()
    with pytest.raises(ActionError, match="超过大小限制"):
        add_evidence(case_a, kind="physical", title="照片", upload=Upload(JPEG, "a.jpg"), acting_user=officer_a)
    assert state() == before
    assert blob_files(media) == []


def test_evidence_without_file_and_by_the_head(frozen, case_a, head_a):
    ev = add_evidence(case_a, kind="witness", title="证人证言（口头）", upload=None, acting_user=head_a)
    assert ev.file is None
    assert ev.sha256 == ""
    assert ev.collected_on == dt.date(2026, 5, 6)


@pytest.mark.parametrize("status", ["archived", "closed", "not_opened"])
def test_case_not_open_refuses_evidence(frozen, case_a, officer_a, media, status):
    case_a.status = status
    case_a.save()
    before = state()
    with pytest.raises(ActionError) as err:
        add_evidence(case_a, kind="physical", title="照片", upload=Upload(JPEG, "a.jpg"), acting_user=officer_a)
    assert ("已归档" in err.value.zh) == (status == "archived")
    assert state() == before
    assert blob_files(media) == []


def test_only_assigned_certified_officers_or_the_head(frozen, case_a, officer_a, officer_b, head_a, agency_a, media):
    from tests.conftest import make_user
    from yifa.cases.models import CaseOfficer
    from yifa.registry.models import Officer

    up = Upload(PNG, "a.png")
    before = state()
    with pytest.raises(NotFound):  # another agency's case: as if it did not exist
        add_evidence(case_a, kind="physical", title="x", upload=up, acting_user=officer_b)
    colleague = make_user("colleague", "officer", agency=agency_a)
    with pytest.raises(Forbidden):  # same agency, not assigned
        add_evidence(case_a, kind="physical", title="x", upload=up, acting_user=colleague)
    legal = make_user("legal", "legal_reviewer", agency=agency_a)
    with pytest.raises(Forbidden):
        add_evidence(case_a, kind="physical", title="x", upload=up, acting_user=legal)
    CaseOfficer.objects.filter(case=case_a).update(recused=True)
    with pytest.raises(Forbidden):  # recused
        add_evidence(case_a, kind="physical", title="x", upload=up, acting_user=officer_a)
    CaseOfficer.objects.filter(case=case_a).update(recused=False)
    Officer.objects.filter(pk=officer_a.officer_id).update(valid_until=dt.date(2026, 5, 5))
    officer_a.refresh_from_db()
    with pytest.raises(ActionError) as err:  # certificate expired yesterday
        add_evidence(case_a, kind="physical", title="x", upload=up, acting_user=officer_a)
    assert err.value.rule == "行政处罚法第四十二条"
    with pytest.raises(ActionError, match="第四十六条"):
        add_evidence(case_a, kind="hearsay", title="x", upload=up, acting_user=head_a)
    assert state() == before
    assert blob_files(media) == []
    add_evidence(case_a, kind="physical", title="x", upload=up, acting_user=head_a)
    assert Evidence.objects.count() == before[0] + 1


def test_failed_transaction_leaves_no_orphan_blob(frozen, case_a, officer_a, media, monkeypatch):
    import yifa.evidence.actions as actions

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(actions, "record", broken)
    before = state()
    with pytest.raises(RuntimeError):
        add_evidence(case_a, kind="physical", title="照片", upload=Upload(JPEG, "a.jpg"), acting_user=officer_a)
    assert state() == before
    assert blob_files(media) == []
    assert storage.orphan_blobs() == []


def test_orphan_blobs_are_found(frozen, case_a, officer_a, media):
    add_evidence(case_a, kind="physical", title="照片", upload=Upload(JPEG, "a.jpg"), acting_user=officer_a)
    stray = storage.sha256_of(PNG)
    storage.write_blob(stray, PNG)
    assert storage.orphan_blobs() == [storage.blob_path(stray)]


# --- preservation (APL art. 56) --------------------------------------------------------


@pytest.fixture
def after_national_day():
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, 0, tzinfo=SH), tick=False):
        yield


def test_preservation_deadline_spans_the_2026_national_day_holiday(after_national_day, case_a, officer_a, head_a):
    # Preserved Wed 30 Sep 2026. 1–7 Oct are holidays; working days then: Thu 8, Fri 9,
    # Sat 10 (a make-up working day), Mon 12, Tue 13, Wed 14, Thu 15 → due Thu 15 Oct.
    p = record_preservation(
        case_a, items="过期面包 120 袋", reason="当事人可能转移、销毁", preserved_on=dt.date(2026, 9, 30),
        acting_user=officer_a, approved_by=head_a, location="当事人仓库",
    )
    assert p.decision_due == dt.date(2026, 10, 15)
    assert (p.approved_by, p.recorded_by, p.due_rule) == (head_a, officer_a, "APL_PRESERVATION")
    event = AuditEvent.objects.get(action="evidence.preserve")
    assert event.after["decision_due"] == "2026-10-15"


def test_preservation_needs_the_heads_approval(after_national_day, case_a, officer_a, head_a, officer_b, agency_a):
    from tests.conftest import make_user

    args = dict(items="过期面包", reason="可能灭失", preserved_on=dt.date(2026, 10, 19))
    before = state()
    with pytest.raises(ActionError) as err:
        record_preservation(case_a, acting_user=officer_a, **args)
    assert err.value.rule == "行政处罚法第五十六条"
    other_head = make_user("head_b", "agency_head", agency=officer_b.agency)
    for approver in (officer_a, other_head, make_user("admin_a", "agency_admin", agency=agency_a)):
        with pytest.raises(ActionError, match="负责人批准"):
            record_preservation(case_a, acting_user=officer_a, approved_by=approver, **args)
    assert state() == before
    p = record_preservation(case_a, acting_user=head_a, **args)  # the head approves by acting
    assert p.approved_by == head_a
    assert p.decision_due == dt.date(2026, 10, 28)


def test_preservation_decision_records_whether_in_time(after_national_day, case_a, officer_a, head_a):
    def preserve():
        return record_preservation(case_a, items="过期面包", reason="可能灭失", preserved_on=dt.date(2026, 9, 30),
                                   acting_user=head_a)

    on_time, late = preserve(), preserve()
    on_time = decide_preservation(on_time, decision="confiscation", decided_on=dt.date(2026, 10, 15), acting_user=officer_a)
    late = decide_preservation(late, decision="return", decided_on=dt.date(2026, 10, 16), acting_user=officer_a)
    assert on_time.decided_in_time is True
    assert late.decided_in_time is False
    assert on_time.decided_by == officer_a
    before = state()
    with pytest.raises(ActionError, match="已作出处理决定"):
        decide_preservation(late, decision="transfer", decided_on=dt.date(2026, 10, 16), acting_user=officer_a)
    with pytest.raises(ActionError):
        decide_preservation(preserve(), decision="destroy", decided_on=dt.date(2026, 10, 16), acting_user=officer_a)
    assert state()[2] == before[2] + 1  # only the third preserve() wrote
    event = AuditEvent.objects.filter(action="evidence.preservation_decide").order_by("seq").last()
    assert event.before["decision"] == ""
    assert event.after["decided_in_time"] is False

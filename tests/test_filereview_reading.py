"""A cross-reviewer opens the sampled file (issue 12 item 3): the reviewer assigned to a sampled case
of another agency reads its page, its file index and its evidence — read-only, only while the
review is open, each read on the case's audit trail; an unassigned reviewer and another agency's
officer still get 404 and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_filereview import _frozen, new_round, world  # noqa: F401 -- the fixtures
from yifa.audit.models import AuditEvent
from yifa.cases.models import Case
from yifa.evidence.models import Evidence
from yifa.evidence.storage import blob_guard, put
from yifa.filereview import actions
from yifa.filereview.models import FileReview

pytestmark = pytest.mark.django_db


def reads(case: Case) -> list[tuple[Any, Any]]:
    return list(AuditEvent.objects.filter(action="case.read", object_id=str(case.pk))
                .values_list("actor_id", "after"))


@pytest.fixture
def assigned(world, supervisor, agency_a, officer_a):  # noqa: F811 -- the fixture imported above
    new_round(supervisor)
    review = FileReview.objects.filter(agency=agency_a).select_related("case", "reviewer").order_by("pk").first()
    with transaction.atomic(), blob_guard():
        stored = put(b"witness statement\n")
    Evidence.objects.create(case=review.case, kind="documentary", title="询问笔录", collected_on=review.case.registered_on,
                            collected_by=officer_a, file=stored, original_name="a.txt", sha256=stored.sha256)
    return review


def test_the_assigned_reviewer_reads_the_file_read_only_and_each_read_is_on_the_trail(assigned, world):  # noqa: F811
    case, reviewer = assigned.case, assigned.reviewer
    assert reviewer == world["rev_b"]
    assert case.agency_id != reviewer.agency_id
    c = client_for(reviewer)
    page = c.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="review-read-only"' in html
    assert case.title in html
    assert 'data-testid="case-steps"' not in html
    assert 'data-testid="audit-link"' not in html
    assert c.get(f"/cases/{case.pk}/file/").status_code == 200
    download = c.get(f"/cases/{case.pk}/files/{assigned.case.evidence.get().sha256}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"witness statement\n"
    grant = f"filereview.FileReview#{assigned.pk}"
    assert reads(case) == [(reviewer.pk, {"grant": grant, "read_only": True})] * 3
    # The review page links to the file.
    assert f'href="/cases/{case.pk}/"' in c.get(f"/filereview/files/{assigned.pk}/").content.decode()
    # Read-only: a step, an upload or a document is the same 404 as for anyone else, and nothing changes.
    with assert_unchanged():
        assert c.post(f"/cases/{case.pk}/steps/archive/", {"version": case.version}).status_code == 404
        assert c.post(f"/cases/{case.pk}/evidence/", {"kind": "documentary", "title": "x"}).status_code == 404
        assert c.post(f"/cases/{case.pk}/documents/case_opening/").status_code == 404
    # Not on the reviewer's lists.
    assert str(case.title) not in c.get("/cases/").content.decode()


def test_others_still_get_404_and_nothing_is_written(assigned, world, officer_b, agency_a):  # noqa: F811
    case = assigned.case
    other_case = Case.objects.filter(agency=agency_a, status="closed").exclude(
        pk__in=FileReview.objects.values("case_id")).first()
    rev_a = world["rev_a"]
    for user, pk in ((officer_b, case.pk), (assigned.reviewer, other_case.pk)):  # not assigned to that case
        c = client_for(user)
        with assert_unchanged():
            for url in (f"/cases/{pk}/", f"/cases/{pk}/file/", f"/cases/{pk}/files/{case.evidence.get().sha256}/"):
                assert c.get(url).status_code == 404, (user, url)
    with assert_unchanged():
        assert client_for(rev_a).get(f"/cases/{case.pk}/").status_code == 200  # own agency: no grant, no read event
    assert reads(case) == []


def test_the_grant_ends_when_the_review_is_confirmed(assigned, supervisor):
    case, reviewer = assigned.case, assigned.reviewer
    actions.score(assigned, marks={}, acting_user=reviewer)
    assert client_for(reviewer).get(f"/cases/{case.pk}/").status_code == 200  # scored: still open
    actions.confirm(FileReview.objects.get(pk=assigned.pk), acting_user=supervisor)
    with assert_unchanged():
        assert client_for(reviewer).get(f"/cases/{case.pk}/").status_code == 404
        assert client_for(reviewer).get(f"/cases/{case.pk}/file/").status_code == 404

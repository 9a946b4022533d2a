"""Excel import and export pages: thin views over the exporter and the importer."""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from yifa.accounts.requests import signed_in
from yifa.lib.errors import ActionError
from yifa.registry import access
from yifa.transfer.export import write_registry
from yifa.transfer.importer import ImportResult, import_registry
from yifa.transfer.kinds import KINDS, Kind
from yifa.transfer.reading import MAX_BYTES, MAX_ROWS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel文件（.xlsx）")
    dry_run = forms.BooleanField(label="仅检查，不写入", required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"文件超过{MAX_BYTES // 1024 // 1024}MB，请分批导入。 / The file is too large."
            )
        return upload


def _staff_only(request: HttpRequest) -> None:
    if not access.is_staff_user(request.user):
        raise PermissionDenied("仅限工作人员 / Staff only")


def _kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("没有这种登记表 / No such registry") from None


def _page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    context = {
        "kinds": list(KINDS.values()),
        # Import controls only for the kinds this user could write (not for field officers).
        "importable": {k.slug for k in KINDS.values() if access.may_write_some(request.user, k.model)},
        "form": UploadForm(),
        "max_mb": MAX_BYTES // 1024 // 1024,
        "max_rows": MAX_ROWS,
        **extra,
    }
    return render(request, "transfer/index.html", context, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    return _page(request)


@login_required
@require_GET
def download(request: HttpRequest, kind: str) -> FileResponse:
    _staff_only(request)
    spec = _kind(kind)
    # openpyxl's write-only mode streams rows into a temporary file, not into memory.
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    write_registry(spec, signed_in(request), out)
    out.seek(0)
    name = f"{spec.label}-{timezone.localdate().isoformat()}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)


@login_required
@require_POST
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    _staff_only(request)
    spec = _kind(kind)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, 400, active=spec, form=form)
    try:
        result: ImportResult = import_registry(
            spec, form.cleaned_data["file"], signed_in(request), dry_run=form.cleaned_data["dry_run"]
        )
    except ActionError as err:
        return _page(request, err.status, active=spec, failure=err)
    return _page(request, 200 if result.ok else 400, active=spec, result=result)

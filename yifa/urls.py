from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from yifa.api.main import api
from yifa.portal.api import open_api


def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial view: liveness probe, and the baseline for `make bench`."""
    return HttpResponse("ok", content_type="text/plain")


handler500 = "yifa.web.middleware.server_error"

urlpatterns = [
    path("healthz", healthz),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("transfer/", include("yifa.transfer.urls")),
    path("cases/", include("yifa.cases.urls")),
    path("coercion/", include("yifa.coercion.urls")),
    path("inspections/", include("yifa.inspections.urls")),
    path("licensing/", include("yifa.licensing.urls")),
    path("complaints/", include("yifa.complaints.urls")),
    path("evaluate/", include("yifa.complaints.urls_evaluate")),
    path("enforcement/", include("yifa.enforcement.urls")),
    path("randomcheck/", include("yifa.randomcheck.urls")),
    path("fines/", include("yifa.fines.urls")),
    path("disclosure/", include("yifa.disclosure.urls")),
    path("supervision/", include("yifa.supervision.urls")),
    path("filing/", include("yifa.filing.urls")),
    path("spotchecks/", include("yifa.filing.spot_urls")),
    path("filereview/", include("yifa.filereview.urls")),
    path("accountability/", include("yifa.accountability.urls")),
    path("evaluation/", include("yifa.evaluation.urls")),
    path("portal/circulars/", include("yifa.evaluation.urls_public")),
    path("portal/", include("yifa.portal.urls")),
    path("open/", open_api.urls),
    path("", include("yifa.staff.urls")),
    path("", include("yifa.web.urls")),
]

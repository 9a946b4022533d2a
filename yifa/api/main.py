"""The JSON API (django-ninja): OpenAPI at /api/openapi.json, interactive docs at /api/docs.

Session authentication (the same login as the UI, CSRF-protected for writes).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.security import django_auth

from yifa.api import calendar, errors, registry
from yifa.api.openapi import DocumentedAPI
from yifa.lib.errors import Forbidden
from yifa.registry.access import is_staff_user


class StaffSession(type(django_auth)):  # type: ignore[misc]
    """A logged-in member of enforcement or supervision staff; the public has no API here."""

    def authenticate(self, request: HttpRequest, key: str | None) -> object | None:
        user = super().authenticate(request, key)
        if user is not None and not is_staff_user(user):
            raise Forbidden("公众账号不能使用内部接口。", "Public accounts cannot use the internal API.")
        return user


def staff_only_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI document and its docs page need the same login as the API they describe."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.path.endswith(".json"):
                body = {"message": "请先登录。", "message_en": "Log in first.", "field": None, "rule": None}
                return JsonResponse(body, status=401, json_dumps_params={"ensure_ascii": False})
            return redirect_to_login(request.get_full_path())
        if not is_staff_user(request.user):
            body = {"message": "公众账号不能使用内部接口。", "message_en": "Public accounts cannot use the internal API.",
                    "field": None, "rule": None}
            return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False})
        return view(request, *args, **kwargs)

    return guarded


api = DocumentedAPI(title="依法 Yifa API", version="1", urls_namespace="api", auth=StaffSession(),
                    docs_decorator=staff_only_docs)
errors.install(api)
api.add_router("/registry", registry.router)
api.add_router("/calendar", calendar.router)
# Before the steps' router: its /cases/{pk} would otherwise take /cases/simple.
api.add_router("/cases", "yifa.cases.api_more.router")
api.add_router("/cases", "yifa.cases.api.router")
api.add_router("/files", "yifa.cases.api.files_router")
api.add_router("/coercion", "yifa.coercion.api.router")
api.add_router("/inspections", "yifa.inspections.api.router")
api.add_router("/licensing", "yifa.licensing.api.router")
api.add_router("/complaints", "yifa.complaints.api.router")
api.add_router("/enforcement", "yifa.enforcement.api.router")
api.add_router("/randomcheck", "yifa.randomcheck.api.router")
api.add_router("/fines", "yifa.fines.api.router")
api.add_router("/supervision", "yifa.supervision.api.router")
api.add_router("/filing", "yifa.filing.api.router")
api.add_router("/filereview", "yifa.filereview.api.router")
api.add_router("/evaluation", "yifa.evaluation.api.router")
api.add_router("/accountability", "yifa.accountability.api.router")

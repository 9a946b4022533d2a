"""The JSON API (django-ninja): OpenAPI at /api/openapi.json, interactive docs at /api/docs.

Session authentication (the same login as the UI, CSRF-protected for writes).
"""

from django.http import HttpRequest
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


api = DocumentedAPI(title="依法 Yifa API", version="1", urls_namespace="api", auth=StaffSession())
errors.install(api)
api.add_router("/registry", registry.router)
api.add_router("/calendar", calendar.router)
api.add_router("/cases", "yifa.cases.api.router")
api.add_router("/files", "yifa.cases.api.files_router")
api.add_router("/coercion", "yifa.coercion.api.router")
api.add_router("/inspections", "yifa.inspections.api.router")
api.add_router("/licensing", "yifa.licensing.api.router")

"""A login with a generated one-time password (`User.must_change_password`) can do nothing but
choose its own password: every page leads to the change-password page (yifa.staff.views
.password_change) until it is done; an API call is refused with 403. Signing out, switching the
language and static files stay open."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequired:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            target = reverse("staff:password")
            open_paths = (target, reverse("logout"), "/i18n/", settings.STATIC_URL)
            if not request.path.startswith(open_paths):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "请先修改一次性密码。 Change your one-time password first.",
                                         "code": "password_change_required"}, status=403)
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

"""Template context shared by every internal page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"role_label": user.get_role_display() if user and user.is_authenticated else ""}

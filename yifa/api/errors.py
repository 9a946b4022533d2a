"""How refusals look in the API: the same bilingual message the UI shows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from yifa.lib.bounds import refusal_of
from yifa.lib.errors import ActionError


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ActionError)
    def action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def bad_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "payload", "query"))
        refusal = refusal_of(first, where, where)
        if refusal is not None:  # a bilingual check of yifa.lib.bounds
            return api.create_response(request, refusal.as_dict() | {"detail": exc.errors}, status=422)
        body = {
            "message": f"输入有误：{where} {first.get('msg', '')}".strip(),
            "message_en": f"Invalid input: {where} {first.get('msg', '')}".strip(),
            "field": where or None, "rule": None, "detail": exc.errors,
        }
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {"message": "请先登录。", "message_en": "Log in first.", "field": None, "rule": None}
        return api.create_response(request, body, status=401)

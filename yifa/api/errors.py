"""How refusals look in the API: the same bilingual message the UI shows."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from yifa.lib.bounds import refusal_of
from yifa.lib.errors import ActionError


class ErrorOut(Schema):
    """A refusal: one sentence in each language; nothing has changed."""

    message: str = Field(description="中文说明")
    message_en: str = Field(description="English")
    field: str | None = Field(description="出错的输入项 (the input at fault)")
    rule: str | None = Field(description="拒绝所依据的条款 (the article that refuses), e.g. 行政处罚法第四十二条")


class ValidationErrorOut(ErrorOut):
    """Input that does not fit the operation's schema (422): the first fault in words, all in `detail`."""

    detail: list[dict[str, Any]] = Field(description="每一处不符 (every fault, as pydantic reports it)")


ERROR_SCHEMAS: dict[str, type[Schema]] = {"ErrorOut": ErrorOut, "ValidationErrorOut": ValidationErrorOut}
#: What every operation may answer besides its success (documented on each by yifa.api.openapi).
ERROR_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("拒绝：输入或状态不符合规定，未作任何更改 (refused: nothing changed)", "ErrorOut"),
    401: ("未登录 (not logged in)", "ErrorOut"),
    403: ("无权办理，或公众账号、CSRF 校验失败 (not allowed; public account; CSRF check failed)", "ErrorOut"),
    404: ("记录不存在或不属于您可见的范围 (no such record, or not yours)", "ErrorOut"),
    422: ("输入不符合接口格式 (input does not fit the schema)", "ValidationErrorOut"),
}


def _body(zh: str, en: str) -> dict[str, str | None]:
    return {"message": zh, "message_en": en, "field": None, "rule": None}


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
        return api.create_response(request, _body("请先登录。", "Log in first."), status=401)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, _body("记录不存在。", "No such record."), status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        """ninja's own refusals (the CSRF check: 403) in the same bilingual shape."""
        if exc.status_code == 403:
            body = _body("请求未通过 CSRF 校验，请刷新页面后重试。", f"Refused: {exc.message}.")
        else:
            body = _body(f"请求被拒绝：{exc.message}", f"Refused: {exc.message}")
        return api.create_response(request, body, status=exc.status_code)

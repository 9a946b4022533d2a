"""The page language: Chinese unless the user chose English (remembered in a cookie).

Django's LocaleMiddleware follows the browser's Accept-Language, so an officer on a browser set
to English got an English Yifa without asking. Yifa is a Chinese government system: the
language is Chinese by default whatever the browser says, English only when picked (the language
switch posts to /i18n/setlang/, which sets the cookie for a year: LANGUAGE_COOKIE_AGE).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def chosen_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    known = {code for code, _ in settings.LANGUAGES}
    return chosen if chosen in known else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

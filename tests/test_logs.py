"""Clean server logs: a refusal is one line, a server error keeps its traceback, and every line
carries its time in one zone, the same way in Django's and gunicorn's lines."""

from __future__ import annotations

import io
import logging
import runpy
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import client_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def console() -> io.StringIO:
    """The console handler Django configured from settings.LOGGING, writing to a buffer."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    buffer = io.StringIO()
    old = handler.stream  # not setStream(): it flushes the old stream, which pytest may have closed
    handler.stream = buffer
    yield buffer
    handler.stream = old


def test_a_403_is_one_log_line(console, citizen):
    response = client_for(citizen).get("/transfer/")
    assert response.status_code == 403
    lines = console.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "Forbidden" in lines[0]
    assert "Traceback" not in console.getvalue()


def test_a_server_error_keeps_its_traceback(console):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.error("Internal Server Error: /x", exc_info=True, extra={"status_code": 500})
    assert "Traceback" in console.getvalue()
    assert "RuntimeError: boom" in console.getvalue()


def test_log_lines_start_with_an_iso_time_in_the_deployment_zone(console):
    logging.getLogger("yifa.test").warning("hello")
    line = console.getvalue().strip()
    stamp = line.split(" ", 1)[0]
    assert stamp.endswith("+0800"), line  # TIME_ZONE is Asia/Shanghai
    assert line.endswith("WARNING yifa.test: hello")


def test_gunicorn_logs_in_the_same_zone_and_format(monkeypatch):
    monkeypatch.delenv("YIFA_LOG_TZ", raising=False)
    conf = runpy.run_path(str(ROOT / "yifa" / "gunicorn.conf.py"))
    try:
        assert settings.TIME_ZONE == "Asia/Shanghai"
        import os

        assert os.environ["TZ"] == settings.TIME_ZONE
        django_line = settings.LOGGING["formatters"]["line"]
        assert conf["logconfig_dict"]["formatters"]["line"] == django_line
        assert "%(t)s" not in conf["access_log_format"], "the time comes once, from the formatter"
    finally:
        import time

        time.tzset()

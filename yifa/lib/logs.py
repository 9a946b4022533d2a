"""Server log lines: one line for a refused request, one time zone on every line.

Django logs a 403 (PermissionDenied, a CSRF failure, a disallowed host) with the exception attached,
so the console printed a whole traceback for what is an ordinary refusal. `RefusalsOnOneLine`
drops the traceback of any record about a response below 500; server errors keep theirs.
"""

from __future__ import annotations

import logging

# ISO 8601 with the offset, so a line from gunicorn's master, a worker and the scheduled worker
# read alike (all run with TZ set to the deployment's zone: see yifa/gunicorn.conf.py).
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and int(status) < 500:
            record.exc_info = None
            record.exc_text = None
        return True

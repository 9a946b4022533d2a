"""gunicorn settings for Yifa (`gunicorn -c yifa/gunicorn.conf.py yifa.wsgi:application`).

Django sets the process's TZ to TIME_ZONE when a worker loads the application, but gunicorn's
master never loads it: its lines were in the machine's zone (UTC) and the workers' in Beijing time.
Setting TZ here, before anything logs, puts every line of the master, the workers and the access
log in the deployment's zone, written the same ISO 8601 way as Django's own lines.
"""

import os
import time

os.environ["TZ"] = os.environ.get("YIFA_LOG_TZ", "Asia/Shanghai")  # = settings.TIME_ZONE
time.tzset()

access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'  # the time comes first, from the formatter
accesslog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
                            "datefmt": "%Y-%m-%dT%H:%M:%S%z"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

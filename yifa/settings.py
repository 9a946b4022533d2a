"""Settings, read from the environment (see README: 配置 / Configuration)."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("YIFA_HOME", BASE_DIR.parent)).resolve()
VAR_DIR = Path(os.environ.get("YIFA_VAR", HOME / "var"))


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """From YIFA_SECRET_KEY, else YIFA_SECRET_KEY_FILE, else a file created once under var/."""
    if key := os.environ.get("YIFA_SECRET_KEY"):
        return key
    path = Path(os.environ.get("YIFA_SECRET_KEY_FILE", VAR_DIR / "secret_key"))
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = _env_flag("YIFA_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("YIFA_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
]
if os.environ.get("YIFA_TESTING"):
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",  # serves Swagger UI from its own static files, not a CDN
    "django_q",  # scheduled work (audit seals …) on the database itself: docs/architecture.md
    "yifa.accounts",
    "yifa.audit",
    "yifa.registry",
    "yifa.law",
    "yifa.workcal",
    "yifa.discretion",
    "yifa.workflow",
    "yifa.cases",
    "yifa.evidence",
    "yifa.documents",
    "yifa.licensing",
    "yifa.coercion",
    "yifa.inspections",
    "yifa.complaints",
    "yifa.enforcement",
    "yifa.randomcheck",
    "yifa.fines",
    "yifa.disclosure",
    "yifa.supervision",
    "yifa.filing",
    "yifa.filereview",
    "yifa.accountability",
    "yifa.evaluation",
    "yifa.portal",
    "yifa.staff",
    "yifa.demo",
    "yifa.transfer",
    "yifa.web",
    "yifa.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yifa.web.language.ChosenLanguageMiddleware",  # Chinese unless English was picked
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "yifa.web.middleware.SecurityHeadersMiddleware",
    "yifa.portal.middleware.PublicPortalMiddleware",
    "yifa.staff.middleware.PasswordChangeRequired",  # a one-time password is changed first
    "yifa.web.middleware.DatabaseUnwritableMiddleware",
]

ROOT_URLCONF = "yifa.urls"
WSGI_APPLICATION = "yifa.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with each pattern's shape remembered (yifa/web/templatetags/yifa_url.py).
            "builtins": ["yifa.web.templatetags.yifa_url"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yifa.web.context.navigation",
            ]
        },
    }
]

# Django's form renderer with the common widget templates written out in Python (the same HTML;
# a long <select> was most of a page's CPU): yifa/lib/formrender.py.
FORM_RENDERER = "yifa.lib.formrender.FastWidgets"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("YIFA_DATABASE_URL", f"sqlite:///{VAR_DIR / 'yifa.db'}"),
        conn_max_age=int(os.environ.get("YIFA_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend with each statement's parameter conversion remembered (yifa/lib/sqlite).
    DATABASES["default"]["ENGINE"] = "yifa.lib.sqlite"
    # IMMEDIATE takes the write lock at BEGIN, so two writers never both read a stale
    # audit-chain head; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not shared-cache memory, so concurrent-writer tests see real SQLite locking.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.db")}
elif _env_flag("YIFA_DB_POOL") and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL through Django's connection pool (psycopg_pool): each process keeps between
    # min and max connections open and lends one to each request, instead of one connection per
    # thread held for CONN_MAX_AGE. Django refuses persistent connections beside the pool, so
    # CONN_MAX_AGE is 0 here whatever YIFA_CONN_MAX_AGE says. A request that waits longer than
    # the timeout (seconds) for a free connection fails rather than hanging.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("YIFA_DB_POOL_MIN", "1")),
        "max_size": int(os.environ.get("YIFA_DB_POOL_MAX", "4")),
        "timeout": float(os.environ.get("YIFA_DB_POOL_TIMEOUT", "10")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("YIFA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# Lock the pair (account, source address): someone guessing at an official's name from
# elsewhere locks only themselves out, never the official (locking by account alone lets anyone
# lock anyone out); and a county's offices behind one NAT address are not all locked by one
# person's typos (locking by address alone). README, "安全 / Security".
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy every request comes from the proxy: with YIFA_PROXY_COUNT=1 the source
# is the client address the proxy appends to X-Forwarded-For (the proxy must set, not pass on, it).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("YIFA_PROXY_COUNT", "0")) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # HSTS preload: a government intranet host name cannot be on browsers' public preload list;
    # YIFA_HSTS_PRELOAD=1 for a public site that has submitted itself.
    "security.W021",
]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
# A working day by default: a session left open on a shared office computer ends by itself.
SESSION_COOKIE_AGE = int(os.environ.get("YIFA_SESSION_AGE", str(8 * 3600)))  # seconds

# Deployments behind HTTPS (YIFA_HTTPS=1): redirect http to https, send HSTS, mark cookies
# Secure. Each can be set on its own; YIFA_PROXY_SSL_HEADER=1 trusts the proxy's
# X-Forwarded-Proto (only when the proxy always sets it itself).
HTTPS = _env_flag("YIFA_HTTPS")
SECURE_SSL_REDIRECT = _env_flag("YIFA_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("YIFA_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("YIFA_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = _env_flag("YIFA_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_flag("YIFA_SECURE_COOKIES", HTTPS)
if _env_flag("YIFA_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's liveness probe may speak plain http
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the choice of English is remembered
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("YIFA_STATIC_ROOT", HOME / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# The audit seals' signing key and public keyring (yifa/audit/keys.py): files, never the database.
AUDIT_KEY_DIR = Path(os.environ.get("YIFA_AUDIT_KEY_DIR", VAR_DIR / "audit-keys"))

# django-q2 with its database ("orm") broker: the queue lives in Yifa's own database, so the
# worker (`yifa qcluster`, started by `make run`) needs no other service. One worker process is
# plenty for hourly work; several clusters at once stay correct (each scheduled task is
# compare-and-set, docs/architecture.md "Scheduled work").
Q_CLUSTER = {
    "name": "yifa",
    "orm": "default",
    "workers": int(os.environ.get("YIFA_WORKERS", "1")),
    "timeout": 600,
    "retry": 900,  # must exceed timeout
    "max_attempts": 3,
    "catch_up": False,  # after downtime, one seal now rather than one per missed hour
    "poll": 2,
    "save_limit": 500,
    "label": "计划任务 / Scheduled tasks",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
                            "datefmt": "%Y-%m-%dT%H:%M:%S%z"}},  # = yifa.lib.logs, one zone: TIME_ZONE
    "filters": {"refusals_on_one_line": {"()": "yifa.lib.logs.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line",
                             "filters": ["refusals_on_one_line"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("YIFA_LOG_LEVEL", "WARNING")},
}

# Inputs within reason (yifa.lib.bounds). Not law, so settings rather than LegalParameter rows:
# the largest amount of money accepted (yuan; never above what the columns hold, 999,999,999,999.99;
# the default is above the largest administrative fine ever imposed in China, 18.2 billion yuan),
# the window of years around today a record's dates may lie in, and the longest period the
# calculator counts.
YIFA_MONEY_MAX = os.environ.get("YIFA_MONEY_MAX", "100000000000.00")
YIFA_DATE_PAST_YEARS = int(os.environ.get("YIFA_DATE_PAST_YEARS", "50"))
YIFA_DATE_FUTURE_YEARS = int(os.environ.get("YIFA_DATE_FUTURE_YEARS", "30"))
YIFA_PERIOD_MAX_DAYS = int(os.environ.get("YIFA_PERIOD_MAX_DAYS", "3660"))
MIDDLEWARE += ["yifa.lib.bounds.QueryGuard"]  # query strings with control characters: 400

# Public forms (complaints, evaluation): attempts per client IP and window, counted in the cache.
# The default cache is per process (locmem): with several server processes set YIFA_CACHE_DIR
# (a file-based cache shared by the processes of one host) so the limit holds across them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("YIFA_CACHE_DIR"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                         "LOCATION": os.environ["YIFA_CACHE_DIR"]}
# Bytes of whole public answers (the decisions' pages and open data) kept per process; 0: none.
YIFA_PAGE_CACHE_BYTES = int(os.environ.get("YIFA_PAGE_CACHE_BYTES", str(32 * 1024 * 1024)))
YIFA_PUBLIC_RATE_LIMIT = int(os.environ.get("YIFA_PUBLIC_RATE_LIMIT", "10"))  # POSTs per window per IP
YIFA_PUBLIC_RATE_WINDOW = int(os.environ.get("YIFA_PUBLIC_RATE_WINDOW", "3600"))  # seconds
YIFA_COMPLAINT_MAX_FILES = int(os.environ.get("YIFA_COMPLAINT_MAX_FILES", "3"))
YIFA_COMPLAINT_FILE_MAX = int(os.environ.get("YIFA_COMPLAINT_FILE_MAX", str(5 * 1024 * 1024)))  # bytes
# The 12345 hotline's bearer token for POST /api/complaints/hotline (empty: the endpoint refuses all).
YIFA_HOTLINE_TOKEN = os.environ.get("YIFA_HOTLINE_TOKEN", "")

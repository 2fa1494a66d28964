"""Settings of the GCM Review Portal, read from the environment.

Every value that differs between a laptop and production comes from an
environment variable, parsed by the small helpers below, which fail loudly on
a value they cannot read. A secret may also come from a file named by
``<NAME>_FILE`` (Docker and systemd credentials).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gcm_portal import storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def read_env_file(path: Path) -> None:
    """Take KEY=VALUE lines of a local .env (made by `make` for development) as defaults."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


read_env_file(BASE_DIR / ".env")


def env_str(name: str, default: str = "") -> str:
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def development_secret_key() -> str:
    """A random key kept under var/, so sessions survive a restart of runserver."""
    path = VAR_DIR / "development-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE), "
            "or DEBUG=1 for development."
        )
    SECRET_KEY = development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# The portal's address in e-mails sent outside a request (digests, by the worker),
# e.g. https://gcm.example.org; empty: https:// and the first of ALLOWED_HOSTS.
SITE_URL = env_str("SITE_URL")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "import_export",
    "rosetta",
    "gcm_portal.apps.SignInAttemptsConfig",
    "simple_history",
    "django_tasks",
    "gcm_portal.apps.BackgroundTasksConfig",
    "objectives",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gcm_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gcm_portal.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gcm_portal.urls"
WSGI_APPLICATION = "gcm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under var/ when DATABASE_URL is unset: a first run needs no server.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so a read-check-write (the
    # version check of a save) cannot interleave with another writer.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reviews:home"
LOGOUT_REDIRECT_URL = "objectives:home"
# An invitation link (a password-reset token) is valid once, for this long.
PASSWORD_RESET_TIMEOUT = env_int("INVITATION_VALID_DAYS", 7) * 24 * 60 * 60

# Sign-in throttling: after 5 failures for a user name from one address, that
# pair waits an hour; other people at the same ministry can still sign in.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind the TLS proxy every request comes from the proxy's address. With
# TRUSTED_PROXY_COUNT set to the number of proxies in front of the portal
# (usually 1), the client's address is the one the outermost of them wrote into
# X-Forwarded-For (gcm_portal.throttle.client_address); at 0 the header is
# ignored, as it must be when nothing in front of the portal rewrites it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "gcm_portal.throttle.client_address"

# Password reset e-mails and invitation resends: at most this many an hour from
# one client address, and to one account.
RATE_LIMIT_PER_ADDRESS = env_int("RATE_LIMIT_PER_ADDRESS", 5)
RATE_LIMIT_PER_ACCOUNT = env_int("RATE_LIMIT_PER_ACCOUNT", 3)
RATE_LIMIT_PERIOD_SECONDS = 60 * 60
# The rate limits count here: a table every worker process shares (a
# per-process memory cache would let each worker allow the limit again).
# `migrate` creates it (gcm_portal.apps).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gcm_cache",
    },
    # Whole pages kept for their next reading (reviews.pagecache), each with the
    # stamps of what it shows, read from the database on every request: each
    # process's own memory is enough and never stale. PAGE_CACHE_ENTRIES: pages kept
    # per process (a Mexico-sized consolidation page is about 700 KB); 0 keeps none.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gcm-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 150)},
    }
    if env_int("PAGE_CACHE_ENTRIES", 150)
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
# The same pages shared by the processes of one gunicorn, behind each one's own: a
# page one of them made is read from this table by the others rather than made
# again. gunicorn.conf.py names a new generation of them at every start and reload,
# so no page made by earlier code is read; without one (runserver, tests, a
# gunicorn started with --preload) nothing is shared. `migrate` creates the table.
PAGE_CACHE_GENERATION = os.environ.get("PAGE_CACHE_GENERATION", "")
CACHES["pages_shared"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "gcm_pages",
    "KEY_PREFIX": PAGE_CACHE_GENERATION,
    "OPTIONS": {"MAX_ENTRIES": 4 * env_int("PAGE_CACHE_ENTRIES", 150)},
}
PAGE_CACHE_SHARED = bool(
    PAGE_CACHE_GENERATION
    and env_int("PAGE_CACHE_ENTRIES", 150)
    and env_bool("PAGE_CACHE_SHARED", default=True)
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Spanish is the portal's language until a user picks another (see
# gcm_portal.middleware); English is complete. Adding a language here is all a
# translator needs besides the .po file.
LANGUAGE_CODE = "es"
# Adding a language: its entry here, its catalogue (locale/<code>/) and the reference
# data's texts in it (each row's translations); no code, no migration.
LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# English dates as the UN writes them (25 January 2027); Spanish keeps Django's.
FORMAT_MODULE_PATH = ["gcm_portal.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# Attachments, import previews and report PDFs: under MEDIA_ROOT, or, with
# GCM_S3_BUCKET set, in a private bucket of an S3-compatible store that every
# node shares (gcm_portal/storage.py, docs/storage.md).
GCM_S3_BUCKET = env_str("GCM_S3_BUCKET")
STORAGES = {
    "default": (
        storage.s3(
            bucket=GCM_S3_BUCKET,
            endpoint_url=env_str("GCM_S3_ENDPOINT_URL"),
            region=env_str("GCM_S3_REGION"),
            access_key=env_str("AWS_ACCESS_KEY_ID"),
            secret_key=env_str("AWS_SECRET_ACCESS_KEY"),
            signed_url_seconds=env_int("GCM_S3_SIGNED_URL_SECONDS", 60),
        )
        if GCM_S3_BUCKET
        else {**storage.DISK}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The admin's imports keep the previewed file there too (not in this node's /tmp),
# so the confirmation may reach another node.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Spreadsheet imports run in one transaction: one bad row and nothing is saved.
# Long jobs (the national report's PDF) run in `manage.py db_worker`, queued in the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# GCM_TASKS_BACKEND=rq queues them in Redis (GCM_REDIS_URL) instead, for
# `manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default`
# (the scheduler runs the deferred tasks: the report jobs' lease watch).
GCM_TASKS_BACKEND = env_str("GCM_TASKS_BACKEND", "database")
GCM_REDIS_URL = env_str("GCM_REDIS_URL", "redis://127.0.0.1:6379/0")
# A report of a few hundred pages takes minutes: RQ's default (3 minutes) would kill it.
RQ_QUEUES = {"default": {"URL": GCM_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# The portal's worker also queues again the report jobs of a worker that died, each
# time it wakes (every 20 s when idle), and takes over a scheduler that died with it.
RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "gcm_portal.workers.Worker"}
if GCM_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif GCM_TASKS_BACKEND != "database":
    raise ImproperlyConfigured(
        f"GCM_TASKS_BACKEND must be database or rq, not {GCM_TASKS_BACKEND!r}"
    )
# A worker holds its report job for REPORT_LEASE_SECONDS and renews the hold while it
# renders; a hold left to expire (the worker stopped) queues the job again, up to
# REPORT_ATTEMPTS times in all, then the job fails with that reason.
REPORT_LEASE_SECONDS = env_int("REPORT_LEASE_SECONDS", 30)
REPORT_ATTEMPTS = env_int("REPORT_ATTEMPTS", 3)

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Retention (`manage.py prune_reports`, daily): the done reports kept of each draft's
# layout and language; a submitted review keeps its final ones, published PDFs stay.
REPORTS_KEPT_PER_DRAFT = env_int("REPORTS_KEPT_PER_DRAFT", 3)

# E-mail goes to the console unless SMTP is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gcm-portal@localhost")

# Security. Production (DEBUG off) gets secure cookies and HSTS by default;
# each can be turned off for a deployment behind plain HTTP on a closed network.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# A session ends after this long without a request; autosaves count, so
# someone typing is never signed out, and what is typed is kept in the browser.
# It is renewed at most every five minutes (IdleSessionMiddleware), not written
# on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_RENEW_SECONDS = 300
# Content-Security-Policy: the portal's own files only, no inline script or style.
SELF = "'self'"
# Translators edit the catalogues in the portal (django-rosetta, at /translations/):
# administrators and the "translators" group. No machine suggestions: the portal
# calls no outside service.
ROSETTA_ACCESS_CONTROL_FUNCTION = "gcm_portal.translators.may_translate"
ROSETTA_ENABLE_TRANSLATION_SUGGESTIONS = False
ROSETTA_SHOW_AT_ADMIN_PANEL = True
ROSETTA_MESSAGES_PER_PAGE = 25
ROSETTA_WSGI_AUTO_RELOAD = False
ROSETTA_UWSGI_AUTO_RELOAD = False
ROSETTA_LOGIN_URL = "/accounts/login/"
ROSETTA_POFILE_WRAP_WIDTH = 0  # as makemessages writes them here: small diffs

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes logs every sign-in at INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each rendering step at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

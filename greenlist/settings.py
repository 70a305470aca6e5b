"""The one settings module. Everything that differs between machines comes from the environment,
with embedded defaults that run the portal on SQLite with Celery executing tasks eagerly."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-development-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "rules.apps.AutodiscoverRulesConfig",  # imports every app's rules.py
    "django_filters",
    "django_htmx",
    "django_ratelimit",
    "simple_history",  # row history of reference and policy data edited in the admin
    "greenlist",
    "applications",
    "evaluations",
    "reviews",  # the review tables' migration history (0001–0009); no models of its own
    # The review stages, in pipeline order; each imports only the ones before it.
    "reviews.recommendation",
    "reviews.expert_review",
    "reviews.publication",
    "reviews.supervision",
    "reviews.lists",
    "greenlist.portal",  # dashboards, home, demo, the URL conf: may import every app above
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "greenlist.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records the request's user on each historical row, also for rows saved by admin inlines.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "greenlist.portal.urls"
WSGI_APPLICATION = "greenlist.wsgi.application"

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
                "greenlist.context_processors.navigation",
                "greenlist.context_processors.unread_notifications",
            ],
        },
    },
]

# PostgreSQL when DATABASE_URL is set (postgres://user@host:5432/name), else the embedded SQLite.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores SELECT … FOR UPDATE: take the write lock at BEGIN and wait for it, so a
    # double-click queues behind the first request instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "greenlist.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",  # the named permissions of each app's rules.py
    "greenlist.inbox.UnreadCountBackend",  # ModelBackend + the inbox's unread count with the user
    "greenlist.rules.GuardianBackend",  # guardian's per-object grants (declarations)
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Guardian: no anonymous user row; object permissions go to organisation groups.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# Chinese first, English second; dates render as 2026年4月15日 through Django's zh_Hans formats.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from the npm registry at setup and are served from node_modules (no CDN).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media-not-served/"
# Uploaded and generated documents: outside STATIC/MEDIA URLs, only served by permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

# Celery: eager (in-process) unless a broker is configured, so the portal runs with no services.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Fail fast when the broker is down: the change is committed already; the task is logged as lost.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"

# The cache holds the anonymous forms' rate-limit counters (django-ratelimit), so it must be shared
# by every web process: Redis when REDIS_URL is set or the Celery broker is Redis (its own key
# prefix), else process memory, which is enough for the single development process on SQLite.
REDIS_URL = env.str("REDIS_URL", default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                "KEY_PREFIX": "greenlist-cache"}
    if REDIS_URL else
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "greenlist"},
}
# django-ratelimit names only memcached and django-redis as supported; Django's own Redis backend
# increments atomically too. Process memory is refused by its check, deliberately allowed here.
# guardian.W001 looks for its backend by name; greenlist.rules.GuardianBackend is that backend, subclassed.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "guardian.W001"] + ([] if REDIS_URL else ["django_ratelimit.E003"])
# Behind a reverse proxy, name the header that carries the client's address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="") or None
# Objections from one address (R-PUBLICITY): e.g. "5/h", "20/d".
OBJECTION_RATE = env.str("OBJECTION_RATE", default="5/h")
# The public list's Excel export runs a query over the whole result: limited per address as well.
LIST_EXPORT_RATE = env.str("LIST_EXPORT_RATE", default="30/h")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):  # e.g. smtp+tls://user:password@smtp.example.cn:587
    vars().update(env.email_url("EMAIL_URL"))
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="绿色制造名单平台 <noreply@greenlist.example.cn>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

MESSAGE_TAGS = {40: "danger"}  # Bootstrap calls the error colour "danger"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},  # logs every layout step at INFO
        "fontTools": {"level": "WARNING"},
        # In eager mode every task's "succeeded" line would interleave with the web log.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

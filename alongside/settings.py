"""Settings for development and tests. Production overrides live in alongside/production.py.

Everything a deployment changes comes from the environment, so the same code runs on a laptop
(SQLite, console email) and in production (PostgreSQL via DATABASE_URL, real SMTP).
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The development key is public on purpose; production refuses to start without its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-alongside-do-not-use-in-production")
# Encrypted fields (DBS certificate numbers) derive their key from SECRET_KEY and this salt. Rotate
# SECRET_KEY with SECRET_KEY_FALLBACKS so old values can still be read.
SALT_KEY = os.environ.get("FIELD_ENCRYPTION_SALT", "alongside-field-encryption")
# Off unless a developer asks (DEBUG=1): `make run` shows the product's own error pages, never
# Django's technical page with every URL on it.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "ninja",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "health_check",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # Our apps, lowest layer first: an app may import only the ones above it in this list
    # (README, "Layout"; pyproject.toml's import-linter contract and tests/test_layers.py check it).
    "core",
    "organisations",
    "twofactor",
    "people",
    "training",
    "recruitment",
    "journeys",
    "meetings",
    "referrals",
    "groups",
    "matching",
    "hours",
    "supervision",
    "reciprocal",
    "expenses",
    "reports",
    "outcomes",
    "api",
    "demo",
]

MIDDLEWARE = [
    # First, so every line logged during a request carries its id (core/logs.py).
    "core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.UnreadableBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed its second step (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "api.auth.BearerTokenMiddleware",
    # After the token is known (a token request needs no second step): a person who must set up two-factor
    # sign-in, or who has passed their password but not their code yet, reaches only those pages.
    "twofactor.middleware.TwoFactorMiddleware",
    # After sign-in (session or token) is known: answers to signed-in people are never stored.
    "core.middleware.SignedInNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.OrganisationScopeMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Built in, as {% partialdef %} is in Django 6, so moving up needs no template changes.
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "organisations.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.User"

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out person is refused before their password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    # Argon2id at OWASP's minimum; hashes made with Django's heavier defaults still verify and are
    # rehashed on sign-in (core/hashers.py).
    "core.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = None  # show "You have signed out", not a bare sign-in form

# Idle sessions end: every request pushes the expiry forward, so only inactivity signs you out.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: five wrong passwords for one username from one address locks that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# How many reverse proxies of ours stand in front of the app (0: none, REMOTE_ADDR is the person).
# Only the entries they append to X-Forwarded-For are believed; the rest anyone can make up.
ALONGSIDE_TRUSTED_PROXY_COUNT = int(os.environ.get("ALONGSIDE_TRUSTED_PROXY_COUNT", "0"))
# Throttling counts the same address as the audit trail and the application form.
AXES_CLIENT_IP_CALLABLE = "core.request_context.client_ip"

# Two-factor sign-in (twofactor/): six-digit codes from an authenticator app, recovery codes, and
# passkeys or security keys. A wrong code makes the next try wait 1, 2, 4, 8... seconds (django-otp).
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Alongside")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys are a second step after the password, never a way round it (and round axes' throttling).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "Alongside"
# The relying party is the host the page was served from (already checked against ALLOWED_HOSTS);
# the origins are those hosts over https, and plain http only for localhost (twofactor/webauthn.py).
OTP_WEBAUTHN_RP_ID_CALLABLE = "twofactor.webauthn.relying_party_id"
OTP_WEBAUTHN_HELPER_CLASS = "twofactor.webauthn.Helper"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"https://{host}" for host in ALLOWED_HOSTS if host and host != "*" and not host.startswith(".")
] or ["https://localhost"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Receipts and other private uploads: outside the web root, served by nothing but the views that
# check who is asking (expenses.views.receipt).
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# With DEBUG off, runserver serves no static files: WhiteNoise serves them straight from the app
# folders in development (production collects them once; alongside/production.py turns this off).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = env_bool("WHITENOISE_AUTOREFRESH", True)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Alongside <no-reply@alongside.example>")

# Background work. The database backend needs nothing extra to run; larger installations can
# point TASKS_BACKEND=rq at Redis (REDIS_URL) and run `manage.py rqworker` instead.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Content Security Policy: only our own scripts and styles; htmx is served from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False

# The API's OpenAPI document and interactive docs describe its shape, never anyone's records, so
# they are public by default; set ALONGSIDE_API_DOCS_PUBLIC=false to show them only after sign-in.
ALONGSIDE_API_DOCS_PUBLIC = env_bool("ALONGSIDE_API_DOCS_PUBLIC", True)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# LOG_FORMAT=json (production's default): one JSON object a line with the request, user and
# organisation ids and never personal data (core/logs.py); otherwise plain lines for a developer.
# Escape codes and line breaks quoted from input are printed escaped, never acted on.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logs.ContextFilter"}},
    "formatters": {
        "plain": {"()": "core.logs.PlainFormatter", "format": "%(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django_tasks": {"level": "INFO"},
        # Our access line (one per request) says what Django's 4xx warnings said, without the
        # query string or any token in the path; a server error is still logged with its traceback.
        "django.request": {"level": "ERROR"},
        # A failing check is in /health/'s answer; its traceback would repeat every poll.
        "health_check": {"level": "ERROR"},
    },
}

# /health/ says unhealthy when the oldest task waiting for the worker has waited longer than
# this, or the scheduler last queued the sweep longer ago than this (seconds).
HEALTH_TASK_QUEUE_MAX_AGE = int(os.environ.get("HEALTH_TASK_QUEUE_MAX_AGE", "300"))
HEALTH_SCHEDULER_MAX_AGE = int(os.environ.get("HEALTH_SCHEDULER_MAX_AGE", "180"))

# Used in links inside emails sent from the worker, where there is no request to build them from.
# In development it follows the port `make run` serves on (PORT), so links open the running server;
# production sets SITE_URL (alongside/production.py refuses a loopback address there).
SITE_URL = os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

# Matching keeps each programme's built coach pool (readiness judged, facts gathered: ~1.7 s for
# 2,000 coaches) in the "matching" cache, so a restarted or new worker reads it instead of building
# it again. Any shared Django cache works (Redis, a database table); a local directory by default.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "matching": {
        "BACKEND": os.environ.get("MATCHING_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": os.environ.get("MATCHING_CACHE_LOCATION", str(Path(tempfile.gettempdir()) / "alongside-matching")),
        "TIMEOUT": 24 * 3600,
    },
}

"""Settings for every environment, read from the environment with safe development defaults.

SQLite (WAL) is the embedded default; set ``DATABASE_URL`` for PostgreSQL. Secrets come only from
the environment; nothing here exists only in production.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

# Lets generic classes such as ModelAdmin[Model] be subscripted at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("HYEOPCHI_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("HYEOPCHI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Public on purpose, and used only with DEBUG on: a development key signs nothing that matters.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105


def data_dir_secret_key(var_dir: Path) -> str:
    """The key in ``var_dir/secret_key``, written there (readable by its owner only) on first use.

    Exclusive creation makes the first of several starting processes write it and the others
    read that one.
    """
    path = var_dir / "secret_key"
    var_dir.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):
            key = path.read_text(encoding="ascii").strip()
            if key:
                return key
            time.sleep(0.01)  # another process created it and is still writing
        raise ImproperlyConfigured(
            f"{path} is empty: delete it to have a new key written, or set HYEOPCHI_SECRET_KEY."
        ) from None
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
    return key


DEBUG = env_bool("HYEOPCHI_DEBUG", False)
# A deployment's own key: from the environment, or generated once into the data directory.
SECRET_KEY = os.environ.get("HYEOPCHI_SECRET_KEY") or (
    DEVELOPMENT_SECRET_KEY if DEBUG else data_dir_secret_key(VAR_DIR)
)
ALLOWED_HOSTS = env_list("HYEOPCHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("HYEOPCHI_CSRF_TRUSTED_ORIGINS", [])
# Addresses (or networks) of the reverse proxies in front of the server. Only their
# X-Forwarded-For and X-Forwarded-Proto are believed; everyone else is seen by REMOTE_ADDR.
TRUSTED_PROXIES = env_list("HYEOPCHI_TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    # First, so its templates/admin/ corrects the back office's templates.
    "hyeopchi.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "hyeopchi.core",
    "hyeopchi.organizations",
    "hyeopchi.proposals",
    "hyeopchi.tasks",
    "hyeopchi.meetings",
    "hyeopchi.evaluations",
    "hyeopchi.budgeting",
    "hyeopchi.reports",
    "hyeopchi.api",
    "hyeopchi.cli",
    # Django's own form templates, after hyeopchi.web, whose templates/django/forms/ mark the
    # language of options (FORM_RENDERER below).
    "django.forms",
    # After the platform's apps, so web/templates/account/ and allauth/ restyle allauth's pages.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "hyeopchi.web.common.middleware.PermissionsPolicyMiddleware",
    "hyeopchi.web.common.middleware.SiteMemoryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Axes must come last so it sees the result of authentication.
    "axes.middleware.AxesMiddleware",
    "hyeopchi.api.middleware.ApiMiddleware",
]

ROOT_URLCONF = "hyeopchi.config.urls"
# Forms render with the project's templates, so widgets see its built-in filters and overrides.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "hyeopchi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hyeopchi.web.common.context_processors.language_links",
                "hyeopchi.web.common.context_processors.account",
                "hyeopchi.web.common.context_processors.evaluation_site",
            ],
            "builtins": ["hyeopchi.web.templatetags.languages"],
        },
    }
]


# SQLite as a server's database, whether it is the default file or given by DATABASE_URL:
# IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of failing with
# "database is locked" half-way through a transaction; WAL lets readers go on meanwhile.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
    ),
}


def database_config() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        if config["ENGINE"] == "django.db.backends.postgresql":
            # template0 lets the test database take UTF-8 whatever the cluster's default is.
            config["TEST"] = {"CHARSET": "UTF8", "TEMPLATE": "template0"}
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "hyeopchi.sqlite3", "OPTIONS": SQLITE_OPTIONS}


DATABASES = {"default": database_config()}
# PostgreSQL: a few hot statements (casting a ballot) are prepared once per connection
# (``core.queries.prepared_cursor``); 0 turns that off, as a transaction-pooling PgBouncer older
# than 1.21 needs.
HYEOPCHI_DB_PREPARE = os.environ.get("HYEOPCHI_DB_PREPARE", "1") != "0"


def cache_config(url: str) -> dict[str, Any]:
    """The shared cache (rate-limit counters): the database's own table unless a Valkey or Redis
    address is given (``valkey://``, ``redis://``, ``rediss://`` for TLS)."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hyeopchi_cache",
            # Culling at the default 300 entries would forget live counters under load.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    scheme, separator, rest = url.partition("://")
    if not separator or scheme not in {"valkey", "valkeys", "redis", "rediss"}:
        raise ImproperlyConfigured(f"HYEOPCHI_CACHE_URL must start with valkey://, redis:// or rediss://, not {url!r}")
    location = f"{'rediss' if scheme.endswith('s') else 'redis'}://{rest}"
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}


CACHES = {"default": cache_config(os.environ.get("HYEOPCHI_CACHE_URL", ""))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first, so a locked-out account or address is refused before its password is checked;
# allauth's backend lets a person sign in with their user name or their e-mail address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:landing"
LOGOUT_REDIRECT_URL = "web:landing"

# Lockout after repeated failures (django-axes): 5 failures lock that user from that address
# for 30 minutes; the lockout page says when to try again.
AXES_FAILURE_LIMIT = int(os.environ.get("HYEOPCHI_AXES_FAILURE_LIMIT", "5"))

# Spreadsheet uploads above these limits are refused before they are read (core.tabular.Limits
# has the defaults): HYEOPCHI_IMPORT_MAX_BYTES, _UNCOMPRESSED, _RATIO, _ROWS, _COLUMNS, _CELL.
IMPORT_LIMITS = {
    name: int(os.environ[f"HYEOPCHI_IMPORT_MAX_{name.upper()}"])
    for name in ("bytes", "uncompressed", "ratio", "rows", "columns", "cell")
    if f"HYEOPCHI_IMPORT_MAX_{name.upper()}" in os.environ
}
AXES_COOLOFF_TIME = 0.5

# Public writes per client address and per contact or account, as "count/seconds"
# (core.ratelimit; HYEOPCHI_RATE_LIMIT_<SCOPE>_<KIND> overrides one, 0/… turns it off).
RATE_LIMITS = {
    "registration": {"address": "10/600", "contact": "3/600"},
    "registration_lookup": {"address": "20/600"},
    "sign_in": {"address": "30/600", "account": "10/600"},
}
for _scope, _kinds in RATE_LIMITS.items():
    for _kind in _kinds:
        _override = os.environ.get(f"HYEOPCHI_RATE_LIMIT_{_scope.upper()}_{_kind.upper()}")
        if _override and not re.fullmatch(r"\d+/[1-9]\d*", _override.strip()):
            raise ImproperlyConfigured(
                f"HYEOPCHI_RATE_LIMIT_{_scope.upper()}_{_kind.upper()} is count/seconds "
                f"(such as 10/600), not {_override!r}"
            )
        if _override:
            _kinds[_kind] = _override.strip()
# Failures count against the account whatever address they come from, and against the address
# whatever account they try: either reaching the limit locks.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "hyeopchi.core.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "web/accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
# The sign-in page names its field "login" (a user name or an e-mail address), the back office "username".
AXES_USERNAME_CALLABLE = "hyeopchi.web.accounts.adapter.attempted_account"

# Accounts (django-allauth): anyone may sign up with a user name, an e-mail address and a password;
# the address must be confirmed before the first sign-in. Accounts that staff, the demo or an import
# created without an address have nothing to confirm (web.accounts.forms.LoginForm).
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = os.environ.get("HYEOPCHI_EMAIL_SUBJECT_PREFIX", "[협치] ")
ACCOUNT_FORMS = {"login": "hyeopchi.web.accounts.forms.LoginForm", "signup": "hyeopchi.web.accounts.forms.SignupForm"}
ACCOUNT_LOGOUT_REDIRECT_URL = "web:landing"
# Sign-in with Kakao or Naver stays off until a deployment gives its app's keys: each provider is
# offered on the sign-in page only when HYEOPCHI_<PROVIDER>_CLIENT_ID and _SECRET are both set.
SOCIALACCOUNT_PROVIDERS = {
    provider: {"APPS": [{"client_id": os.environ[f"HYEOPCHI_{provider.upper()}_CLIENT_ID"], "secret": secret}]}
    for provider in ("kakao", "naver")
    if os.environ.get(f"HYEOPCHI_{provider.upper()}_CLIENT_ID")
    and (secret := os.environ.get(f"HYEOPCHI_{provider.upper()}_SECRET", ""))
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# Personal data kept for a purpose is destroyed when the purpose ends (개인정보 보호법 §21): a program's
# registrations this many days after its last session (the daily job destroys them).
REGISTRATION_RETENTION_DAYS = int(os.environ.get("HYEOPCHI_REGISTRATION_RETENTION_DAYS", "90"))

# The identity-verification service's adapter (core.identity), a dotted path to its class; empty:
# attributes are set by a site's administrators only. The test double reads HYEOPCHI_TEST_IDENTITY.
HYEOPCHI_IDENTITY_VERIFIER = os.environ.get("HYEOPCHI_IDENTITY_VERIFIER", "")
HYEOPCHI_TEST_IDENTITY: dict[str, str] = {}

# The key that seals a ballot to its voter while voting is open (budgeting.secrecy); empty: one
# derived from SECRET_KEY. Either way it lives outside the database.
HYEOPCHI_BALLOT_KEY = os.environ.get("HYEOPCHI_BALLOT_KEY", "")
# The open data's licence as "name|address" (공공누리 제1유형 when unset; reports.catalogue).
_licence = os.environ.get("HYEOPCHI_OPEN_DATA_LICENCE", "")
HYEOPCHI_OPEN_DATA_LICENCE = tuple(part.strip() for part in _licence.split("|", 1)) if "|" in _licence else None

# Text messages (a guardian's consent request to a phone): the gateway's adapter (core.messaging).
HYEOPCHI_SMS_BACKEND = os.environ.get("HYEOPCHI_SMS_BACKEND", "hyeopchi.core.messaging.ConsoleSms")
# Days a guardian has to answer before a child's registration is cancelled and its data destroyed.
GUARDIAN_CONSENT_DAYS = int(os.environ.get("HYEOPCHI_GUARDIAN_CONSENT_DAYS", "3"))
# Staff may add a second factor (TOTP, with recovery codes) from their account page.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hyeopchi"

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Seoul"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "hyeopchi.web.common.staticfiles.CompressedStaticFiles"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve from the app directories when collectstatic has not run (tests, a first start).
WHITENOISE_USE_FINDERS = True
# Source maps (the API docs' bundles carry 20 MB of them) are read by developers' tools, not by
# pages: served as they are, they are not worth compressing at every start.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Each audit anchor is also appended here, outside the database (see core.anchors).
AUDIT_ANCHOR_FILE: Path | None = Path(os.environ.get("HYEOPCHI_AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.jsonl"))

MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HYEOPCHI_HTTPS=1 when the site is reached over HTTPS (directly or through a trusted proxy):
# plain HTTP is redirected, browsers are told to keep to HTTPS for a year, cookies go over
# HTTPS only.
HTTPS = env_bool("HYEOPCHI_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Scripts, styles, images and fonts from this site only; no inline script, no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}
# Browser features the platform never uses are switched off for its pages.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

EMAIL_BACKEND = os.environ.get("HYEOPCHI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("HYEOPCHI_FROM_EMAIL", "hyeopchi@localhost")
# With the SMTP backend: the relay to send through.
EMAIL_HOST = os.environ.get("HYEOPCHI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("HYEOPCHI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("HYEOPCHI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HYEOPCHI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("HYEOPCHI_EMAIL_TLS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HYEOPCHI_LOG_LEVEL", "WARNING")},
}

# Number of rows a list page or API page returns unless asked for fewer.
PAGE_SIZE = 50

# Background jobs (spreadsheet imports) wait in the database until `hyeopchi worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

"""Passerelle settings. Everything a deployment changes comes from the environment (docs/configuration.md)."""

import datetime
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import check_secret_key, env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# A development key is only ever used with DEBUG on; production refuses to start without a real one.
_DEV_SECRET_KEY = "django-insecure-development-only-never-in-production"  # noqa: S105 (DEBUG only)
SECRET_KEY = env_str("SECRET_KEY")
if DEBUG and not SECRET_KEY:
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG:
    SECRET_KEY = check_secret_key(SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: give the site's host names, comma-separated.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the site, used in e-mails and feeds (no request there to read it from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "Passerelle"
# Where the footer's "Source code" link leads (no link when empty).
SOURCE_CODE_URL = env_str("SOURCE_CODE_URL", "")
# No Gravatar: the CSP allows images from this host only (a broken image otherwise), and no e-mail hash leaks.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

INSTALLED_APPS = [
    # Ours first, so our templates win.
    "portal",
    "directory",
    "referrals",
    "network",
    "concertation",
    "arrivals",
    "accounts",
    "privacy",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # APIs, permissions, tasks
    "rest_framework",
    "knox",
    "axes",
    # The optional second factor (TOTP) and its one-time recovery codes (accounts/services.py, middleware.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER (TemplatesSetting)
]

MIDDLEWARE = [
    # First: a request id, one log line per request, Permissions-Policy (portal/observability.py).
    "portal.observability.RequestLogMiddleware",
    # Second: an anonymous page found in the shared cache is answered here, with the headers every
    # middleware below gave it when it was built (security headers, CSP…): no other middleware runs on a hit.
    "portal.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.input_guards.RejectNulMiddleware",
    "portal.input_guards.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # FHIR and HSDS answer in English whatever the Accept-Language (portal/machine_language.py).
    "portal.machine_language.EnglishStandardsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second step (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: a session signed in without its second step goes to the code step; the admin asks
    # a verified session of those who have a second factor, and enrolment of admins (REQUIRE_2FA_FOR_ADMINS).
    "accounts.middleware.AdminSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's serve view gets its Site and page route from the cache, per content version (portal/routing.py).
    "portal.routing.CachedRouteMiddleware",
    # After MessageMiddleware: a page's unhandled ServiceError becomes a message or an error page.
    "portal.errors.ServiceErrorMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Every form and field renders through templates/forms/ (Django's own aria-describedby and aria-invalid).
FORM_RENDERER = "portal.forms.FormRenderer"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database host fails a request in seconds (a 503, portal/unavailable.py), not after the
    # operating system's TCP timeout of minutes.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DATABASE_CONNECT_TIMEOUT", 5, minimum=1
    )
    # Django reads a form's model choices (the filters' sectors, languages, pathway steps) through a
    # server-side cursor: DECLARE, FETCH and CLOSE, three round trips for a few dozen rows, on every page
    # with a filter form. Nothing here streams a large result (the erasure jobs read primary keys only), and
    # a pooler in transaction mode (PgBouncer) needs them off anyway.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env_str("CACHE_URL", "locmem://")
if _cache_url.startswith(("redis://", "rediss://")):
    # Redis failing degrades to "no cache" (portal/cache.py), logged once per outage, never an error page.
    CACHES = {"default": {"BACKEND": "portal.cache.TolerantRedisCache", "LOCATION": _cache_url}}
elif _cache_url.startswith("locmem://"):
    # Django's default keeps 300 entries: one network view writes three per organisation (their parts are
    # drawn again when evicted, but each eviction costs a role page a drawing). A few tens of megabytes.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": 20_000}}}
elif _cache_url.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, locmem:// or dummy://, not {_cache_url!r}."
    )

# Anonymous public pages and the frame's parts are kept this long in the shared cache (0: never); their
# keys change with the content, so this bounds memory and the staleness of a write made during an outage.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300, minimum=0)

# Tasks (notifications, network metrics): in-process by default, a database queue and worker in production.
_task_backend = env_choice("TASK_BACKEND", "immediate", ("immediate", "database", "dummy"))
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[_task_backend]
    }
}

# The worker (`passerelle db_worker`) beats every few seconds; a worker silent for longer than the lease is
# dead, and its running task is queued again (portal/worker.py). /readyz reports a stale worker.
TASK_WORKER_HEARTBEAT_SECONDS = env_int("TASK_WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
TASK_WORKER_LEASE_SECONDS = env_int("TASK_WORKER_LEASE_SECONDS", 60, minimum=2)

AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while the account or the address is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
WAGTAILADMIN_LOGIN_URL = "login"  # one sign-in page, with its code step and its lockout, for the admin too
LOGIN_REDIRECT_URL = "/"  # partners land in their workspace instead (accounts.views.SignInView)
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 3600, minimum=300)  # seconds a reset link works

# --- sign-in lockout (django-axes) ---
# After AXES_FAILURE_LIMIT wrong passwords, the account is locked, and separately the address: a guesser
# cannot go on with another account from the same address, nor with the same account from elsewhere.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_VERBOSE = False  # its log lines carry the username and address; ours carry the account id only
AXES_ENABLE_ADMIN = False  # unlocking is in the Wagtail admin (accounts/wagtail_hooks.py)
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "new_password1", "new_password2",
                             "code"]  # a mistyped code is one digit from the right one

# --- second factor (django-otp: TOTP, recovery codes) ---
# With it on, admins (staff, superusers, anyone who reaches the Wagtail admin) must set up a second factor
# before the admin opens to them; everyone else may set one up on their account page.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", WAGTAIL_SITE_NAME)  # the name authenticator apps show
# django-axes is the one lockout: a wrong code counts as a failed sign-in there (by account and by address,
# lifted by time or by a platform admin). django-otp's own per-device back-off would be a second lock with
# no message and no admin unlock.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
RECOVERY_CODES = 10  # one-time recovery codes per person
SECOND_STEP_MINUTES = 5  # how long the code step waits after the password before starting over

# --- API tokens (django-rest-knox) and invitations ---
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model name, not a secret)
# knox's own migrations create its AuthToken table even though accounts.ApiToken replaces it (they do not mark
# the model swappable); that orphan table's foreign key to auth_user made PostgreSQL refuse the test flush.
# Without knox's migrations, the swapped-out model gets no table at all.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90, minimum=1)  # the longest a token may last
API_TOKENS_PER_USER = 10
REST_KNOX = {"TOKEN_TTL": datetime.timedelta(days=API_TOKEN_DAYS), "AUTO_REFRESH": False,
             "TOKEN_LIMIT_PER_USER": API_TOKENS_PER_USER}
INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1)
LOGOUT_REDIRECT_URL = "/"
# Guardian's anonymous user is not needed: anonymous visitors never hold object permissions here.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Internationalisation: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Québec French and Canadian English date formats (unambiguous numeric-free short dates).
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Page addresses in ASCII (`soiree-de-jumelage`, not `soir%C3%A9e-…`): the admin's slug field transliterates
# the title, and a slug Wagtail makes from a title drops the accents. Generated slugs use portal.slugs.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The first path catches project-wide templates; each app keeps its own catalogue.
LOCALE_PATHS = [BASE_DIR / app / "locale" for app in ("portal", "directory", "referrals", "network", "concertation",
                                                 "arrivals")]
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# The shared space's documents are kept outside MEDIA_ROOT, with no URL: only the view that checks access
# serves them (concertation/, README: Configuration).
DOCUMENTS_ROOT = Path(env_str("DOCUMENTS_ROOT", str(BASE_DIR / "private-documents")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private_documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DOCUMENTS_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: console by default; SMTP as soon as EMAIL_HOST is given.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Passerelle <noreply@passerelle.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS: one switch for a site behind a TLS-terminating reverse proxy.
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_HTTPONLY = True
# A sign-in opens refugees' personal data: it lasts a working day, not Django's two weeks, on a shared office
# computer as anywhere else.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600, minimum=300)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's page preview frames the site itself, so SAMEORIGIN rather than DENY (docs/operations.md).
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Content-Security-Policy: the public site loads nothing from any other host.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    },
}

_api_anon_rate = env_str("API_ANON_RATE", "300/minute")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", _api_anon_rate):
    raise ImproperlyConfigured(
        f"API_ANON_RATE must look like 300/minute (per second, minute, hour or day), not {_api_anon_rate!r}."
    )
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.PasserelleAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token scheme first: DRF takes the first class's WWW-Authenticate header, so an anonymous or
        # badly-authenticated call is a 401 that says how to authenticate (not a 403, as with sessions first).
        "knox.auth.TokenAuthentication",  # expiring tokens, stored as digests (accounts.ApiToken)
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Closed by default: every public endpoint says so itself (AllowAny or its own read-only rule), so a new
    # view that forgets its permission_classes is never open to anonymous callers.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bodies only (anything else is a 415): what the OpenAPI schema declares. Form encodings cannot carry
    # the nested person and consent, nor a null, so accepting them (as DRF does by default) made the schema
    # promise requests that could only fail.
    "DEFAULT_PARSER_CLASSES": ["portal.input_guards.NulSafeJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Anonymous reads are public but not free (a network view missing from the cache is computed): a cap
    # per client address. Signed-in partners are not throttled. Behind the reverse proxy (HTTPS on), the
    # client address is the last one the proxy added to X-Forwarded-For.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": _api_anon_rate},
    # 0, not None, without a proxy: with None DRF takes the whole X-Forwarded-For, which the client writes.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 1 if HTTPS else 0, minimum=0),
    # django-filter's, but a filter given empty (`?stage=`) is a 400, not "no filter" (portal/api_filters.py).
    "DEFAULT_FILTER_BACKENDS": ["portal.api_filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Every API error, a service's included, as {"detail", "code", "fields"} with the right 4xx.
    "EXCEPTION_HANDLER": "portal.errors.api_exception_handler",
}
# The API refuses larger bodies with a JSON 413 before reading them, and JSON nested deeper with a 400.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024, minimum=1024)
API_MAX_JSON_DEPTH = env_int("API_MAX_JSON_DEPTH", 32, minimum=4)
SPECTACULAR_SETTINGS = {
    "TITLE": "Passerelle API",
    "DESCRIPTION": "Directory, responsibility matrix, referrals and partnership network of a welcome city.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["portal.api_schema.only_passerelle_api"],
    # Every operation's error responses (400, 401, 403, 404, 409, 413, 429 as they apply), in the one shape.
    # Request bodies' non-blank strings declared so (input is trimmed: " " is blank).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api_schema.document_errors",
                             "portal.api_schema.declare_not_blank"],
}

# Wagtail's database backend, with French and English configurations on PostgreSQL (portal/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx"]
# Documents are the shared space's (description, visibility, versions); every download goes through Wagtail's
# serve view, where concertation's `before_serve_document` hook answers 404 to anyone the document is not for.
WAGTAILDOCS_DOCUMENT_MODEL = "concertation.SharedDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# One JSON object per line in production (for the log collector), plain text on a developer's machine.
_log_format = env_choice("LOG_FORMAT", "text" if DEBUG else "json", ("json", "text"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "portal.observability.RequestContextFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "portal.observability.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": _log_format, "filters": ["request"]}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "info", ("debug", "info", "warning", "error")).upper(),
    },
    # One line per task and per page save drowns what matters; failures still show.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes writes the username and the address of every failed sign-in: personal data stays out
        # of the logs (its own tables keep them for the lockout; accounts.signals logs the account id).
        "axes": {"level": "ERROR"},
    },
}

# --- small numbers (portal/disclosure.py) ---
# Every count published or shared about people (statistics, CSV, the network's referral layer, public
# figures) below this is shown as "fewer than N", with enough other cells hidden that no total gives it away.
DISCLOSURE_MIN_COUNT = env_int("DISCLOSURE_MIN_COUNT", 3, minimum=1)

# --- directory settings ---
# Members of this Django group edit every organisation, membership, step and responsibility (as superusers do).
PLATFORM_ADMINS_GROUP = "Platform admins"
# Where the Open Referral HSDS 3.0 schemas live (schema/compiled/*.json): shipped in the package, with their
# CC BY-SA licence, at directory/hsds_spec/. `import_hsds` and the export validate against them.
HSDS_SCHEMA_DIR = Path(env_str("HSDS_SCHEMA_DIR", str(BASE_DIR / "directory" / "hsds_spec")))
# `import_hsds` refuses a larger file before reading it (a province's directory is a few megabytes).
HSDS_IMPORT_MAX_BYTES = env_int("HSDS_IMPORT_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)

# --- referrals settings ---
# Hours the receiving organisation has to answer a referral, per urgency (the due date is set on send).
REFERRAL_RESPONSE_HOURS = {
    "routine": env_int("REFERRAL_RESPONSE_HOURS_ROUTINE", 10 * 24, minimum=1),
    "urgent": env_int("REFERRAL_RESPONSE_HOURS_URGENT", 48, minimum=1),
    "critical": env_int("REFERRAL_RESPONSE_HOURS_CRITICAL", 4, minimum=1),
}
# Personal data of referrals finished for longer than this is erased by `passerelle erase_expired_referrals`.
REFERRAL_RETENTION_DAYS = env_int("REFERRAL_RETENTION_DAYS", 365, minimum=1)
# Months after completion when the sender is reminded to follow up (a pathway step may set its own).
REFERRAL_FOLLOW_UP_MONTHS = env_int("REFERRAL_FOLLOW_UP_MONTHS", 3, minimum=1)
# A notification e-mail that fails is tried again after 1, 2, 4, 8… minutes (at most 6 hours apart) for this
# many hours, then marked failed and shown to the organisations' admins (docs/operations.md).
REFERRAL_NOTIFICATION_RETRY_HOURS = env_int("REFERRAL_NOTIFICATION_RETRY_HOURS", 72, minimum=1)
REFERRAL_NOTIFICATION_RETRY_SECONDS = env_int("REFERRAL_NOTIFICATION_RETRY_SECONDS", 60, minimum=1)
# A sender holds a notification this long while it talks to the mail server; one that died frees it then.
REFERRAL_NOTIFICATION_LEASE_SECONDS = env_int("REFERRAL_NOTIFICATION_LEASE_SECONDS", 300, minimum=1)
# One OpenAPI enum for the referral states (state, from_state and to_state share it).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["ReferralStateEnum"] = "referrals.models.ReferralState"

# --- network settings ---
# How long a computed network view (graph, metrics, layout, SVG) stays cached. Its key changes with the
# data anyway, so this only bounds memory; it is no staleness window.
NETWORK_CACHE_TIMEOUT = env_int("NETWORK_CACHE_TIMEOUT", 7 * 24 * 3600, minimum=1)
# Above this many active organisations, a view missing from the cache is computed by the task worker (when
# TASK_BACKEND is not "immediate") and the page says "being computed" instead of holding the request.
NETWORK_BACKGROUND_ABOVE = env_int("NETWORK_BACKGROUND_ABOVE", 500, minimum=0)
NETWORK_QUEUE_TIMEOUT = 600  # seconds before a queued view may be queued again (a worker died, say)

# --- concertation settings ---
# Largest file a partner may upload to the shared space (megabytes); stated in the upload form.
SHARED_DOCUMENT_MAX_MB = env_int("SHARED_DOCUMENT_MAX_MB", 20, minimum=1)
# Owners of an open action item are reminded this many days before its due date (`passerelle remind_action_items`).
ACTION_REMINDER_DAYS = env_int("ACTION_REMINDER_DAYS", 7, minimum=0)
# --- arrivals settings ---
# The register erases a household's personal data (names, address, notes, persons) this many days after
# its departure, or this many days after its arrival if it is still here; the figures stay.
ARRIVALS_RETENTION_DAYS_AFTER_DEPARTURE = env_int("ARRIVALS_RETENTION_DAYS_AFTER_DEPARTURE", 365, minimum=1)
ARRIVALS_RETENTION_DAYS_AFTER_ARRIVAL = env_int("ARRIVALS_RETENTION_DAYS_AFTER_ARRIVAL", 5 * 365, minimum=30)
# "Steps completed within N days of arrival" on the dashboard, unless the reader picks another N.
ARRIVALS_STEP_DAYS = env_int("ARRIVALS_STEP_DAYS", 30, minimum=1)
# The arrival routine's checklist: pathway step slugs, in order (steps missing in a deployment are skipped).
ARRIVALS_ROUTINE_STEPS = env_list(
    "ARRIVALS_ROUTINE_STEPS",
    ["accueil-arrivee", "hebergement-temporaire", "bilan-sante", "ramq", "nas", "allocations-familiales",
     "compte-bancaire", "logement-permanent", "inscription-scolaire", "francisation", "garderie"],
)
# Two choice sets named "visibility" (documents; meetings, decisions, actions): one OpenAPI enum each.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({
    "DocumentVisibilityEnum": "concertation.models.Visibility",
    "TableVisibilityEnum": "concertation.models.TableVisibility",
})
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["ChecklistStepStatusEnum"] = "arrivals.models.StepStatus"

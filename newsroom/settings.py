"""Settings for newsroom: one module, driven by environment variables.

Defaults suit a laptop (SQLite under var/, local-memory cache, mail to the console
when debugging). Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DATABASE_URL and
REDIS_URL; the README lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off; "
            "set it to a long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG"  # noqa: S105

# Old keys, newest first, still accepted for signatures made before a rotation.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "localhost,127.0.0.1"
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Full-text search on PostgreSQL (the articles' stored search document); inert on
    # SQLite.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    # The task queue in the site's own database (its worker: manage.py run_worker).
    "django_tasks_db",
    "newsroom",
    "workers",
    # Every mail the site sends, queued and delivered by a task (imports no other app).
    "mailing",
    "accounts",
    "articles",
    "comments",
    # The `seed_demo` command and its content; it owns no models.
    "demo",
]

MIDDLEWARE = [
    # First, so that every response, redirects and error pages included, carries the id.
    "newsroom.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.SecurityHeadersMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which answers static files itself (already compressed, or images
    # that gain nothing), and above everything that writes a body: it compresses the
    # pages last, after the page cache (a view decorator, articles.page_cache) has
    # filled in each reader's tokens, so a cached page is stored and compared (ETag, 304)
    # uncompressed and each response is compressed afresh.
    "newsroom.middleware.TextCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The edition (language) from the URL's prefix; the bare "/" goes to the reader's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, so that its 405 gets every header the others add.
    "newsroom.middleware.AllowedMethodsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "django.template.context_processors.csp",
                "articles.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
# SQLite by default. WAL lets readers work while one process writes; the busy timeout
# makes a second writer wait for the lock instead of failing with "database is locked";
# IMMEDIATE transactions take the write lock up front, so waiting actually happens.
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg's pool keeps connections open across requests in each process; Django
    # then returns the connection to the pool after each request instead of keeping it.
    # Django's own health checks are for persistent connections; the pool checks each
    # connection it hands out instead, so a database restarted under the site is
    # reconnected to without a restart of the site.
    from psycopg_pool import ConnectionPool

    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "4")),
        "timeout": 10,
        "check": ConnectionPool.check_connection,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, falling back to "no cache" while Redis is away.
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages kept for anonymous readers (articles.page_cache), and how long a CDN or a
# browser may keep those without a form; anything shown changing empties it sooner.
PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "60"))
# Readers carrying one of these cookies get pages of their own, never the shared ones: a
# guest's comments awaiting a moderator, and the name and email their browser confirmed.
PAGE_CACHE_PRIVATE_COOKIES = ["newsroom_posted", "newsroom_commenter"]
# Hidden form fields filled anew for each reader of a cached page (name -> function of
# the request), besides the CSRF token: the comment form's token, which saves a form
# sent twice once. The comments app's system checks hold both settings to its names.
PAGE_CACHE_PER_READER_FIELDS = {"issued": "comments.forms.token_for_page"}

# --- Work after the response -----------------------------------------------------------
# Django's tasks API (django.tasks): what may be slow or fail (mail, photo renditions)
# is a task, enqueued once the transaction that needs it commits and run by worker
# processes (`manage.py run_worker`, started beside the web server by `make run` and
# `make serve`). The queue lives in the site's own database by default: with no worker
# running, jobs wait there and nothing is lost. NEWSROOM_TASKS_BACKEND names another
# backend (a Redis one, say: see the README); the test suite runs tasks at once.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("NEWSROOM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail", "media"],
    }
}
# A worker not heard from for this long is taken for dead, and the job it was running is
# given to another (workers.supervision); it beats six times within it.
TASKS_WORKER_TIMEOUT = int(os.environ.get("NEWSROOM_TASKS_WORKER_TIMEOUT", "90"))
# The daily jobs, enqueued once a day from this time (site time, HH:MM) by whichever
# worker comes first: retention of comments, expired sessions, old job records.
TASKS_DAILY_AT = os.environ.get("NEWSROOM_TASKS_DAILY_AT", "03:30")
TASKS_DAILY = [
    "comments.tasks.cleanup",
    "workers.tasks.clear_sessions",
    "workers.tasks.prune_task_results",
    "mailing.tasks.prune",
]
TASKS_RESULTS_KEPT_DAYS = 14

# --- Auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "articles:front"
LOGOUT_REDIRECT_URL = "articles:front"
# A reset link works once, for an hour.
PASSWORD_RESET_TIMEOUT = 60 * 60
# The sign-in throttle (accounts.throttle). Every count lasts one window, opened by its
# first failure. One account from one client address is refused after the failure limit;
# one address, over all accounts, after the address limit (six people's worth of locked
# pairs: a newsroom behind one office address keeps working while one of them is locked
# out, and an address guessing at many accounts gets 30 guesses a quarter of an hour).
# One account from all addresses together is never refused, only slowed: past the
# slow-down count each attempt on it waits 1 s, doubling per further failure, at most
# the maximum delay (seconds, may be fractional).
SIGN_IN_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_SIGN_IN_FAILURE_LIMIT", "5"))
SIGN_IN_LOCKOUT_SECONDS = int(os.environ.get("NEWSROOM_SIGN_IN_LOCKOUT_SECONDS", "900"))
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_SIGN_IN_ADDRESS_FAILURE_LIMIT", "30"))
SIGN_IN_ACCOUNT_SLOWDOWN_AFTER = int(
    os.environ.get("NEWSROOM_SIGN_IN_ACCOUNT_SLOWDOWN_AFTER", "10")
)
SIGN_IN_ACCOUNT_MAX_DELAY = float(os.environ.get("NEWSROOM_SIGN_IN_ACCOUNT_MAX_DELAY", "5"))
# Registering is finished by an emailed link, valid this long; at most this many
# registration mails go to one address a day (accounts.services).
REGISTRATION_LINK_MAX_AGE = 24 * 60 * 60
REGISTRATION_MAILS_PER_DAY = 3

# --- Internationalisation --------------------------------------------------------------
# The editions: one per language, each at its own URL prefix (/en/, /ckb/, ...) with its
# own articles, sections and comments (articles.editions). The set is configuration:
# NEWSROOM_EDITIONS="en,ar" runs two of them; the first is the default edition.


def gettext_noop(name: str) -> str:
    """Marks a name for the catalogues (makemessages looks for the call) without
    translating it here: settings load before translation can work."""
    return name


# Their names, in English here; the admin shows them in the editor's language.
EDITIONS_AVAILABLE = {
    "en": gettext_noop("English"),
    "ckb": gettext_noop("Central Kurdish"),
    "kmr": gettext_noop("Northern Kurdish"),
    "ar": gettext_noop("Arabic"),
    "tr": gettext_noop("Turkish"),
}
_editions = os.environ.get("NEWSROOM_EDITIONS", ",".join(EDITIONS_AVAILABLE)).split(",")
if unknown := [code for code in _editions if code.strip() not in EDITIONS_AVAILABLE]:
    raise ImproperlyConfigured(
        f"NEWSROOM_EDITIONS names {unknown}; the editions known are {list(EDITIONS_AVAILABLE)}."
    )
LANGUAGES = [(code.strip(), EDITIONS_AVAILABLE[code.strip()]) for code in _editions]
LANGUAGE_CODE = LANGUAGES[0][0]
# Northern Kurdish (Kurmanji) is not among Django's languages: what it needs to know of it.
LANG_INFO.setdefault(
    "kmr",
    {"bidi": False, "code": "kmr", "name": "Northern Kurdish", "name_local": "Kurmancî"},
)
# The site's own strings (`make messages` collects them), then Django's strings readers
# meet in the languages Django has no catalogue for (Kurmanji), kept apart so that
# collecting the site's strings never drops them.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-django"]
# A reader's choice of edition, remembered for the bare "/" (LocaleMiddleware).
LANGUAGE_COOKIE_NAME = "newsroom_edition"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
FORMAT_MODULE_PATH = ["newsroom.formats"]  # 24-hour times in the admin too ("13:05")
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The Arabic-script web fonts (Noto Naskh Arabic, Noto Sans Arabic; SIL OFL 1.1), served as
# static/fonts/: `make install` copies the few files site.css asks for out of the npm
# packages that assets/package-lock.json pins.
STATICFILES_DIRS += [("fonts", BASE_DIR / "assets" / "fonts")]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Django serves uploaded media itself only where asked (debug, or `make serve` on one machine).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)
# Uploaded files never change under their name (originals get random names, renditions
# names made from them), so browsers and CDNs may keep them a year without asking again.
MEDIA_CACHE_SECONDS = 365 * 24 * 60 * 60
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads larger than this are refused before Pillow opens them.
PHOTO_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Widths (px) of the resized copies made once, by a worker after the upload.
PHOTO_RENDITION_WIDTHS = (480, 960, 1600)
# Pixels all the frames of an animated upload may hold together; only the first frame is
# kept (pages show stills), but the whole file is read.
PHOTO_MAX_TOTAL_PIXELS = 100_000_000
# A WebP original is written again at this quality (JPEG keeps its own; PNG and GIF lose nothing).
PHOTO_WEBP_ORIGINAL_QUALITY = 90
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Email ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Newsroom <news@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Django 6.1's MAILERS replaces the EMAIL_* settings: SMTP in production, the console
# while debugging; DJANGO_EMAIL_BACKEND picks another backend (it then takes no options).
_email_backend = os.environ.get("DJANGO_EMAIL_BACKEND", "")
if _email_backend:
    MAILERS = {"default": {"BACKEND": _email_backend}}
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS"),
                "timeout": 10,
            },
        }
    }

# Mail is sent by a task (mailing.tasks.deliver) after the response. A failed attempt is
# tried again after MAIL_RETRY_SECONDS, doubling each time; after MAIL_MAX_ATTEMPTS the
# mail is marked failed for the admin (six attempts: about half an hour of retries).
MAIL_MAX_ATTEMPTS = int(os.environ.get("NEWSROOM_MAIL_MAX_ATTEMPTS", "6"))
MAIL_RETRY_SECONDS = int(os.environ.get("NEWSROOM_MAIL_RETRY_SECONDS", "60"))
# Days the record of a sent or failed mail (whom, what subject, when) is kept; the daily
# jobs delete older ones, so the table holds no address for longer.
MAIL_KEPT_DAYS = int(os.environ.get("NEWSROOM_MAIL_KEPT_DAYS", "30"))

# --- Security ----------------------------------------------------------------------------
# Nothing is allowed unless named (default-src 'none'), and what is named is this origin:
# the site's own scripts, styles, photos and icons are files it serves, the Django
# admin's autocomplete fetches from it, and every form posts back to it. Nothing inline:
# the nonce is there for the Django admin, whose templates mark their few inline
# <script>/<style> elements with {% csp_nonce_attr %}; a nonce is new and unguessable in
# each response, so injected markup still cannot run. No <base> element, no frames, no
# plugins (object-src says so itself, for checkers that look for it by name).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No other site may embed the site's pages, scripts or styles (Spectre-style leaks
# across origins); uploaded photos say cross-origin instead, so that feed readers can
# show the photos the feeds enclose (newsroom.urls, and the README's web server advice).
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# No page of the site is ever meant to be framed, the admin's included.
X_FRAME_OPTIONS = "DENY"
# Browser features the site never uses, switched off for it and anything it embeds
# (newsroom.middleware.SecurityHeadersMiddleware sends the header). Only names that
# Chromium knows: an unknown one is reported in every page's console.
PERMISSIONS_POLICY = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
# Methods some view of the site answers; anything else (TRACE, PUT, DELETE...) gets 405
# (newsroom.middleware.AllowedMethodsMiddleware).
ALLOWED_HTTP_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
SESSION_COOKIE_HTTPONLY = True
# No script of the site reads the CSRF token from the cookie: forms carry it.
CSRF_COOKIE_HTTPONLY = True
# Lax: the cookies go with a reader following a link here, never with a cross-site POST.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Secure by default, as cookiecutter-django: with debug off the site is HTTPS only
# (redirect, HSTS, Secure cookies) unless a variable turns a part off, as `make serve`,
# the benchmark and the soak do for plain HTTP on 127.0.0.1. Forgetting a variable then
# leaves production safe instead of open.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer's health check reaches the processes directly, over plain HTTP: it
# must get the answer, not a redirect it may count as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS is sent only over HTTPS and only while its max-age is above 0: a year by default,
# the least the browsers' preload list takes; the two flags then make the header what
# the preload list asks for.
HSTS_ONE_YEAR_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS") or (0 if DEBUG else HSTS_ONE_YEAR_SECONDS)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
# How many proxies (load balancer, web server) stand in front and append to
# X-Forwarded-For; 0 means clients connect directly and REMOTE_ADDR is theirs.
PROXY_COUNT = int(os.environ.get("NEWSROOM_PROXY_COUNT", "0"))
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The site's own page, in its look, for a form sent without a valid CSRF token.
CSRF_FAILURE_VIEW = "newsroom.views.csrf_failure"
# Keep the X-Request-ID a proxy in front sets instead of making a new one. Only behind a
# proxy that always sets (or strips) it: otherwise clients could choose their ids.
TRUST_REQUEST_ID = env_bool("NEWSROOM_TRUST_REQUEST_ID")

# --- Forms --------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Articles -------------------------------------------------------------------------------
ARTICLES_PER_PAGE = int(os.environ.get("NEWSROOM_ARTICLES_PER_PAGE", "12"))
RELATED_ARTICLES_COUNT = 4

# --- Comments --------------------------------------------------------------------------------
COMMENTS_PER_PAGE = int(os.environ.get("NEWSROOM_COMMENTS_PER_PAGE", "50"))
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("NEWSROOM_COMMENTS_CLOSE_AFTER_DAYS", "30"))
COMMENTS_MAX_LINKS = int(os.environ.get("NEWSROOM_COMMENTS_MAX_LINKS", "2"))
# A member with an approved comment posts straight through; off, every comment waits.
COMMENTS_TRUST_MEMBERS = env_bool("NEWSROOM_COMMENTS_TRUST_MEMBERS", default=True)
COMMENTS_MIN_INTERVAL_SECONDS = int(os.environ.get("NEWSROOM_COMMENTS_MIN_INTERVAL", "15"))
COMMENTS_MAX_PER_HOUR = int(os.environ.get("NEWSROOM_COMMENTS_MAX_PER_HOUR", "10"))
# Rendered pages of an article's approved threads are kept this long (comments.caching);
# a decided comment replaces them at once, so the limit only bounds memory.
COMMENTS_BLOCK_CACHE_SECONDS = 24 * 60 * 60
COMMENTS_SIDEBAR_COUNT = int(os.environ.get("NEWSROOM_COMMENTS_SIDEBAR_COUNT", "5"))
# The key of the HMAC that stands in for client addresses. To rotate it, put the old key
# in the fallbacks (comma-separated): bans in force keep matching until they are re-keyed.
COMMENTS_ADDRESS_KEY = os.environ.get("NEWSROOM_COMMENTS_ADDRESS_KEY", "") or SECRET_KEY
COMMENTS_ADDRESS_KEY_FALLBACKS = env_list("NEWSROOM_COMMENTS_ADDRESS_KEY_FALLBACKS") or (
    [] if os.environ.get("NEWSROOM_COMMENTS_ADDRESS_KEY") else list(SECRET_KEY_FALLBACKS)
)
# Address hashes on comments are cleared this many days after posting (comments_cleanup).
COMMENTS_ADDRESS_RETENTION_DAYS = int(os.environ.get("NEWSROOM_COMMENTS_ADDRESS_DAYS", "90"))
# A guest confirms their email once (a link by mail); then their browser is trusted with it.
COMMENTS_CONFIRM_EMAILS = env_bool("NEWSROOM_COMMENTS_CONFIRM_EMAILS", default=True)
COMMENTS_CONFIRM_MAX_AGE_SECONDS = 24 * 60 * 60
# Confirmation mails sent to one address in a day, whoever asks: the form is no mail cannon.
COMMENTS_CONFIRM_MAILS_PER_DAY = 3
COMMENTS_UNCONFIRMED_PURGE_DAYS = 7
# Reports one client may file in an hour.
COMMENTS_REPORTS_PER_HOUR = 20
# A confirmed guest with this many approved comments posts straight through.
COMMENTS_TRUSTED_AFTER = int(os.environ.get("NEWSROOM_COMMENTS_TRUSTED_AFTER", "2"))
# Readers' reports that hide a comment until a moderator decides.
COMMENTS_FLAG_THRESHOLD = int(os.environ.get("NEWSROOM_COMMENTS_FLAG_THRESHOLD", "3"))
# How long after posting a commenter may edit or delete their comment.
COMMENTS_EDIT_SECONDS = 10 * 60
# A comment form older than this must be sent again (its signed timestamp expires).
COMMENTS_FORM_MAX_AGE_SECONDS = 2 * 60 * 60

# --- Logging ---------------------------------------------------------------------------------
# Everything goes to the console once, through the root logger: Django's own console
# handler on the "django" logger (active with DEBUG) is dropped, or each line came twice.
# An expected refusal (400-499) is one line without a traceback; a 500 keeps its traceback
# (newsroom.log_filters). runserver's access log keeps its look but leaves out refusals,
# which django.request has logged already.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "newsroom.request_id.RequestIdFilter"},
        "refusal_without_traceback": {"()": "newsroom.log_filters.RefusalWithoutTraceback"},
        "refusal_logged_by_django": {"()": "newsroom.log_filters.RefusalLoggedByDjango"},
    },
    "formatters": {
        # The request id ties a 500's log line to the reference shown on the error page.
        "console": {"format": "%(levelname)s %(name)s [request %(request_id)s] %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "refusal_without_traceback"],
            "formatter": "console",
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "filters": ["refusal_logged_by_django"],
            "formatter": "django.server",
        },
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

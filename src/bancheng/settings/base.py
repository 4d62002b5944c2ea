"""Settings shared by every environment; values come from ``bancheng.env``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from bancheng import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = env.var_dir()

SECRET_KEY = env.text("BANCHENG_SECRET_KEY", "dev-only-not-secret-change-me")
DEBUG = env.flag("BANCHENG_DEBUG", False)
ALLOWED_HOSTS = [h for h in env.text("BANCHENG_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "bancheng.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "bancheng.org",
    "bancheng.calendars",
    "bancheng.policies",
    "bancheng.audit",
    "bancheng.cases",
    "bancheng.documents",
    "bancheng.ledger",
    "bancheng.stats",
    "bancheng.evaluation",
    "bancheng.dashboard",
    "bancheng.filings",
    "bancheng.notifications",
    "bancheng.reports",
    "bancheng.recurring",
    "bancheng.jobs",
    "bancheng.ratings",
    "bancheng.portal",
    "ninja",
    "bancheng.api",
    "bancheng.open311",
    "bancheng.hotline",
    "bancheng.catalog",
    "bancheng.knowledge",
    "bancheng.search",
    "bancheng.suggest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bancheng.web.middleware.DomainErrorMiddleware",
    "bancheng.web.middleware.RejectNulMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the lockout page
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bancheng.urls"
WSGI_APPLICATION = "bancheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bancheng.web.context.workspace",
            ],
        },
    },
]

DATABASES = {"default": env.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.Staff"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while an account is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after 5 failed sign-ins of one account (等保 2.0 level 3), for 30 minutes by default.
AXES_FAILURE_LIMIT = env.number("BANCHENG_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.number("BANCHENG_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# A service hall's desks share one outward address: locking by address would lock the whole hall out after
# five mistakes by anyone in it, so accounts are locked by name only (axes.W006).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
# Content Security Policy: every script, style and image comes from the installation itself (no CDN, no
# inline code), forms post only here, no framing.
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
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
CSRF_FAILURE_VIEW = "bancheng.web.views.csrf_failure"
LOGIN_URL = "sign_in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign_in"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.number("BANCHENG_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# The deployment's own settings.
BANCHENG_PRESET = env.text("BANCHENG_PRESET", "shenyang")
BANCHENG_BIND = env.text("BANCHENG_BIND", "127.0.0.1:8000")
BANCHENG_SCHEDULER = env.flag("BANCHENG_SCHEDULER", True)
# Where requesters reach the public pages; the QR code of an intake form points to <this>/progress/<number>/.
BANCHENG_PUBLIC_URL = env.text("BANCHENG_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("BANCHENG_LOG_LEVEL", "INFO")},
}

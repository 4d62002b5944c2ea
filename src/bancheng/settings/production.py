"""Production: secrets and hosts must come from the environment; HSTS-ready cookies."""

from bancheng import env
from bancheng.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.text("BANCHENG_SECRET_KEY")
if not SECRET_KEY:
    raise RuntimeError("BANCHENG_SECRET_KEY must be set in production")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.number("BANCHENG_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True

"""A developer's machine and the demo: the embedded SQLite database unless DATABASE_URL says otherwise."""

from bancheng.settings.base import *  # noqa: F403

DEBUG = True

"""The test run: fast hashing, the same database selection as everywhere else."""

import tempfile
from pathlib import Path

from bancheng.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
BANCHENG_SCHEDULER = False

# Serve static files from the apps directly: no collectstatic needed for tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Uploaded files of a test run go to a throwaway directory.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bancheng-test-media-"))

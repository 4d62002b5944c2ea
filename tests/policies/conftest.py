from tests.pages.conftest import as_user, demo  # noqa: F401

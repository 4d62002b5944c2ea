"""The browser fixtures of tests/browser (Debian's chromium, one per package, CSP and 500 watchers)."""

from pathlib import Path

import pytest

from tests.browser.conftest import (  # noqa: F401 - fixtures
    CHROMIUM,
    browser,
    context,
    load_demo,
    page,
    script_errors,
    server_errors,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is missing"))

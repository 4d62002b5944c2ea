"""Fixtures shared by the Django tests. Django is imported lazily, so that tests/domain runs as plain
Python (``pytest tests/domain -p no:django``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.support import Org


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("django"):
        from tests import live_server

        live_server.install()


@pytest.fixture
def org(db) -> Org:
    """The demo organization under the shenyang preset (seed 000)."""
    from tests.support import make_org

    return make_org("shenyang")


@pytest.fixture
def putuo_org(db) -> Org:
    """The demo organization under the putuo preset (seed 004)."""
    from tests.support import make_org

    return make_org("putuo")

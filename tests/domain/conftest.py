"""The domain rules run as plain Python: no database, no Django."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import settings

from bancheng.domain.calendar import TZ, WorkCalendar, default_calendar

# Properties run at a moderate count so the domain suite stays a few seconds long.
PROPERTY = settings(max_examples=200, deadline=None)


def shanghai(*args: int) -> datetime:
    """An instant on the wall clock of Asia/Shanghai."""
    return datetime(*args, tzinfo=TZ)


@pytest.fixture(scope="session")
def cal() -> WorkCalendar:
    """The state calendar as the installed ``holidays`` package carries it, without overrides."""
    return default_calendar()

from __future__ import annotations

import pytest

from tests.search.corpus import CASES
from tests.support import shanghai

NAMES = ["张伟", "王芳", "李娜", "刘洋洋", "陈静", "杨帆"]


@pytest.fixture
def corpus(org, django_capture_on_commit_callbacks):
    """The thirty cases, registered by the demo officer; indexed after commit like in production."""
    cases = []
    with django_capture_on_commit_callbacks(execute=True):
        for i, (business, problem) in enumerate(CASES):
            cases.append(
                org.register(
                    shanghai(2026, 3, 2, 9, i),
                    business=business,
                    problem=problem,
                    requester_name=NAMES[i % len(NAMES)],
                    requester_phone=f"139{i:08d}",
                )
            )
    return cases

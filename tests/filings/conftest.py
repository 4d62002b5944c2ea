from __future__ import annotations

import pytest

from bancheng.cases import actions as act
from tests.support import shanghai

# The week of Monday 2026-11-16; it is filed on Monday 2026-11-23, a working day, by 17:00.
WEEK = shanghai(2026, 11, 16).date()
MONDAY_OPENING = shanghai(2026, 11, 23, 8, 30)
DEADLINE = shanghai(2026, 11, 23, 17, 0)


@pytest.fixture
def week_cases(org):
    """Cases around the week of 2026-11-16: two of HQ and one of HP inside it, one of HQ the Sunday before
    and one of HQ the Monday after."""

    def at_branch(code, when, phone, name):
        return act.register_case(
            actor=org.office,
            branch=org.unit(code),
            now=when,
            channel="phone",
            requester_name=name,
            requester_phone=phone,
            business="住房公积金提取",
            problem=f"{name}的提取申请被退回",
        )

    return {
        "hq_1": org.register(
            shanghai(2026, 11, 16, 0, 5), requester_name="张一", requester_phone="13800000001"
        ),
        "hq_2": org.register(
            shanghai(2026, 11, 22, 23, 50), requester_name="张二", requester_phone="13800000002"
        ),
        "hp_1": at_branch("HP", shanghai(2026, 11, 18, 10, 0), "13900000003", "李三"),
        "hq_before": org.register(
            shanghai(2026, 11, 15, 23, 55), requester_name="王四", requester_phone="13800000004"
        ),
        "hq_after": org.register(
            shanghai(2026, 11, 23, 0, 1), requester_name="赵五", requester_phone="13800000005"
        ),
    }

"""Cases of the weeks 2026-W46 and W47 (shenyang demo organization): four requesters who cannot withdraw
their housing fund because their deregistered employer cannot issue a leaving certificate (one of them asks
twice, writing the phone differently), one requester asking about a house certificate five times, and two
unrelated cases."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bancheng.domain.calendar import TZ

W46 = date(2026, 11, 9)
W47 = date(2026, 11, 16)
W48 = date(2026, 11, 23)
MONDAY_W48 = datetime(2026, 11, 23, 7, 30, tzinfo=TZ)
MONDAY_W49 = datetime(2026, 11, 30, 7, 30, tzinfo=TZ)

LEAVING = [
    ("林晓", "13900000001", "离职提取", "原单位已经注销，开不出离职证明，离职提取公积金被退回"),
    ("周强", "13900000002", "住房公积金提取", "离职后提取公积金，窗口要离职证明，单位注销了开不了"),
    ("吴敏", "13900000003", "离职提取", "单位注销了没法开离职证明，无法办理离职提取"),
    ("林晓", "+86 139 0000 0001", "离职提取", "单位注销开不了离职证明，离职提取还是办不了"),
]
HOUSE = ("钱多", "13900000009", "不动产登记", "房产证加名需要什么材料，跑了好几次还没办成")
OTHER = [
    ("孙丽", "13900000011", "社保补缴", "十几年前的社保费需要追缴，缺少工资流水"),
    ("赵云", "13900000012", "公积金贷款", "贷款审批超过承诺时限仍无结果"),
]


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


@pytest.fixture
def weeks(org):
    """The cases by key: leaving0..leaving3 (W46 Tue, W47 Mon/Wed/Thu), house0..house4 (W47), other0..1."""

    def register(when, name, phone, business, problem):
        return org.register(
            when, requester_name=name, requester_phone=phone, business=business, problem=problem
        )

    days = [date(2026, 11, 10), date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 19)]
    cases = {
        f"leaving{i}": register(at(d), *row) for i, (d, row) in enumerate(zip(days, LEAVING, strict=True))
    }
    for i in range(5):
        cases[f"house{i}"] = register(at(date(2026, 11, 16 + i), 11), *HOUSE)
    for i, row in enumerate(OTHER):
        cases[f"other{i}"] = register(at(date(2026, 11, 17), 15), *row)
    return org, cases

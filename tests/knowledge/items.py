"""A catalog service item for the knowledge tests (written directly: the catalog's own actions are
CATALOG's; these tests only need a row to link and print)."""

from __future__ import annotations

from datetime import datetime

from bancheng.catalog.models import ServiceItem
from bancheng.domain.calendar import TZ


def make_item(**fields: object) -> ServiceItem:
    values: dict[str, object] = {
        "code": "GJJ-TQ-01",
        "name": "离职提取住房公积金",
        "policy_basis": "《住房公积金管理条例》第二十四条",
        "conditions": "与单位终止劳动关系满半年",
        "procedure": "窗口受理\n审核\n转账",
        "materials": ["身份证", "离职证明", "本人银行卡"],
        "time_limit": "5个工作日",
        "cooperating_units": "区税务局、中国建设银行",
        "place": "直属管理部一楼3号窗口",
        "phone": "024-12329",
        "categories": ["withdrawal"],
        "updated_at": datetime(2026, 11, 1, 9, 0, tzinfo=TZ),
    }
    values.update(fields)
    return ServiceItem.objects.create(**values)

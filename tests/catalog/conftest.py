"""Service items for the catalog's tests; the demo organization and a signed-in client for its pages."""

from __future__ import annotations

import pytest

from tests.pages.conftest import as_user, demo  # noqa: F401
from tests.support import shanghai

WHEN = shanghai(2026, 3, 2, 9, 0)


def item_fields(**changes):
    fields = {
        "code": "GJJ-TQ-09",
        "name": "租房提取住房公积金",
        "policy_basis": "《住房公积金管理条例》第二十四条",
        "conditions": "本人及配偶在本市无自有住房",
        "procedure": "窗口受理\n审核\n转入银行卡",
        "materials": ["本人身份证原件", "房屋租赁合同", "本人银行卡"],
        "time_limit": "5个工作日",
        "cooperating_units": "不动产登记中心",
        "place": "公积金中心服务大厅",
        "phone": "024-12329",
        "categories": ["withdrawal"],
    }
    fields.update(changes)
    return fields


@pytest.fixture
def make_item(org):
    from bancheng.catalog.actions import create_service_item

    def make(**changes):
        return create_service_item(actor=org.admin, now=WHEN, **item_fields(**changes))

    return make


def catalog_events(action=None):
    from bancheng.audit.models import Event

    events = Event.objects.filter(stream="catalog").order_by("seq")
    return events.filter(action=action) if action else events

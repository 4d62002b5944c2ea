"""A system check: the dashboard's charts need ECharts, placed by ``make install``."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from bancheng.dashboard.vendor import TARGET


def echarts_missing() -> bool:
    return not TARGET.is_file()


MISSING_MESSAGE = (
    "缺少图表组件 ECharts，领导驾驶舱无法绘图：请运行 make install（或 python -m bancheng.dashboard.vendor）"
)


@register()
def echarts_in_place(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if echarts_missing():
        return [Error(MISSING_MESSAGE, hint=f"应有文件 {TARGET}", id="bancheng.dashboard.E001")]
    return []

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "bancheng.dashboard"
    verbose_name = "督办看板与领导驾驶舱"

    def ready(self) -> None:
        from bancheng.dashboard import checks  # noqa: F401  (registers the ECharts asset check)

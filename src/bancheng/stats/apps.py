from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "bancheng.stats"
    verbose_name = "统计分析"

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "bancheng.reports"
    verbose_name = "研判通报"

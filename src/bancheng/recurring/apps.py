from django.apps import AppConfig


class RecurringConfig(AppConfig):
    name = "bancheng.recurring"
    verbose_name = "同类问题"

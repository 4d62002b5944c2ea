from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bancheng.audit"
    verbose_name = "审计"

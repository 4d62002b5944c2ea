from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "bancheng.policies"
    verbose_name = "办理规则"

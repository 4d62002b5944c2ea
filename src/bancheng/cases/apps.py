from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "bancheng.cases"
    verbose_name = "诉求件"

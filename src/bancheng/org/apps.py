from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "bancheng.org"
    verbose_name = "组织机构"

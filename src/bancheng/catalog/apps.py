from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "bancheng.catalog"
    verbose_name = "事项目录"

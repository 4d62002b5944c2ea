from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "bancheng.web"
    verbose_name = "工作台"

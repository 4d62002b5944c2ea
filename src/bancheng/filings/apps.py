from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "bancheng.filings"
    verbose_name = "周报备"

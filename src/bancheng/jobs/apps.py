from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "bancheng.jobs"
    verbose_name = "定时任务"

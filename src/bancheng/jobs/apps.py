from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "bancheng.jobs"
    verbose_name = "定时任务"

    def ready(self) -> None:
        from bancheng.jobs.registry import autodiscover

        autodiscover()

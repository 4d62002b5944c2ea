from django.apps import AppConfig


class SuggestConfig(AppConfig):
    name = "bancheng.suggest"
    verbose_name = "智能建议"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from bancheng.audit.models import Event
        from bancheng.suggest.listeners import on_event

        # Assessments and transfers are recorded as suggestion feedback after their transaction commits.
        post_save.connect(on_event, sender=Event, dispatch_uid="suggest.on_event")

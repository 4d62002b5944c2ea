from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "bancheng.hotline"
    verbose_name = "12345热线"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from bancheng.audit.models import Event
        from bancheng.hotline.outbound import on_event

        post_save.connect(on_event, sender=Event, dispatch_uid="hotline.on_event")

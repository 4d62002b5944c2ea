from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "bancheng.notifications"
    verbose_name = "消息通知"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from bancheng.audit.models import Event
        from bancheng.notifications.listeners import on_event

        # A saved Event is the one point every case change passes through (registration does not run in
        # case_action), inside the change's own transaction: the outbox row commits or rolls back with it.
        post_save.connect(on_event, sender=Event, dispatch_uid="notifications.on_event")

from django.contrib import admin

from bancheng.audit.models import Event
from bancheng.readonly_admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("stream", "seq", "action", "actor_name", "at")
    list_filter = ("action",)
    search_fields = ("stream",)

from django.contrib import admin

from bancheng.readonly_admin import ReadOnlyAdmin
from bancheng.recurring.models import RecurringGroup, RecurringRun


@admin.register(RecurringGroup)
class RecurringGroupAdmin(ReadOnlyAdmin):
    list_display = ["label", "week_start", "case_count", "requester_count", "status"]
    list_filter = ["status", "week_start"]


@admin.register(RecurringRun)
class RecurringRunAdmin(ReadOnlyAdmin):
    list_display = ["week_start", "ran_at", "case_count", "group_count", "new_groups", "notified"]

from django.contrib import admin

from bancheng.filings.models import FilingReminder, WeeklyFiling
from bancheng.readonly_admin import ReadOnlyAdmin


@admin.register(WeeklyFiling)
class WeeklyFilingAdmin(ReadOnlyAdmin):
    list_display = ("branch", "week_start", "filed_at", "automatic", "late", "case_count")
    list_filter = ("late", "automatic")
    exclude = (
        "ledger",
        "forms",
    )  # the files carry full personal data: opened only on the filing page (logged)


@admin.register(FilingReminder)
class FilingReminderAdmin(ReadOnlyAdmin):
    list_display = ("branch", "week_start", "day", "sent_at", "to_role")

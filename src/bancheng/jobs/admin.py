from django.contrib import admin

from bancheng.jobs.models import JobRun

# One read-only base for the whole project; it lives with the cases, the first app that needed it.
from bancheng.readonly_admin import ReadOnlyAdmin


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    """Runs are written by the scheduler only: the admin shows them and changes nothing."""

    list_display = ("job", "slot", "status", "started_at", "finished_at", "counts")
    list_filter = ("job", "status")
    date_hierarchy = "slot"

"""Read-only admin: cases are changed only through actions (the workspace and the CLI)."""

from django.contrib import admin

from bancheng.cases.models import Assignment, Case, Deadline
from bancheng.readonly_admin import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "state", "branch", "channel", "case_class", "registered_at")
    list_filter = ("state", "channel", "case_class", "branch")
    search_fields = ("number",)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("case", "unit", "state", "transferred_at", "signed_at", "resolved_at")
    list_filter = ("state", "unit")


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "due_at", "status", "provisional", "met_at")
    list_filter = ("kind", "status", "provisional")

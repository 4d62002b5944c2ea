from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from bancheng.org.models import Staff, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")


@admin.register(Staff)
class StaffAdmin(UserAdmin):
    list_display = ("username", "full_name", "unit", "role", "backup", "absent", "is_active")
    list_filter = ("role", "absent", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("办成", {"fields": ("full_name", "unit", "role", "phone", "backup", "absent")}),
    )

"""Read-only admin views of the catalog: changes go through the catalog's own pages (versioned, audited)."""

from django.contrib import admin

from bancheng.catalog.models import ServiceItem, ServiceItemVersion
from bancheng.readonly_admin import ReadOnlyAdmin


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "is_active", "version", "updated_at")
    search_fields = ("code", "name")


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(ReadOnlyAdmin):
    list_display = ("item", "number", "author", "created_at")

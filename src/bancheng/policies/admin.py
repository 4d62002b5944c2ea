from django.contrib import admin

from bancheng.policies.models import PolicyVersion


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "name", "preset", "active", "published_at", "published_by", "note"]
    readonly_fields = [f.name for f in PolicyVersion._meta.fields]

    def has_add_permission(self, request):  # a version is published by the service, never typed in
        return False

    def has_delete_permission(self, request, obj=None):
        return False

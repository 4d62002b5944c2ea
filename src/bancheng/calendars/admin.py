from django.contrib import admin

from bancheng.calendars import services
from bancheng.calendars.models import CalendarOverride, CalendarSettings, ScheduleImport, StateScheduleDay


@admin.register(CalendarSettings)
class CalendarSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]
    fields = ["weekend_service", "hours"]

    def save_model(self, request, obj, form, change):
        if "weekend_service" in form.changed_data:
            services.set_weekend_service(obj.weekend_service, actor=request.user)
        if "hours" in form.changed_data:
            services.set_hours(obj.hours, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "note", "created_by", "created_at"]
    fields = ["day", "kind", "note"]

    def save_model(self, request, obj, form, change):
        services.add_override(obj.day, obj.kind, note=obj.note, actor=request.user)

    def delete_model(self, request, obj):
        services.remove_override(obj.day, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.remove_override(obj.day, actor=request.user)


class StateScheduleDayInline(admin.TabularInline):
    model = StateScheduleDay
    extra = 0
    can_delete = False
    readonly_fields = ["day", "kind", "name"]


@admin.register(ScheduleImport)
class ScheduleImportAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "imported_at", "imported_by", "recomputed"]
    readonly_fields = ["year", "source", "imported_at", "imported_by", "recomputed"]
    inlines = [StateScheduleDayInline]

    def has_add_permission(self, request):  # imported with `bancheng calendar import FILE`
        return False

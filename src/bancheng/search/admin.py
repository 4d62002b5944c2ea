from django.contrib import admin

from bancheng.readonly_admin import ReadOnlyAdmin
from bancheng.search.models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyAdmin):
    list_display = ("kind", "object_id", "title", "indexed_at")
    list_filter = ("kind",)

from django.contrib import admin

from bancheng.readonly_admin import ReadOnlyAdmin
from bancheng.suggest.models import SuggestionFeedback, SuggestionModel


@admin.register(SuggestionModel)
class SuggestionModelAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "trained_at", "samples", "accuracy", "top3_accuracy", "active")
    list_filter = ("kind", "active")
    exclude = ("blob",)


@admin.register(SuggestionFeedback)
class SuggestionFeedbackAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "suggested", "chosen", "accepted", "model", "at")
    list_filter = ("kind", "accepted")

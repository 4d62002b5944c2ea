from django.contrib import admin

from bancheng.knowledge.models import Article, ArticleVersion
from bancheng.readonly_admin import ReadOnlyAdmin


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("pk", "title", "status", "version", "author", "published_at")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(ArticleVersion)
class ArticleVersionAdmin(ReadOnlyAdmin):
    list_display = ("article", "number", "author", "created_at")

"""The search index: one row per searchable thing, holding its words already cut by jieba, so that each
database's own full-text engine (PostgreSQL tsvector + GIN, SQLite FTS5) only has to split on spaces."""

from __future__ import annotations

from django.db import models

from bancheng.search.choices import Kind


class SearchEntry(models.Model):
    """One case, knowledge article or catalog service item as the search sees it: its title, its text with
    personal data removed (for the highlighted snippet), its search terms space-joined (what the engines
    index), and the few columns a permission filter needs, so that a search never reads the cases table."""

    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField("对象编号")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文（已去除个人信息）")
    terms = models.TextField("检索词")
    # permission columns: for a case its receiving branch and first-responsible officer; for an article its
    # author; ``restricted`` = only the owner and the editors may see it (an unpublished article)
    branch_id = models.BigIntegerField("受理单位", null=True, blank=True)
    owner_id = models.BigIntegerField("负责人", null=True, blank=True)
    restricted = models.BooleanField("仅限编辑可见", default=False)
    happened_at = models.DateTimeField("时间", null=True, blank=True)
    source_hash = models.CharField("内容摘要", max_length=40)
    indexed_at = models.DateTimeField("索引时间")

    class Meta:
        verbose_name = "检索索引"
        verbose_name_plural = "检索索引"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_kind_object")]
        indexes = [
            models.Index(fields=["kind", "branch_id"], name="search_entry_kind_branch"),
            models.Index(fields=["kind", "owner_id"], name="search_entry_kind_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class PendingIndex(models.Model):
    """A thing whose index row must be rebuilt by the ``search_index`` job: written in bulk by batch paths
    (one statement per batch) and when indexing after commit failed."""

    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField("对象编号")
    marked_at = models.DateTimeField("标记时间")

    class Meta:
        verbose_name = "待索引"
        verbose_name_plural = "待索引"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_pending_kind_object")
        ]

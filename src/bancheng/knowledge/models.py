"""The knowledge base (知识库, seed 001 五(四)): why things could not be done and how they were solved, written
once from a closed case and published for every officer and the volunteer desk. Rows are written only by
``bancheng.knowledge.actions`` (one transaction, one event on the ``knowledge`` audit stream each)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bancheng.domain.articles import ArticleStatus
from bancheng.knowledge.choices import ARTICLE_STATUS_CHOICES

STAFF = settings.AUTH_USER_MODEL

# The fields whose text makes up an article's content (what a version snapshots).
CONTENT_FIELDS = ("title", "problem", "cause", "solution", "policy_basis")


class Article(models.Model):
    """知识条目: one problem, its cause, the solution and the policy basis, with the categories and service
    items it concerns. ``version`` is the number of the current content; every change of the content writes an
    ``ArticleVersion`` with that number, so old versions stay readable. A draft drafted from a case keeps
    ``source_case``; its text was stripped of the requester's personal data when it was drafted."""

    title = models.CharField("标题", max_length=200)
    problem = models.TextField("问题")
    cause = models.TextField("原因", blank=True)
    solution = models.TextField("解决办法", blank=True)
    policy_basis = models.TextField("政策依据", blank=True)
    categories = models.JSONField("事项分类", default=list, blank=True)  # the policy's category codes
    service_items = models.ManyToManyField(
        "catalog.ServiceItem", verbose_name="相关事项", blank=True, related_name="articles"
    )
    status = models.CharField(
        "状态", max_length=16, choices=ARTICLE_STATUS_CHOICES, default=ArticleStatus.DRAFT.value
    )
    version = models.PositiveIntegerField("版本", default=1)
    source_case = models.ForeignKey(
        "cases.Case",
        verbose_name="来源诉求件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    author = models.ForeignKey(STAFF, verbose_name="起草人", on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        STAFF, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField("审核意见", blank=True)  # why it was last sent back or withdrawn
    created_at = models.DateTimeField("起草时间")
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "知识条目"
        verbose_name_plural = "知识条目"
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["author", "status"], name="article_author_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return ArticleStatus(self.status).label

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    def content(self) -> dict[str, object]:
        """The snapshot of the current content, as a version keeps it."""
        data: dict[str, object] = {name: getattr(self, name) for name in CONTENT_FIELDS}
        data["categories"] = list(self.categories)
        return data


class ArticleVersion(models.Model):
    """One version of an article's content as it was saved. Never edited."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    snapshot = models.JSONField("内容快照")  # CONTENT_FIELDS, categories, service_items [[pk, code, name]]
    status = models.CharField("保存时状态", max_length=16, choices=ARTICLE_STATUS_CHOICES)
    author = models.ForeignKey(STAFF, verbose_name="修改人", on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("保存时间")

    class Meta:
        verbose_name = "知识条目版本"
        verbose_name_plural = "知识条目版本"
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="knowledge_article_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} 第{self.number}版"

"""The ledger's own records: layouts an administrator defined, and exports that run in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bancheng.domain.policy import LedgerColumn

STAFF = settings.AUTH_USER_MODEL


class LedgerLayout(models.Model):
    """台账格式: a column layout of the administrator's own (besides the presets' ``shenyang``,
    ``shanting`` and ``putuo``): which sources, in which order, under which headings."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    columns = models.JSONField("列", default=list)  # [{"label", "source", "group"}]
    created_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "台账格式"
        verbose_name_plural = "台账格式"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def ledger_columns(self) -> tuple[LedgerColumn, ...]:
        return tuple(LedgerColumn(c["label"], c["source"], c.get("group", "")) for c in self.columns or [])


class ExportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class LedgerExport(models.Model):
    """A large ledger export made in the background: the filter and layout as requested, its progress,
    and the file, which only the requester (and the administrator) may download."""

    requested_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    filters = models.JSONField("筛选条件", default=dict)
    layout = models.CharField("台账格式", max_length=40)
    columns = models.JSONField("列", default=list)  # frozen at request time
    fmt = models.CharField("文件格式", max_length=8, default="xlsx")
    masked = models.BooleanField("个人信息打码", default=True)
    state = models.CharField("状态", max_length=16, choices=ExportState.choices, default=ExportState.QUEUED)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已完成行数", default=0)
    file = models.FileField("文件", upload_to="ledger/exports/", blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("申请时间")
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "台账导出"
        verbose_name_plural = "台账导出"
        indexes = [models.Index(fields=["state", "created_at"])]

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def ledger_columns(self) -> tuple[LedgerColumn, ...]:
        return tuple(LedgerColumn(c["label"], c["source"], c.get("group", "")) for c in self.columns)

    @property
    def download_name(self) -> str:
        return f"台账-{self.layout}-{self.pk}.{self.fmt}"

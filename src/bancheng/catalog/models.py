"""The service item catalog (事项目录). A ``ServiceItem`` holds the CURRENT fields of one item's notice sheet
(事项告知单); every change is a new version whose snapshot is kept in ``ServiceItemVersion``. Rows are written
only by ``bancheng.catalog.actions`` (one transaction, one audit event each)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ServiceItem(models.Model):
    """事项: one service item of the catalog with the fields of its notice sheet."""

    code = models.CharField("事项编码", max_length=40, unique=True)
    name = models.CharField("事项名称", max_length=200)
    policy_basis = models.TextField("政策依据", blank=True)
    conditions = models.TextField("办理条件", blank=True)
    procedure = models.TextField("办理流程", blank=True)
    materials = models.JSONField("申请材料", default=list, blank=True)  # list[str], one per material
    time_limit = models.CharField("办理时限", max_length=100, blank=True)
    cooperating_units = models.TextField("协办单位", blank=True)
    place = models.CharField("办理地点", max_length=300, blank=True)
    phone = models.CharField("咨询电话", max_length=100, blank=True)
    categories = models.JSONField("事项分类", default=list, blank=True)  # list of the policy's category codes
    is_active = models.BooleanField("启用", default=True)
    version = models.PositiveIntegerField("版本号", default=1)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "服务事项"
        ordering = ["code"]
        indexes = [models.Index(fields=["is_active", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ServiceItemVersion(models.Model):
    """One version of a service item: the snapshot of its fields as saved. Never edited."""

    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    snapshot = models.JSONField("内容快照")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("保存时间")

    class Meta:
        verbose_name = verbose_name_plural = "服务事项版本"
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="catalog_item_version_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} 第{self.number}版"

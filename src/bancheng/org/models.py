from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from bancheng.org.choices import Role, UnitKind


class Unit(models.Model):
    """A node of the organization tree: the center, a branch (管理部/分中心), an office, a department,
    or an outside body (the tax bureau, a bank) that a case can be transferred to."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.kind == UnitKind.BRANCH


class Staff(AbstractUser):
    """A person who signs in: an officer at the window, a handler, a unit head, the office, a leader,
    an auditor or an administrator. ``backup`` is the A/B post (A、B 备岗) who acts while this one is absent."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="所在单位", null=True, blank=True, on_delete=models.PROTECT)
    role = models.CharField("角色", max_length=32, choices=Role.choices, default=Role.CASE_OFFICER)
    phone = models.CharField("电话", max_length=40, blank=True)
    backup = models.ForeignKey(
        "self",
        verbose_name="备岗人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backs_up",
    )
    absent = models.BooleanField("暂时离岗", default=False)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

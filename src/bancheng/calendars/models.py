"""A deployment's calendar: its settings, its overrides of the state calendar, and the official schedules
imported for years the ``holidays`` package does not carry yet."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

DEFAULT_HOURS = "08:30-11:30,13:30-17:00"


class CalendarSettings(models.Model):
    """One row. ``revision`` changes with every change to the calendar, so that cached calendars know
    they are stale (a random value: a rolled-back change can never be mistaken for a later one)."""

    weekend_service = models.BooleanField("双休日服务（5+2）", default=False)
    hours = models.CharField("营业时间", max_length=100, default=DEFAULT_HOURS)
    revision = models.UUIDField(default=uuid.uuid4, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "日历设置"

    def __str__(self) -> str:
        return f"营业时间 {self.hours}{'，双休日服务' if self.weekend_service else ''}"


class OverrideKind(models.TextChoices):
    CLOSURE = "closure", "额外休息日"
    WORKING = "working", "额外工作日"


class CalendarOverride(models.Model):
    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=OverrideKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="设置人",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "日历调整"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"


class ScheduleDayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    MAKEUP = "makeup", "调休上班"


class ScheduleImport(models.Model):
    """One year's official schedule (the State Council notice), loaded from a file."""

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("来源文件", max_length=300)
    imported_at = models.DateTimeField("导入时间")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="导入人",
    )
    recomputed = models.PositiveIntegerField("重算的未到期时限数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "法定节假日安排导入"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年安排"


class StateScheduleDay(models.Model):
    schedule = models.ForeignKey(ScheduleImport, models.CASCADE, related_name="days")
    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=ScheduleDayKind.choices)
    name = models.CharField("名称", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "法定节假日安排"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"

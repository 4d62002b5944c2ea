from __future__ import annotations

from django.conf import settings
from django.db import models

from bancheng.recurring.choices import GroupStatus

STAFF = settings.AUTH_USER_MODEL


class RecurringGroup(models.Model):
    """同类问题: cases of the look-back window that say the same problem (similar words in 所办事项 and
    反映内容) from several different requesters, flagged to the center office as a candidate for a root-cause
    analysis (溯源分析) and a guide card. A group found again in a later week (mostly the same cases) is the
    same row, updated: ``week_start`` is the latest week it was found in, ``history`` its counts per week.
    No personal data: requesters are only counted."""

    first_week = models.DateField("首次发现周")
    week_start = models.DateField("最近发现周")
    label = models.CharField("主题词", max_length=200)
    terms = models.JSONField("主题词（列表）", default=list)
    case_count = models.PositiveIntegerField("件数")
    requester_count = models.PositiveIntegerField("诉求人数")
    trend = models.JSONField("各周件数（回看窗口）", default=list)
    history = models.JSONField("历次发现", default=list)
    status = models.CharField("状态", max_length=16, choices=GroupStatus.choices, default=GroupStatus.NEW)
    dismiss_reason = models.CharField("不作处理原因", max_length=500, blank=True)
    notes = models.TextField("溯源分析记录", blank=True)
    handled_by = models.ForeignKey(
        STAFF, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    article_id = models.PositiveIntegerField("知识条目", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "同类问题"
        verbose_name_plural = "同类问题"
        ordering = ["-week_start", "-requester_count", "-case_count", "pk"]
        indexes = [models.Index(fields=["week_start", "status"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.week_start.isoformat()})"


class RecurringMember(models.Model):
    """One case of a group, as of the latest week the group was found in (earlier members that left the
    window stay, with the week they were last seen)."""

    group = models.ForeignKey(
        RecurringGroup, verbose_name="同类问题", on_delete=models.CASCADE, related_name="members"
    )
    case = models.ForeignKey("cases.Case", verbose_name="诉求件", on_delete=models.PROTECT, related_name="+")
    last_week = models.DateField("最近所在周")

    class Meta:
        verbose_name = "同类问题诉求件"
        verbose_name_plural = "同类问题诉求件"
        constraints = [models.UniqueConstraint(fields=["group", "case"], name="recurring_member_unique")]
        indexes = [models.Index(fields=["last_week", "group"])]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.case_id}"


class RecurringRun(models.Model):
    """One weekly detection: the week whose end closed the window, the settings used and what it found.
    Its uniqueness makes the weekly job idempotent."""

    week_start = models.DateField("周", unique=True)
    ran_at = models.DateTimeField("运行时间")
    window_first = models.DateField("窗口起始日")
    window_end = models.DateField("窗口截止日（不含）")
    settings = models.JSONField("参数", default=dict)
    case_count = models.PositiveIntegerField("窗口内件数", default=0)
    group_count = models.PositiveIntegerField("同类问题数", default=0)
    new_groups = models.PositiveIntegerField("新发现", default=0)
    continued_groups = models.PositiveIntegerField("延续", default=0)
    notified = models.PositiveIntegerField("提醒人数", default=0)
    seconds = models.FloatField("耗时（秒）", default=0)

    class Meta:
        verbose_name = "同类问题汇总"
        verbose_name_plural = "同类问题汇总"
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return self.week_start.isoformat()

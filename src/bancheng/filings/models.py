from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from bancheng.domain.errors import DomainError
from bancheng.org.choices import Role

STAFF = settings.AUTH_USER_MODEL


class WeeklyFiling(models.Model):
    """周报备: one branch's filing of one week (Monday to Sunday) to the center office: the ledger (附件1,
    XLSX) and the intake forms (附件2, PDF) of the cases the branch registered that week, unmasked, as the
    official record. Made once, by the automatic job or by a person (立即报备), and never changed after:
    the unique (branch, week) pair makes a second filing impossible, even from two processes at once."""

    branch = models.ForeignKey(
        "org.Unit", verbose_name="报备单位", on_delete=models.PROTECT, related_name="+"
    )
    week_start = models.DateField("报备周（周一）")
    due_at = models.DateTimeField("报备截止时间")
    due_provisional = models.BooleanField("截止时间暂定", default=False)
    filed_at = models.DateTimeField("报备时间")
    filed_by = models.ForeignKey(
        STAFF, verbose_name="报备人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    automatic = models.BooleanField("自动报备", default=False)
    late = models.BooleanField("逾期", default=False)
    case_count = models.PositiveIntegerField("诉求件数")
    case_numbers = models.JSONField("诉求件编号", default=list)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name="台账格式所依规则版本",
        on_delete=models.PROTECT,
        related_name="+",
    )
    ledger = models.FileField("台账（附件1）", upload_to="filings/%Y/")
    ledger_sha256 = models.CharField("台账 SHA-256", max_length=64)
    forms = models.FileField("受理单（附件2）", upload_to="filings/%Y/", blank=True)
    forms_sha256 = models.CharField("受理单 SHA-256", max_length=64, blank=True)

    class Meta:
        verbose_name = "周报备"
        verbose_name_plural = "周报备"
        ordering = ["-week_start", "branch__code"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "week_start"], name="weekly_filing_branch_week_unique")
        ]
        indexes = [models.Index(fields=["week_start", "branch"])]

    def __str__(self) -> str:
        return f"{self.branch_id} {self.week_start.isoformat()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise DomainError("filing.immutable", "周报备一经报备不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("filing.immutable", "周报备一经报备不能删除")


class FilingReminder(models.Model):
    """A reminder to a branch that has not filed a week by its deadline, at most one per branch, week and
    day. Shown on the office's board and on the branch officers' filing page; delivery by SMS or the in-app
    outbox comes with the notifications."""

    branch = models.ForeignKey(
        "org.Unit", verbose_name="提醒单位", on_delete=models.PROTECT, related_name="+"
    )
    week_start = models.DateField("报备周（周一）")
    day = models.DateField("提醒日期")
    sent_at = models.DateTimeField("提醒时间")
    to_role = models.CharField("提醒对象", max_length=32, choices=Role.choices, default=Role.CASE_OFFICER)

    class Meta:
        verbose_name = "周报备提醒"
        verbose_name_plural = "周报备提醒"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "week_start", "day"], name="filing_reminder_branch_week_day_unique"
            )
        ]

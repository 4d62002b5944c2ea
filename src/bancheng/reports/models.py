from __future__ import annotations

from django.conf import settings
from django.db import models

from bancheng.reports.choices import ReportKind, ReportState

STAFF = settings.AUTH_USER_MODEL


class AnalysisReport(models.Model):
    """研判通报: the center office's periodic report of one month or quarter, of one branch or of the whole
    center. Its figures are computed from the cases once, when it is generated (and again when a draft is
    regenerated), and kept as a JSON snapshot; the office writes the findings (研判意见) on the draft, then
    publishes it, after which nothing changes. ``version`` counts the edits: a form posts back the version it
    showed and a stale one is refused as a conflict."""

    period_kind = models.CharField("周期", max_length=16, choices=ReportKind.choices)
    period_start = models.DateField("周期起始日")
    branch = models.ForeignKey(
        "org.Unit",
        verbose_name="范围（空为全中心）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField("状态", max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    figures = models.JSONField("数据快照", default=dict)
    findings_overview = models.TextField("总体研判", blank=True)
    findings_causes = models.TextField("问题根源分析", blank=True)
    findings_measures = models.TextField("整改要求与工作建议", blank=True)
    generated_by = models.ForeignKey(
        STAFF, verbose_name="生成人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField("生成时间")
    published_by = models.ForeignKey(
        STAFF, verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "研判通报"
        verbose_name_plural = "研判通报"
        ordering = ["-period_start", "period_kind", "branch_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_kind", "period_start", "branch"],
                condition=models.Q(branch__isnull=False),
                name="report_period_branch_unique",
            ),
            models.UniqueConstraint(
                fields=["period_kind", "period_start"],
                condition=models.Q(branch__isnull=True),
                name="report_period_center_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_kind} {self.period_start.isoformat()} {self.branch_id or 'center'}"

    @property
    def is_draft(self) -> bool:
        return self.state == ReportState.DRAFT

    def findings(self) -> list[tuple[str, str, str]]:
        """(code, heading, text) of each findings section, in report order."""
        from bancheng.reports.choices import FINDINGS

        return [(code, label, getattr(self, f"findings_{code}")) for code, label in FINDINGS]

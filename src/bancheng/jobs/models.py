from django.db import models

from bancheng.jobs.choices import JobStatus


class JobRun(models.Model):
    """One run of a periodic job for one scheduled slot (the start of its period). The slot is claimed by
    inserting this row, so two scheduler processes never run the same job for the same slot twice."""

    job = models.CharField("任务", max_length=100)
    slot = models.DateTimeField("计划时段")
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.RUNNING)
    counts = models.JSONField("计数", default=dict, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "任务运行记录"
        verbose_name_plural = "任务运行记录"
        ordering = ["-slot", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="jobs_jobrun_one_run_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot.isoformat()} ({self.status})"

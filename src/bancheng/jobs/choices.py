from django.db import models


class JobStatus(models.TextChoices):
    RUNNING = "running", "运行中"
    OK = "ok", "成功"
    FAILED = "failed", "失败"

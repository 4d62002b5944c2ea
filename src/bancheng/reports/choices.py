from django.db import models


class ReportKind(models.TextChoices):
    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


# The findings the center office writes (seed 001 五(二): 全面总结、定期研判、深剖根源), in report order.
FINDINGS = (
    ("overview", "总体研判"),
    ("causes", "问题根源分析"),
    ("measures", "整改要求与工作建议"),
)

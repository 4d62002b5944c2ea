from django.db import models


class GroupStatus(models.TextChoices):
    NEW = "new", "待研判"
    ANALYSING = "analysing", "溯源分析中"
    CARDED = "carded", "已形成知识条目"
    DISMISSED = "dismissed", "不作处理"


OPEN_STATUSES = (GroupStatus.NEW, GroupStatus.ANALYSING)

from django.db import models


class Kind(models.TextChoices):
    CASE = "case", "诉求件"
    ARTICLE = "article", "知识库"
    ITEM = "item", "事项目录"

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    """What a model suggests: the case's category (研判) or its handling unit (the first transfer)."""

    CATEGORY = "category", "事项分类"
    UNIT = "unit", "承办单位"

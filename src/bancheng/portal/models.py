from __future__ import annotations

from django.db import models


class Throttle(models.Model):
    """One rate-limit counter of the public pages: how many requests a key (a hashed address, phone or case
    number, never the value itself) made in the current window. In the database, so every app process
    behind the proxy counts the same requests without a shared cache."""

    key = models.CharField(max_length=80, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "访问频率计数"
        verbose_name_plural = "访问频率计数"

    def __str__(self) -> str:
        return self.key

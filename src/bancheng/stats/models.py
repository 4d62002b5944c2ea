"""Daily roll-ups (日汇总) of the KPI items, so the dashboard reads a few thousand rows instead of scanning every
case (DESIGN.md: "Lists and dashboards read through indexes or daily roll-ups"). ``bancheng.stats.rollups``
builds and reads them; docs/kpi.md "Daily roll-ups" gives the rules and the freshness."""

from __future__ import annotations

from django.db import models


class DailyRollup(models.Model):
    """The items of one KPI whose anchor time (the deadline's due time, the visit's time, the registration,
    the notice's issue) falls on ``day`` (Asia/Shanghai), for one combination of the case's fields.
    ``by_unit`` rows count the same items per handling unit the way ``Grouping.UNIT`` does (an item may
    count for several units), with the case's fields left empty; the others carry no unit. ``answer`` is the
    satisfaction code for 满意率 (the policy's satisfied codes are chosen when reading)."""

    day = models.DateField()
    kpi = models.CharField(max_length=32)
    by_unit = models.BooleanField(default=False)
    unit_id = models.BigIntegerField(null=True)
    branch_id = models.BigIntegerField(null=True)
    category = models.CharField(max_length=40, blank=True)
    nature = models.CharField(max_length=40, blank=True)
    case_class = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    answer = models.CharField(max_length=40, blank=True)
    numerator = models.BigIntegerField(default=0)
    denominator = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["kpi", "by_unit", "day"], name="rollup_kpi_day")]


class RollupCoverage(models.Model):
    """The days ``[first_day, last_day]`` the roll-ups hold (one row): the dashboard reads those days from
    ``DailyRollup`` and computes any other day live."""

    first_day = models.DateField()
    last_day = models.DateField()
    refreshed_at = models.DateTimeField()

"""The bad-rating loop's records. Rows are written only by ``bancheng.cases.actions.ratings``, inside the
case action that changes them (one transaction, one event on the case's timeline)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bancheng.ratings.choices import APPEAL_STATE_CHOICES, REVIEW_OUTCOME_CHOICES, REVIEW_STATE_CHOICES

STAFF = settings.AUTH_USER_MODEL


class RatingReview(models.Model):
    """差评核实整改: the loop a bad rating opens: verified with the requester by the center office,
    rectified by a unit within the policy's limit, fed back and visited again."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="rating_reviews")
    visit = models.OneToOneField(
        "cases.FollowUpVisit", verbose_name="差评回访", on_delete=models.PROTECT, related_name="rating_review"
    )
    satisfaction = models.CharField("评价", max_length=32)
    opened_at = models.DateTimeField("差评时间")
    state = models.CharField("状态", max_length=16, choices=REVIEW_STATE_CHOICES)
    outcome = models.CharField("结果", max_length=20, choices=REVIEW_OUTCOME_CHOICES, blank=True)

    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verified_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verification_note = models.TextField("核实情况", blank=True)

    unit = models.ForeignKey(
        "org.Unit", verbose_name="整改单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requirement = models.TextField("整改要求", blank=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    assigned_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deadline = models.ForeignKey(
        "cases.Deadline", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    rectification = models.TextField("整改结果", blank=True)
    rectified_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    rectified_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    feedback = models.TextField("反馈内容", blank=True)
    feedback_at = models.DateTimeField("反馈时间", null=True, blank=True)
    feedback_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    revisit = models.OneToOneField(
        "cases.FollowUpVisit",
        verbose_name="整改回访",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisit_of",
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "差评核实整改"
        verbose_name_plural = "差评核实整改"
        indexes = [models.Index(fields=["state", "opened_at"]), models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"差评 {self.case_id}/{self.pk}"


class RatingAppeal(models.Model):
    """差评申诉: a unit (or the window) says a bad rating was given by mistake; the center office or a
    leader decides, and an approved appeal takes the rating out of the statistics."""

    review = models.ForeignKey(RatingReview, on_delete=models.PROTECT, related_name="appeals")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="rating_appeals")
    visit = models.ForeignKey("cases.FollowUpVisit", on_delete=models.PROTECT, related_name="rating_appeals")
    appellant = models.ForeignKey(STAFF, verbose_name="申诉人", on_delete=models.PROTECT, related_name="+")
    appellant_unit = models.ForeignKey(
        "org.Unit", verbose_name="申诉单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appealed_at = models.DateTimeField("申诉时间")
    reason = models.TextField("申诉理由")
    evidence = models.TextField("佐证材料说明", blank=True)
    state = models.CharField("状态", max_length=16, choices=APPEAL_STATE_CHOICES)
    decided_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("复核时间", null=True, blank=True)
    decision_note = models.TextField("复核意见", blank=True)

    class Meta:
        verbose_name = "差评申诉"
        verbose_name_plural = "差评申诉"
        indexes = [models.Index(fields=["state", "appealed_at"])]

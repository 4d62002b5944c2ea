"""The suggestion models learned from assessed cases, and what officers did with their suggestions.
Rows are written only by ``bancheng.suggest.actions``."""

from __future__ import annotations

from django.db import models

from bancheng.suggest.choices import Kind


class SuggestionModel(models.Model):
    """One trained model (tf-idf over jieba words + logistic regression) for one kind of suggestion, with
    how it did on held-out cases. The newest active one of a kind is used; its blob is only unpickled when
    its keyed SHA-256 digest matches."""

    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    trained_at = models.DateTimeField("训练时间")
    samples = models.PositiveIntegerField("样本数")
    held_out = models.PositiveIntegerField("留出样本数", default=0)
    classes = models.PositiveIntegerField("类别数", default=0)
    accuracy = models.FloatField("留出准确率", null=True, blank=True)
    top3_accuracy = models.FloatField("留出前三准确率", null=True, blank=True)
    overrides = models.PositiveIntegerField("改选样本数", default=0)
    data_mark = models.CharField("数据标记", max_length=200, blank=True)
    seconds = models.FloatField("训练用时（秒）", default=0)
    blob = models.BinaryField("模型")
    digest = models.CharField("摘要", max_length=64)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "建议模型"
        verbose_name_plural = "建议模型"
        indexes = [models.Index(fields=["kind", "active", "-id"], name="suggest_model_newest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class SuggestionFeedback(models.Model):
    """What the officer chose when a suggestion was on offer: at assessment (category) and at the case's
    first transfer (unit). An override (accepted false) weighs more in the next training."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    suggested = models.CharField("建议值", max_length=40)
    probability = models.FloatField("置信度")
    chosen = models.CharField("选定值", max_length=40)
    accepted = models.BooleanField("采纳")
    model = models.ForeignKey(
        SuggestionModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    actor = models.ForeignKey("org.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "建议采纳记录"
        verbose_name_plural = "建议采纳记录"
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="suggest_feedback_case_kind_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.suggested}→{self.chosen}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.fields.json import KeyTransform


class Event(models.Model):
    """One immutable entry of the audit trail. A case's timeline is its stream (``case:<id>``); changes that
    belong to no case (a calendar import, a policy publication) go to the ``system`` stream. Each event
    carries the hash of the previous one in its stream, so an edited or removed row is detectable."""

    stream = models.CharField(max_length=40)
    seq = models.PositiveIntegerField()
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(max_length=48)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=100, blank=True)
    acting_for_name = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField()
    request_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "事件"
        verbose_name_plural = "事件"
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="event_stream_seq_unique")]
        indexes = [
            models.Index(fields=["case", "seq"]),
            models.Index(fields=["action", "at"]),
            # the case list's 12345 诉求类型 filter (cases.selectors.cases_of_request_type): one entry per
            # registration, probed by case
            models.Index(
                "case",
                KeyTransform("request_type", "data"),
                name="event_register_request_type",
                condition=models.Q(action="register"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.action}"


class StreamHead(models.Model):
    """The last sequence number and hash of a stream; its row is locked while an event is appended."""

    stream = models.CharField(max_length=40, unique=True)
    seq = models.PositiveIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

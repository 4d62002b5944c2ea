"""Reads of the outbox: a person's own in-app messages, and the message log (phones masked)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bancheng.notifications.choices import Channel
from bancheng.notifications.models import Message
from bancheng.notifications.services import unread_filter


def inbox_of(user: Any) -> QuerySet[Message]:
    """Only the signed-in person's own in-app messages, newest first."""
    return (
        Message.objects.filter(recipient=user, channel=Channel.IN_APP)
        .select_related("case")
        .order_by("-created_at", "-pk")
    )


def unread_count(user: Any) -> int:
    return Message.objects.filter(unread_filter(user)).count()


def message_log(state: str = "", channel: str = "") -> QuerySet[Message]:
    """Every message, newest first, for the administrator and the center office (the page masks phones)."""
    rows = Message.objects.select_related("case", "recipient").order_by("-created_at", "-pk")
    if state:
        rows = rows.filter(state=state)
    if channel:
        rows = rows.filter(channel=channel)
    return rows

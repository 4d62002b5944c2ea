"""The one-time rating link (``notifications.RatingInvitation``, sent with the feedback SMS): valid for
``BANCHENG_RATING_LINK_DAYS`` days, used once, only while the case waits for its follow-up visit.
Kept apart from the case modules: it writes only the invitation row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from bancheng.domain.errors import DomainError
from bancheng.notifications.models import RatingInvitation, hash_token

USED = "该评价链接已使用，感谢您的评价"


def link_days() -> int:
    return int(getattr(settings, "BANCHENG_RATING_LINK_DAYS", 30))


@dataclass
class RatingLink:
    invitation: RatingInvitation
    case: Any


def open_link(token: str, now: datetime) -> RatingLink:
    """The invitation behind a rating link, refused when unknown, used, expired or no longer ratable."""
    invitation = RatingInvitation.objects.select_related("case").filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise DomainError("portal.link_unknown", "评价链接无效，请核对短信中的链接")
    if invitation.used_at is not None:
        raise DomainError("portal.link_used", USED)
    if now - invitation.created_at > timedelta(days=link_days()):
        raise DomainError(
            "portal.link_expired", f"该评价链接已过期（有效期 {link_days()} 天），如需评价请拨打服务电话"
        )
    if invitation.case.state != "answered":
        raise DomainError("portal.link_done", "该诉求件已完成回访，无需再评价，感谢您的配合")
    return RatingLink(invitation, invitation.case)


def use_link(link: RatingLink, now: datetime) -> None:
    """Mark the link used, under its row lock (call inside the rating's transaction)."""
    invitation = RatingInvitation.objects.select_for_update().get(pk=link.invitation.pk)
    if invitation.used_at is not None:
        raise DomainError("portal.link_used", USED)
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])

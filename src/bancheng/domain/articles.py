"""The lifecycle of a knowledge article (知识条目): drafted (from a closed case or from scratch), submitted
for review, published or sent back, withdrawn, and revised again after a withdrawal.

``draft → in_review → published → withdrawn → draft``; an editor sends an article under review back to
``draft`` with a reason. Who may press which button is the app's business (roles); which move is allowed in
which status, and which statuses allow editing the text, is decided here."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from bancheng.domain.errors import DomainError


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ArticleStatus.DRAFT: "草稿",
    ArticleStatus.IN_REVIEW: "待审核",
    ArticleStatus.PUBLISHED: "已发布",
    ArticleStatus.WITHDRAWN: "已撤回",
}


class ArticleAction(StrEnum):
    SUBMIT = "submit_article"
    PUBLISH = "publish_article"
    SEND_BACK = "send_back_article"
    WITHDRAW = "withdraw_article"
    REVISE = "revise_article"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    ArticleAction.SUBMIT: "提交审核",
    ArticleAction.PUBLISH: "审核发布",
    ArticleAction.SEND_BACK: "退回修改",
    ArticleAction.WITHDRAW: "撤回条目",
    ArticleAction.REVISE: "重新编辑",
}

TRANSITIONS: Mapping[tuple[ArticleStatus, ArticleAction], ArticleStatus] = {
    (ArticleStatus.DRAFT, ArticleAction.SUBMIT): ArticleStatus.IN_REVIEW,
    (ArticleStatus.IN_REVIEW, ArticleAction.PUBLISH): ArticleStatus.PUBLISHED,
    (ArticleStatus.IN_REVIEW, ArticleAction.SEND_BACK): ArticleStatus.DRAFT,
    (ArticleStatus.PUBLISHED, ArticleAction.WITHDRAW): ArticleStatus.WITHDRAWN,
    (ArticleStatus.WITHDRAWN, ArticleAction.REVISE): ArticleStatus.DRAFT,
}

# The text may be edited while drafting, by an editor during review, and by an editor once published (each
# edit of a published article is a new version, published at once: the editor is the reviewer).
EDITABLE = frozenset({ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.PUBLISHED})

# What must be written before an article goes to review: (field, Chinese name).
REQUIRED_FOR_REVIEW = (("title", "标题"), ("problem", "问题"), ("cause", "原因"), ("solution", "解决办法"))


def next_status(status: str, action: str) -> ArticleStatus:
    """The status after ``action``; a move the table does not allow raises ``article.not_allowed``."""
    try:
        key = (ArticleStatus(status), ArticleAction(action))
    except ValueError:
        raise DomainError(
            "article.not_allowed", "该知识条目当前不能执行此操作", {"status": status, "action": action}
        ) from None
    target = TRANSITIONS.get(key)
    if target is None:
        raise DomainError(
            "article.not_allowed",
            f"知识条目{key[0].label}，不能{key[1].label}",
            {"status": status, "action": action},
        )
    return target


def allowed_actions(status: str) -> list[ArticleAction]:
    """The moves the table allows from ``status``, in the table's order."""
    return [action for (source, action) in TRANSITIONS if source == status]


def missing_for_review(fields: Mapping[str, str]) -> list[str]:
    """The Chinese names of the required fields that are still empty."""
    return [label for name, label in REQUIRED_FOR_REVIEW if not fields.get(name, "").strip()]

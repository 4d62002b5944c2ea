"""Who may do what in the knowledge base.

- Editors (编辑: the center office, customer service, the administrator) review, publish, send back,
  withdraw and edit any article, and see every draft.
- Drafters (case officers and the editors) draft an article from a closed case they may see, edit their own
  draft and submit it for review.
- Everybody signed in reads published articles and prints their guide cards."""

from __future__ import annotations

from typing import Any

from bancheng.domain.articles import ArticleStatus
from bancheng.domain.errors import PermissionDenied
from bancheng.org.choices import Role

EDITORS = {Role.CENTER_OFFICE, Role.CUSTOMER_SERVICE, Role.ADMIN}
DRAFTERS = {Role.CASE_OFFICER, *EDITORS}


def _role(user: Any) -> Any:
    return getattr(user, "role", None) if getattr(user, "is_active", False) else None


def is_editor(user: Any) -> bool:
    return _role(user) in EDITORS


def may_draft(user: Any) -> bool:
    return _role(user) in DRAFTERS


def is_author(user: Any, article: Any) -> bool:
    return article.author_id == getattr(user, "pk", None)


def may_read(user: Any, article: Any) -> bool:
    """Published articles are for everyone signed in; the others for their author and the editors."""
    if _role(user) is None:
        return False
    return article.status == ArticleStatus.PUBLISHED or is_editor(user) or is_author(user, article)


def may_edit(user: Any, article: Any) -> bool:
    """An editor edits a draft, an article under review or a published one (a new version); the author
    edits their own draft."""
    status = article.status
    if is_editor(user):
        return status in {ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.PUBLISHED}
    return may_draft(user) and is_author(user, article) and status == ArticleStatus.DRAFT


def may_submit(user: Any, article: Any) -> bool:
    return article.status == ArticleStatus.DRAFT and (
        is_editor(user) or (may_draft(user) and is_author(user, article))
    )


def require_drafter(user: Any) -> None:
    if not may_draft(user):
        raise PermissionDenied(
            "knowledge.forbidden", "只有办理专员、中心办公室、客户服务部和系统管理员可以起草知识条目"
        )


def require_editor(user: Any) -> None:
    if not is_editor(user):
        raise PermissionDenied(
            "knowledge.forbidden", "只有中心办公室、客户服务部和系统管理员可以审核、发布和撤回知识条目"
        )


def require_editing(user: Any, article: Any) -> None:
    if not may_edit(user, article):
        raise PermissionDenied(
            "knowledge.forbidden", "您不能修改该知识条目：草稿由起草人修改，审核中和已发布的条目由编辑修改"
        )


def require_submitting(user: Any, article: Any) -> None:
    """The author or an editor; whether the article is a draft is the lifecycle table's business."""
    if not (is_editor(user) or (may_draft(user) and is_author(user, article))):
        raise PermissionDenied("knowledge.forbidden", "只有起草人或编辑可以提交该知识条目审核")

"""Writing the knowledge base: draft an article from a closed case (or from scratch), edit it, submit it for
review, publish it or send it back, withdraw it and revise it again. Each action runs in one transaction,
locks the article row, checks the version the caller showed (a stale one is a conflict), asks the lifecycle
table (``bancheng.domain.articles``) whether the move is allowed, and appends one event to the ``knowledge``
audit stream. Every change of the content is a new ``ArticleVersion``.

Public for other apps: ``draft_article_from_case(case, *, actor, now=None) -> Article``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from bancheng.audit.chain import append_event
from bancheng.catalog.models import ServiceItem
from bancheng.domain import articles as rules
from bancheng.domain.articles import ArticleAction, ArticleStatus
from bancheng.domain.errors import Conflict, DomainError
from bancheng.domain.lifecycle import CaseState
from bancheng.domain.redaction import redact
from bancheng.knowledge import permissions
from bancheng.knowledge.drafting import ArticleFields, draft_from_case, known_person
from bancheng.knowledge.models import CONTENT_FIELDS, Article, ArticleVersion
from bancheng.policies.services import policy_of

KNOWLEDGE_STREAM = "knowledge"
MAX_TEXT = 20000
# A case is turned into knowledge once it is done: closed (销号), archived, or closed as out of scope.
DRAFTABLE_CASE_STATES = {CaseState.CLOSED, CaseState.ARCHIVED, CaseState.OUT_OF_SCOPE}


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def _event(article: Article, action: str, actor: Any, now: datetime, before: str = "", **data: Any) -> None:
    append_event(
        stream=KNOWLEDGE_STREAM,
        action=action,
        at=now,
        actor=actor,
        before={"status": before} if before else {},
        after={"status": article.status},
        data={"article": article.pk, "version": article.version, **data},
    )


def _snapshot(article: Article, actor: Any, now: datetime, note: str) -> ArticleVersion:
    items = [[i.pk, i.code, i.name] for i in article.service_items.order_by("code")]
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        snapshot={**article.content(), "service_items": items},
        status=article.status,
        author=actor,
        note=note,
        created_at=now,
    )


def _validate(fields: ArticleFields) -> ArticleFields:
    title = fields.title.strip()
    if not title or not fields.problem.strip():
        raise DomainError("knowledge.incomplete", "请填写标题和问题", {})
    if len(title) > 200:
        raise DomainError("knowledge.too_long", "标题不超过 200 字", {"field": "title"})
    for name in ("problem", "cause", "solution", "policy_basis"):
        if len(getattr(fields, name)) > MAX_TEXT:
            raise DomainError("knowledge.too_long", f"每栏不超过 {MAX_TEXT} 字", {"field": name})
    known = {c.code for c in policy_of(None).categories}
    unknown = sorted(set(fields.categories) - known)
    if unknown:
        raise DomainError("knowledge.unknown_category", "未知的事项分类", {"categories": unknown})
    return ArticleFields(
        title=title,
        problem=fields.problem.replace("\r\n", "\n").strip(),
        cause=fields.cause.replace("\r\n", "\n").strip(),
        solution=fields.solution.replace("\r\n", "\n").strip(),
        policy_basis=fields.policy_basis.replace("\r\n", "\n").strip(),
        categories=tuple(dict.fromkeys(fields.categories)),
    )


def _items(ids: Iterable[int]) -> list[ServiceItem]:
    wanted = sorted(set(ids))
    items = list(ServiceItem.objects.filter(pk__in=wanted))
    if len(items) != len(wanted):
        missing = sorted(set(wanted) - {i.pk for i in items})
        raise DomainError("knowledge.unknown_item", "所选服务事项不存在", {"items": missing})
    return items


def _locked(article: Article | int, expected_version: int | None) -> Article:
    pk = article if isinstance(article, int) else article.pk
    locked = Article.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise DomainError("knowledge.not_found", "知识条目不存在", {"article": pk})
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            "knowledge.conflict",
            "该知识条目已被他人修改，请刷新后重试",
            {"expected_version": expected_version, "version": locked.version},
        )
    return locked


def _create(
    fields: ArticleFields,
    item_ids: Iterable[int],
    *,
    actor: Any,
    now: datetime,
    source_case: Any = None,
    note: str,
) -> Article:
    article = Article.objects.create(
        **fields.as_dict(),
        status=ArticleStatus.DRAFT,
        version=1,
        source_case=source_case,
        author=actor,
        created_at=now,
        updated_at=now,
    )
    article.service_items.set(_items(item_ids))
    _snapshot(article, actor, now, note)
    return article


def draft_article_from_case(case: Any, *, actor: Any, now: datetime | None = None) -> Article:
    """One click on a done case's page: a draft article whose problem, cause, solution and policy basis come
    from the case (``knowledge.drafting``) with the requester's personal data removed, its category and
    service item, and a link back to the case. Refused for a case that is not done (``knowledge.case_open``)
    and while an article drafted from the same case is not withdrawn (``knowledge.already_drafted``).
    Event ``draft_article`` with the counts of what the redaction removed."""
    from bancheng.cases.selectors import cases_visible_to

    when = _now(now)
    permissions.require_drafter(actor)
    case_id = case if isinstance(case, int) else case.pk
    with transaction.atomic():
        # The case row is locked so that a double click drafts once.
        locked = cases_visible_to(actor).select_for_update(of=("self",)).filter(pk=case_id).first()
        if locked is None:
            raise DomainError("case.not_found", "诉求件不存在或您无权查看", {"case": case_id})
        if locked.state not in DRAFTABLE_CASE_STATES:
            state = CaseState(locked.state)
            raise DomainError(
                "knowledge.case_open",
                f"诉求件{locked.number}尚未办结（当前状态：{state.label}），办结或归档后才能生成知识条目",
                {"case": locked.pk, "state": locked.state},
            )
        existing = (
            Article.objects.filter(source_case_id=locked.pk)
            .exclude(status=ArticleStatus.WITHDRAWN)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            raise DomainError(
                "knowledge.already_drafted",
                f"该诉求件已生成知识条目（{existing.title}），请在原条目上修改",
                {"article": existing.pk},
            )
        draft = draft_from_case(locked)
        article = _create(
            draft.fields,
            draft.service_item_ids,
            actor=actor,
            now=when,
            source_case=locked,
            note=f"由诉求件 {locked.number} 生成",
        )
        _event(article, "draft_article", actor, when, source_case=locked.pk, redacted=draft.removed)
    return article


def create_article(
    fields: ArticleFields, *, actor: Any, service_item_ids: Iterable[int] = (), now: datetime | None = None
) -> Article:
    """A new draft written from scratch (no source case). Event ``create_article``."""
    when = _now(now)
    permissions.require_drafter(actor)
    clean = _validate(fields)
    with transaction.atomic():
        article = _create(clean, service_item_ids, actor=actor, now=when, note="新建")
        _event(article, "create_article", actor, when)
    return article


def edit_article(
    article: Article | int,
    fields: ArticleFields,
    *,
    actor: Any,
    service_item_ids: Iterable[int] = (),
    now: datetime | None = None,
    expected_version: int | None = None,
    note: str = "",
) -> Article:
    """Change the text, categories or service items. The author edits their draft; an editor edits a draft,
    an article under review, or a published one, which stays published as the next version (the editor is
    the reviewer). The source case's requester data is removed again from what was typed. Nothing changed:
    nothing written. Otherwise version + 1, a new ``ArticleVersion``, event ``edit_article``."""
    when = _now(now)
    clean = _validate(fields)
    item_ids = sorted(set(service_item_ids))
    with transaction.atomic():
        locked = _locked(article, expected_version)
        permissions.require_editing(actor, locked)
        if locked.source_case_id is not None:
            known = known_person(locked.source_case)
            clean = ArticleFields(
                **{
                    **clean.as_dict(),
                    **{n: redact(getattr(clean, n), known, patterns=False).text for n in CONTENT_FIELDS},
                    "categories": clean.categories,
                }
            )
        changed = [n for n in (*CONTENT_FIELDS, "categories") if clean.as_dict()[n] != getattr(locked, n)]
        items_before = sorted(locked.service_items.values_list("pk", flat=True))
        if item_ids != items_before:
            changed.append("service_items")
        if not changed:
            return locked
        for name in changed:
            if name != "service_items":
                setattr(locked, name, clean.as_dict()[name])
        if "service_items" in changed:
            locked.service_items.set(_items(item_ids))
        update = [n for n in changed if n != "service_items"]
        if locked.is_published:
            locked.reviewer = actor
            update.append("reviewer")
        locked.version += 1
        locked.updated_at = when
        locked.save(update_fields=[*update, "version", "updated_at"])
        _snapshot(locked, actor, when, note.strip()[:200] or "修改")
        _event(locked, "edit_article", actor, when, fields=sorted(changed))
    return locked


def _move(
    article: Article | int,
    action: ArticleAction,
    *,
    actor: Any,
    now: datetime | None,
    expected_version: int | None,
    reason: str = "",
) -> Article:
    when = _now(now)
    with transaction.atomic():
        locked = _locked(article, expected_version)
        if action == ArticleAction.SUBMIT:
            permissions.require_submitting(actor, locked)
        else:
            permissions.require_editor(actor)
        before = locked.status
        target = rules.next_status(before, action)
        update = ["status", "updated_at"]
        if action in (ArticleAction.SUBMIT, ArticleAction.PUBLISH):
            missing = rules.missing_for_review({n: getattr(locked, n) for n in CONTENT_FIELDS})
            if missing:
                raise DomainError(
                    "knowledge.incomplete", "请先填写：" + "、".join(missing), {"missing": missing}
                )
        if action == ArticleAction.SUBMIT:
            locked.submitted_at = when
            update.append("submitted_at")
        elif action == ArticleAction.PUBLISH:
            locked.reviewer, locked.published_at, locked.review_note = actor, when, ""
            update += ["reviewer", "published_at", "review_note"]
        elif action in (ArticleAction.SEND_BACK, ArticleAction.WITHDRAW):
            if not reason.strip():
                raise DomainError("knowledge.reason_required", f"{action.label}须填写理由", {})
            locked.reviewer, locked.review_note = actor, reason.strip()[:2000]
            update += ["reviewer", "review_note"]
            if action == ArticleAction.WITHDRAW:
                locked.withdrawn_at = when
                update.append("withdrawn_at")
        locked.status = target.value
        locked.updated_at = when
        locked.save(update_fields=update)
        _event(locked, action.value, actor, when, before=before, reason=reason.strip())
    return locked


def submit_article(
    article: Article | int, *, actor: Any, now: datetime | None = None, expected_version: int | None = None
) -> Article:
    """The author (or an editor) sends a draft to review; title, problem, cause and solution must be
    written (``knowledge.incomplete``). Event ``submit_article``."""
    return _move(article, ArticleAction.SUBMIT, actor=actor, now=now, expected_version=expected_version)


def publish_article(
    article: Article | int, *, actor: Any, now: datetime | None = None, expected_version: int | None = None
) -> Article:
    """An editor publishes an article under review: everyone signed in reads it and prints its guide card.
    Event ``publish_article``."""
    return _move(article, ArticleAction.PUBLISH, actor=actor, now=now, expected_version=expected_version)


def send_back_article(
    article: Article | int,
    *,
    actor: Any,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Article:
    """An editor returns an article under review to its author as a draft, with the reason. Event
    ``send_back_article``."""
    return _move(
        article,
        ArticleAction.SEND_BACK,
        actor=actor,
        now=now,
        expected_version=expected_version,
        reason=reason,
    )


def withdraw_article(
    article: Article | int,
    *,
    actor: Any,
    reason: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Article:
    """An editor takes a published article off the shelf (outdated policy, a mistake), with the reason. Its
    versions stay. Event ``withdraw_article``."""
    return _move(
        article,
        ArticleAction.WITHDRAW,
        actor=actor,
        now=now,
        expected_version=expected_version,
        reason=reason,
    )


def revise_article(
    article: Article | int, *, actor: Any, now: datetime | None = None, expected_version: int | None = None
) -> Article:
    """An editor turns a withdrawn article back into a draft to correct it and submit it again. Event
    ``revise_article``."""
    return _move(article, ArticleAction.REVISE, actor=actor, now=now, expected_version=expected_version)

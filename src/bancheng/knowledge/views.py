"""The knowledge base pages: the list, one article (with the buttons the viewer may press now), the edit
form, the review queue, the version history, drafting from a case, and the guide card PDFs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bancheng.catalog.models import ServiceItem
from bancheng.domain.articles import ArticleAction, ArticleStatus, allowed_actions
from bancheng.domain.errors import Conflict, DomainError, NotFound
from bancheng.knowledge import actions, cards, permissions, selectors
from bancheng.knowledge.forms import ArticleForm, CardSizeForm, ReasonForm
from bancheng.knowledge.models import Article
from bancheng.policies.services import policy_of

PAGE_SIZE = 25
MOVES = {
    "submit": ArticleAction.SUBMIT,
    "publish": ArticleAction.PUBLISH,
    "send_back": ArticleAction.SEND_BACK,
    "withdraw": ArticleAction.WITHDRAW,
    "revise": ArticleAction.REVISE,
}
NEEDS_REASON = {ArticleAction.SEND_BACK, ArticleAction.WITHDRAW}


def _category_labels() -> dict[str, str]:
    try:
        return {c.code: c.label for c in policy_of(None).categories}
    except DomainError:
        return {}


def _refused(request: HttpRequest, refused: DomainError, to: str, **kwargs: Any) -> HttpResponse:
    if refused.status != 400:
        raise refused
    messages.error(request, refused.message)
    return redirect(to, **kwargs)


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = selectors.articles_visible_to(user)
    category = request.GET.get("category", "")
    published = visible.filter(status=ArticleStatus.PUBLISHED).order_by("-published_at", "-pk")
    labels = _category_labels()
    if category in labels:  # the JSON text holds the code in quotes (SQLite has no JSON containment)
        published = published.filter(categories__icontains=f'"{category}"')
    page = Paginator(published, PAGE_SIZE).get_page(request.GET.get("page"))
    working = visible.exclude(status=ArticleStatus.PUBLISHED).order_by("-updated_at", "-pk")
    if not permissions.is_editor(user):
        working = working.filter(author_id=user.pk)
    return render(
        request,
        "knowledge/list.html",
        {
            "page": page,
            "working": list(working[:50]),
            "labels": labels,
            "category": category if category in labels else "",
            "is_editor": permissions.is_editor(user),
            "may_draft": permissions.may_draft(user),
            "in_review": visible.filter(status=ArticleStatus.IN_REVIEW).count()
            if permissions.is_editor(user)
            else 0,
        },
    )


@login_required
def review(request: HttpRequest) -> HttpResponse:
    queue = selectors.review_queue(request.user)
    return render(request, "knowledge/review.html", {"queue": queue, "labels": _category_labels()})


def _buttons(user: Any, article: Article) -> list[dict[str, Any]]:
    buttons = []
    for action in allowed_actions(article.status):
        if action == ArticleAction.SUBMIT:
            allowed = permissions.may_submit(user, article)
        else:
            allowed = permissions.is_editor(user)
        if allowed:
            code = next(k for k, v in MOVES.items() if v == action)
            buttons.append({"code": code, "label": action.label, "reason": action in NEEDS_REASON})
    return buttons


@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    article = selectors.get_article_for_user(user, pk)
    return render(
        request,
        "knowledge/detail.html",
        {
            "article": article,
            "items": list(article.service_items.order_by("code")),
            "labels": _category_labels(),
            "buttons": _buttons(user, article),
            "may_edit": permissions.may_edit(user, article),
            "reason_form": ReasonForm(initial={"version": article.version}),
            "size_form": CardSizeForm(),
            "source_case_visible": _may_see_case(user, article.source_case_id),
        },
    )


def _may_see_case(user: Any, case_id: int | None) -> bool:
    if case_id is None:
        return False
    from bancheng.cases.selectors import cases_visible_to

    return cases_visible_to(user).filter(pk=case_id).exists()


def _form_page(
    request: HttpRequest, form: ArticleForm, article: Article | None, status: int = 200
) -> HttpResponse:
    return render(request, "knowledge/form.html", {"form": form, "article": article}, status=status)


@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    permissions.require_drafter(request.user)
    if request.method != "POST":
        return _form_page(request, ArticleForm(), None)
    form = ArticleForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, None, status=400)
    try:
        article = actions.create_article(
            form.article_fields(), actor=request.user, service_item_ids=form.item_ids()
        )
    except DomainError as refused:
        if refused.status != 400:
            raise
        form.add_error(None, refused.message)
        return _form_page(request, form, None, status=400)
    messages.success(request, "知识条目草稿已保存")
    return redirect("knowledge:detail", pk=article.pk)


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    article = selectors.get_article_for_user(user, pk)
    permissions.require_editing(user, article)
    linked = tuple(article.service_items.values_list("pk", flat=True))
    if request.method != "POST":
        initial = {
            **article.content(),
            "categories": list(article.categories),
            "service_items": [str(i) for i in linked],
            "version": article.version,
        }
        return _form_page(request, ArticleForm(initial=initial, linked_items=linked), article)
    form = ArticleForm(request.POST, linked_items=linked)
    if not form.is_valid():
        return _form_page(request, form, article, status=400)
    try:
        actions.edit_article(
            article,
            form.article_fields(),
            actor=user,
            service_item_ids=form.item_ids(),
            expected_version=form.cleaned_data.get("version"),
            note=form.cleaned_data["note"],
        )
    except Conflict as stale:
        return render(request, "knowledge/conflict.html", {"article": article, "error": stale}, status=409)
    except DomainError as refused:
        if refused.status != 400:
            raise
        form.add_error(None, refused.message)
        return _form_page(request, form, article, status=400)
    messages.success(request, "知识条目已保存")
    return redirect("knowledge:detail", pk=pk)


@login_required
@require_POST
def article_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    user = request.user
    action = MOVES.get(move)
    if action is None:
        raise NotFound("knowledge.unknown_move", "没有这个操作")
    article = selectors.get_article_for_user(user, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    reason = request.POST.get("reason", "")
    try:
        if action == ArticleAction.SUBMIT:
            actions.submit_article(article, actor=user, expected_version=version)
        elif action == ArticleAction.PUBLISH:
            actions.publish_article(article, actor=user, expected_version=version)
        elif action == ArticleAction.SEND_BACK:
            actions.send_back_article(article, actor=user, reason=reason, expected_version=version)
        elif action == ArticleAction.WITHDRAW:
            actions.withdraw_article(article, actor=user, reason=reason, expected_version=version)
        else:
            actions.revise_article(article, actor=user, expected_version=version)
    except Conflict as stale:
        return render(request, "knowledge/conflict.html", {"article": article, "error": stale}, status=409)
    except DomainError as refused:
        return _refused(request, refused, "knowledge:detail", pk=pk)
    messages.success(request, f"已{action.label}")
    if selectors.articles_visible_to(user).filter(pk=pk).exists():
        return redirect("knowledge:detail", pk=pk)
    return redirect("knowledge:list")


@login_required
def article_versions(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.get_article_for_user(request.user, pk)
    return render(
        request,
        "knowledge/versions.html",
        {"article": article, "versions": selectors.article_versions(article)},
    )


@login_required
def article_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    article = selectors.get_article_for_user(request.user, pk)
    version = selectors.get_version(article, number)
    return render(
        request,
        "knowledge/version.html",
        {"article": article, "version": version, "s": version.snapshot, "labels": _category_labels()},
    )


@login_required
@require_POST
def draft_from_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The case page's 「生成知识条目」 button."""
    try:
        article = actions.draft_article_from_case(case_pk, actor=request.user)
    except DomainError as refused:
        if (
            refused.code == "knowledge.already_drafted"
            and selectors.articles_visible_to(request.user).filter(pk=refused.details["article"]).exists()
        ):
            messages.info(request, refused.message)
            return redirect("knowledge:detail", pk=refused.details["article"])
        return _refused(request, refused, "cases:detail", pk=case_pk)
    messages.success(request, "已由诉求件生成知识条目草稿（已隐去诉求人个人信息），请核对修改后提交审核")
    return redirect("knowledge:detail", pk=article.pk)


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def article_card(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.get_article_for_user(request.user, pk)
    size = cards.card_size(request.GET.get("size"))
    pdf = cards.render_card_pdf(cards.article_card(article), size)
    return _pdf(pdf, f"guide-card-article-{article.pk}-{size}.pdf")


@login_required
def item_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The card of an active catalog service item (every signed-in user may print it)."""
    item = ServiceItem.objects.filter(pk=pk, is_active=True).first()
    if item is None or getattr(request.user, "role", None) is None:
        raise NotFound("catalog.item_not_found", "服务事项不存在或已停用", {"item": pk})
    size = cards.card_size(request.GET.get("size"))
    pdf = cards.render_card_pdf(cards.item_card(item), size)
    return _pdf(pdf, f"guide-card-item-{item.code}-{size}.pdf")

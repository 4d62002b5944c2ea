"""A user's saved case-list filters: keep, list, forget. Only the owner sees and removes them."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.db.models import QuerySet

from bancheng.cases.models import SavedFilter
from bancheng.domain.errors import DomainError, NotFound

MAX_PER_USER = 30


def saved_filters_of(user: Any) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(owner=user)


def save_filter(user: Any, name: str, query: str) -> SavedFilter:
    name = name.strip()
    if not name:
        raise DomainError("filter.name_required", "请为筛选条件起一个名称")
    if len(name) > 60:
        raise DomainError("filter.name_too_long", "名称不能超过 60 个字")
    kept = urlencode([(k, v) for k, v in parse_qsl(query) if v and k != "page"])
    if not kept:
        raise DomainError("filter.empty", "当前没有任何筛选条件，无需保存")
    if len(kept) > 1000:
        raise DomainError("filter.too_long", "筛选条件过长，无法保存")
    mine = saved_filters_of(user)
    existing = mine.filter(name=name).first()
    if existing is not None:
        existing.query = kept
        existing.save(update_fields=["query"])
        return existing
    if mine.count() >= MAX_PER_USER:
        raise DomainError("filter.too_many", f"最多保存 {MAX_PER_USER} 个常用筛选，请先删除不用的")
    return SavedFilter.objects.create(owner=user, name=name, query=kept)


def forget_filter(user: Any, pk: int) -> None:
    deleted, _ = saved_filters_of(user).filter(pk=pk).delete()
    if not deleted:
        raise NotFound("filter.not_found", "该常用筛选不存在")

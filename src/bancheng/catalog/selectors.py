"""Reading the service item catalog. Items carry no personal data: every active staff member may read all of
them (the views check ``require_catalog_reader``); only editors see the versions' authors by name."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from bancheng.catalog.models import ServiceItem, ServiceItemVersion
from bancheng.domain.errors import NotFound


def service_items(*, text: str = "", category: str = "", include_inactive: bool = True) -> list[ServiceItem]:
    """The catalog by code, filtered by words in the code, name, conditions or policy basis and by one of the
    policy's category codes. The catalog is small (hundreds of items), so the category filter (a JSON list)
    runs here, alike on SQLite and PostgreSQL."""
    items: QuerySet[ServiceItem] = ServiceItem.objects.order_by("code")
    if not include_inactive:
        items = items.filter(is_active=True)
    for word in text.split():
        items = items.filter(
            Q(code__icontains=word)
            | Q(name__icontains=word)
            | Q(conditions__icontains=word)
            | Q(policy_basis__icontains=word)
        )
    found = list(items)
    if category:
        found = [item for item in found if category in (item.categories or [])]
    return found


def active_service_items() -> QuerySet[ServiceItem]:
    """What registration offers: the active items by code."""
    return ServiceItem.objects.filter(is_active=True).order_by("code")


def get_service_item(pk: int) -> ServiceItem:
    item = ServiceItem.objects.filter(pk=pk).first()
    if item is None:
        raise NotFound("catalog.not_found", "服务事项不存在", {"item": pk})
    return item


def item_versions(item: ServiceItem) -> QuerySet[ServiceItemVersion]:
    """An item's versions, newest first, with their authors."""
    return item.versions.select_related("author").order_by("-number")


def get_item_version(item: ServiceItem, number: int) -> ServiceItemVersion:
    version = item.versions.select_related("author").filter(number=number).first()
    if version is None:
        raise NotFound("catalog.version_not_found", "该版本不存在", {"item": item.pk, "number": number})
    return version


def items_by_code(codes: list[str] | None = None) -> dict[str, Any]:
    rows = ServiceItem.objects.all() if codes is None else ServiceItem.objects.filter(code__in=codes)
    return {item.code: item for item in rows}

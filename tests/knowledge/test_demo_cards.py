"""The demo's guide cards print the units concerned with their addresses and office phones, and the center's,
never the "—" of a unit without them (issue 7: cards for the volunteer desk)."""

from __future__ import annotations

import pytest

from bancheng.catalog.models import ServiceItem
from bancheng.knowledge import cards
from bancheng.knowledge.models import Article
from bancheng.org.models import Unit
from tests.demo_data import load_demo
from tests.knowledge.test_cards import A6, read

pytestmark = pytest.mark.django_db


def contacts(*codes: str) -> list[str]:
    units = Unit.objects.filter(code__in=codes)
    assert len(units) == len(codes)
    return [text for unit in units for text in (unit.name, unit.address, unit.phone)]


@pytest.mark.parametrize("preset", ["shenyang", "shanting", "putuo"])
def test_the_demo_article_card_lists_the_tax_bureau_and_the_bank_with_addresses_and_phones(preset):
    load_demo(preset)
    article = Article.objects.get(status="published")
    sizes, text = read(cards.render_card_pdf(cards.article_card(article), "a6"))
    assert set(sizes) == {A6}
    for expected in contacts("EXT-TAX", "EXT-BANK", "CENTER"):
        assert expected in text, expected
    assert "—" not in text


def test_a_demo_service_item_card_lists_the_bank_the_place_and_the_phones():
    load_demo("shenyang")
    item = ServiceItem.objects.get(code="GJJ-TQ-04")
    sizes, text = read(cards.render_card_pdf(cards.item_card(item), "a6"))
    assert set(sizes) == {A6}
    for expected in [*contacts("EXT-BANK", "CENTER"), item.place, f"咨询电话：{item.phone}"]:
        assert expected in text, expected
    assert "—" not in text

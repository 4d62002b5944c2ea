"""Guide cards: A6 or A5 PDFs of a published article or a service item, with the units concerned, their
addresses and phones, and the center's phone, read back with pypdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bancheng.domain.errors import DomainError
from bancheng.knowledge import actions, cards
from bancheng.org.models import Unit
from tests.knowledge.conftest import NAME, PHONE, at
from tests.knowledge.items import make_item

A6 = (297.6, 419.5)
A5 = (419.5, 595.3)


def read(pdf: bytes) -> tuple[list[tuple[float, float]], str]:
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in reader.pages]
    text = "".join(p.extract_text() for p in reader.pages)
    return sizes, text.replace(" ", "").replace("\n", "")


@pytest.fixture
def addresses(org):
    Unit.objects.filter(code="CENTER").update(phone="024-12329", address="沈阳市和平区南京北街1号")
    Unit.objects.filter(code="DEP-GJ").update(phone="024-22345678", address="中心大楼三楼")
    Unit.objects.filter(code="EXT-TAX").update(phone="024-12366", address="和平区税务大厅")


@pytest.fixture
def published(org, draft, addresses):
    item = make_item()
    fields = actions.ArticleFields(
        title=draft.title,
        problem=draft.problem,
        cause=draft.cause,
        solution=draft.solution + "\n如需补缴，请到区税务局办理",
        policy_basis=draft.policy_basis,
        categories=tuple(draft.categories),
    )
    actions.edit_article(draft, fields, actor=org.officer, service_item_ids=[item.pk], now=at(6, 10))
    actions.submit_article(draft, actor=org.officer, now=at(6, 11))
    return actions.publish_article(draft, actor=org.office, now=at(6, 12))


@pytest.mark.parametrize(("size", "points"), [("a6", A6), ("a5", A5)])
def test_an_article_card_is_printed_on_the_chosen_paper_with_units_and_the_center_phone(
    published, size, points
):
    sizes, text = read(cards.render_card_pdf(cards.article_card(published), size))
    assert sizes and all(s == points for s in sizes)
    for expected in (
        "办事指南卡片",
        published.title,
        "怎么办",
        "归集部",  # handled the source case
        "中心大楼三楼",
        "024-22345678",
        "区税务局",  # named in the solution
        "和平区税务大厅",
        "024-12329",  # the center's phone
        "离职提取住房公积金",  # the related service item
        "直属管理部一楼3号窗口",
    ):
        assert expected in text, expected
    assert NAME not in text and PHONE not in text
    assert "1.1." not in text  # the drafted "1. " enumerators give way to the card's own numbering


def test_a_service_item_card_shows_conditions_materials_time_limit_place_and_phone(org, addresses):
    item = make_item()
    sizes, text = read(cards.render_card_pdf(cards.item_card(item), "a6"))
    assert set(sizes) == {A6}
    for expected in (
        "离职提取住房公积金",
        "与单位终止劳动关系满半年",
        "离职证明",
        "5个工作日",
        "直属管理部一楼3号窗口",
        "024-12329",
        "和平区税务大厅",  # a cooperating unit the organization knows
        "GJJ-TQ-01",
    ):
        assert expected in text, expected


def test_a_long_article_runs_onto_more_pages_of_the_same_size(org, draft):
    long = actions.edit_article(
        draft,
        actions.ArticleFields(
            title=draft.title, problem=draft.problem, cause=draft.cause, solution="办理步骤。" * 400
        ),
        actor=org.officer,
        now=at(6, 10),
    )
    sizes, _ = read(cards.render_card_pdf(cards.article_card(long), "a6"))
    assert len(sizes) > 1 and set(sizes) == {A6}


def test_any_other_paper_size_is_refused():
    assert cards.card_size(None) == "a6" and cards.card_size("A5") == "a5"
    with pytest.raises(DomainError) as refused:
        cards.card_size("a4")
    assert refused.value.code == "card.bad_size"


def test_the_card_urls_serve_pdfs_and_refuse_bad_sizes_and_missing_items(client, org, published):
    client.force_login(org.handler)
    response = client.get(f"/knowledge/cards/article/{published.pk}.pdf?size=a5")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert set(read(response.content)[0]) == {A5}
    item = make_item(code="GJJ-TQ-02")
    response = client.get(f"/knowledge/cards/item/{item.pk}.pdf?size=a6")
    assert response.status_code == 200 and set(read(response.content)[0]) == {A6}
    bad = client.get(f"/knowledge/cards/item/{item.pk}.pdf?size=letter")
    assert bad.status_code == 400 and "A6 或 A5" in bad.content.decode()
    item.is_active = False
    item.save()
    assert client.get(f"/knowledge/cards/item/{item.pk}.pdf").status_code == 404
    assert client.get("/knowledge/cards/item/999999.pdf").status_code == 404

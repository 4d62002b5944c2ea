"""The demo shows the knowledge base: one published article drafted from the social-insurance case of seed
002, in two versions, with no personal data of its requester, and its guide card."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bancheng.knowledge import cards
from bancheng.knowledge.models import Article
from tests.demo_data import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_an_article_drafted_from_the_closed_social_insurance_case():
    load_demo("shenyang")
    article = Article.objects.get()
    assert article.status == "published" and article.version == 2
    assert article.source_case.requester_name == "杨桂芳" and article.source_case.state == "archived"
    assert article.author.username == "officer" and article.reviewer.username == "office"
    text = "".join(
        v.snapshot["problem"] + v.snapshot["cause"] + v.snapshot["solution"] for v in article.versions.all()
    )
    assert "杨桂芳" not in text and "13800135678" not in text and "杨女士" not in text
    assert "一次告知所缺材料" in article.cause and "区税务局" in article.cause
    pdf = PdfReader(io.BytesIO(cards.render_card_pdf(cards.article_card(article), "a6")))
    assert "区税务局" in "".join(p.extract_text() for p in pdf.pages).replace("\n", "")

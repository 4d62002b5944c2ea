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


def test_an_out_of_scope_case_and_a_negative_filing_give_their_reasons_and_basis():
    from bancheng.cases import actions as act
    from bancheng.cases.models import Case
    from bancheng.knowledge.actions import draft_article_from_case

    people = load_demo("shenyang")
    out = Case.objects.get(requester_name="杜峰")
    article = draft_article_from_case(out, actor=people["officer"])
    assert article.cause.startswith("不属于受理范围：") and "劳动人事争议仲裁委员会" in article.solution
    assert "杜峰" not in article.problem + article.cause + article.solution
    negative = Case.objects.get(requester_name="许仙")  # negatively filed (answered): visited and closed here
    act.record_visit(
        negative, actor=people["officer"], contacted=True, solved=False, satisfaction="satisfied"
    )
    act.close_case(negative, actor=people["officer"])
    filed = draft_article_from_case(negative, actor=people["service"])
    assert "确无政策依据" in filed.cause and "第二十四条" in filed.policy_basis

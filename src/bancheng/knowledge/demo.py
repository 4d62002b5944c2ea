"""The demo's knowledge base: the article seed 002 asks for, drafted in one click from the long social-
insurance case (杨女士, closed and archived in 2025-06), tidied by the center office into a second version and
published, so that the demo shows an article, its versions and its guide card."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from bancheng.cases.selectors import cases_visible_to
from bancheng.domain.calendar import TZ
from bancheng.knowledge import actions
from bancheng.knowledge.drafting import ArticleFields

SOURCE_PHONE = "13800135678"  # the requester of the social-insurance story (demo/stories.py)

TITLE = "原单位未缴社保、退休缴费年限不足：如何投诉追缴社保费"
SOLUTION = """窗口受理后一次告知需准备的材料，并全程帮办代办
引导诉求人到银行申请出具显示对方账户名称的工资流水账单（两家银行分别申请），必要时向银保监部门反映
协助整理、修改追缴社保投诉申请材料，经诉求人核对签名后提交区税务局
区税务局受理后联合人社局约谈原单位，审批完成后办理补缴，诉求人到社保局查实补缴结果"""


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def build_articles(demo: Any) -> list[Any]:
    """Draft, tidy and publish the demo article; returns the articles made (none if the story is missing)."""
    officer, office = demo.people["officer"], demo.people["office"]
    case = cases_visible_to(office).filter(requester_phone=SOURCE_PHONE).order_by("pk").first()
    if case is None or case.archived_at is None:
        return []
    day = case.archived_at.astimezone(TZ).date()
    article = actions.draft_article_from_case(case, actor=officer, now=_at(day, 15))
    actions.submit_article(article, actor=officer, now=_at(day, 16))
    tidy = ArticleFields(
        title=TITLE,
        problem=article.problem,
        cause=article.cause,
        solution=SOLUTION,
        policy_basis=article.policy_basis
        or "《中华人民共和国社会保险法》第六十三条：用人单位未按时足额缴纳社会保险费的，由社会保险费征收机构责令其限期缴纳或者补足",
        categories=tuple(article.categories),
    )
    actions.edit_article(article, tidy, actor=office, now=_at(day, 17), note="整理标题和办理步骤")
    actions.publish_article(article, actor=office, now=_at(day, 18))
    return [article]

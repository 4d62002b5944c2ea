"""The office's handling of a group: analysis notes, dismissal with a reason, a knowledge article from one
of its cases; each audited, refused to other roles and to stale forms."""

from __future__ import annotations

import sys
import types

import pytest

from bancheng.audit.models import Event
from bancheng.domain.errors import Conflict, DomainError, PermissionDenied
from bancheng.recurring import actions
from bancheng.recurring.models import RecurringGroup
from bancheng.recurring.services import detect_week
from tests.recurring.conftest import MONDAY_W48, W47
from tests.recurring.test_detect import RULE


@pytest.fixture
def group(weeks):
    detect_week(W47, now=MONDAY_W48, rule=RULE)
    return RecurringGroup.objects.get()


def test_starting_the_analysis_writes_the_notes_and_is_audited(weeks, group):
    org, _ = weeks
    done = actions.analyse_group(group, " 单位注销后无法出具离职证明 \r\n 需与归集部明确替代材料 ", actor=org.office,
                                 now=MONDAY_W48, expected_version=1)  # fmt: skip
    assert (done.status, done.handled_by, done.version) == ("analysing", org.office, 2)
    assert done.notes == "单位注销后无法出具离职证明 \n 需与归集部明确替代材料"
    event = Event.objects.get(stream="recurring", action="analyse_recurring")
    assert event.before == {"status": "new"} and event.after == {"status": "analysing"}
    assert event.actor == org.office and event.data["group"] == group.pk


def test_dismissing_needs_a_reason_and_closes_the_group(weeks, group):
    org, _ = weeks
    with pytest.raises(DomainError) as refused:
        actions.dismiss_group(group, "  ", actor=org.service, now=MONDAY_W48)
    assert refused.value.code == "recurring.reason_required"
    done = actions.dismiss_group(group, "已有办事指南卡片", actor=org.service, now=MONDAY_W48)
    assert (done.status, done.dismiss_reason) == ("dismissed", "已有办事指南卡片")
    with pytest.raises(DomainError) as closed:
        actions.analyse_group(done, "再看看", actor=org.office, now=MONDAY_W48)
    assert closed.value.code == "recurring.closed"
    assert Event.objects.filter(stream="recurring", action="dismiss_recurring").count() == 1


def test_a_stale_form_is_a_conflict_and_writes_nothing(weeks, group):
    org, _ = weeks
    actions.analyse_group(group, "第一稿", actor=org.office, now=MONDAY_W48, expected_version=1)
    with pytest.raises(Conflict):
        actions.dismiss_group(group, "重复", actor=org.service, now=MONDAY_W48, expected_version=1)
    assert RecurringGroup.objects.get().status == "analysing"


@pytest.mark.parametrize("who", ["officer", "handler", "leader", "auditor", "admin"])
def test_only_the_office_and_customer_service_handle_groups(weeks, group, who):
    org, _ = weeks
    with pytest.raises(PermissionDenied):
        actions.analyse_group(group, "x", actor=getattr(org, who), now=MONDAY_W48)
    with pytest.raises(PermissionDenied):
        actions.dismiss_group(group, "x", actor=getattr(org, who), now=MONDAY_W48)
    assert not Event.objects.filter(stream="recurring").exclude(action="detect_recurring").exists()


@pytest.fixture
def fake_knowledge(monkeypatch):
    """``knowledge.actions.draft_article_from_case`` as the KNOWLEDGE contract states it."""
    drafted = []

    def draft_article_from_case(case, *, actor, now=None):
        drafted.append((case.pk, actor.pk))
        return types.SimpleNamespace(pk=900 + len(drafted))

    module = types.ModuleType("bancheng.knowledge.actions")
    module.draft_article_from_case = draft_article_from_case
    monkeypatch.setitem(sys.modules, "bancheng.knowledge.actions", module)
    return drafted


def test_an_article_is_drafted_from_one_of_the_groups_cases(weeks, group, fake_knowledge):
    org, cases = weeks
    done = actions.card_group(
        group, cases["leaving1"].pk, actor=org.office, now=MONDAY_W48, expected_version=1
    )
    assert fake_knowledge == [(cases["leaving1"].pk, org.office.pk)]
    assert (done.status, done.article_id) == ("carded", 901)
    event = Event.objects.get(stream="recurring", action="card_recurring")
    assert event.data["case"] == cases["leaving1"].number and event.data["article"] == 901


def test_an_article_from_a_case_outside_the_group_is_refused(weeks, group, fake_knowledge):
    org, cases = weeks
    with pytest.raises(DomainError) as refused:
        actions.card_group(group, cases["house0"].pk, actor=org.office, now=MONDAY_W48)
    assert refused.value.code == "recurring.not_member" and fake_knowledge == []
    assert RecurringGroup.objects.get().status == "new"


def test_without_the_knowledge_app_drafting_is_refused_clearly(weeks, group, monkeypatch):
    org, cases = weeks
    monkeypatch.setitem(sys.modules, "bancheng.knowledge.actions", None)
    with pytest.raises(DomainError) as refused:
        actions.card_group(group, cases["leaving1"].pk, actor=org.office, now=MONDAY_W48)
    assert refused.value.code == "recurring.no_knowledge"


def test_the_audit_trail_names_the_recurring_events_in_chinese():
    from bancheng.web.templatetags.bancheng import action_label

    assert [action_label(c) for c in ("detect_recurring", "analyse_recurring", "dismiss_recurring", "card_recurring")] == [
        "汇总同类问题", "同类问题溯源分析", "同类问题不作处理", "同类问题生成知识条目"
    ]  # fmt: skip

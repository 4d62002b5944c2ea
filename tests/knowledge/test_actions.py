"""Drafting an article from a closed case, editing, review, publication, withdrawal: who may, what is
refused, what is recorded, and that no personal data of the requester reaches the article."""

from __future__ import annotations

import pytest

from bancheng.audit.models import Event
from bancheng.domain.errors import Conflict, DomainError, PermissionDenied
from bancheng.knowledge import actions
from bancheng.knowledge.drafting import ArticleFields
from bancheng.knowledge.models import Article, ArticleVersion
from tests.knowledge.conftest import ENTERPRISE, NAME, PHONE, at, run_to_closure

TEXT_FIELDS = ("title", "problem", "cause", "solution", "policy_basis")


def article_text(article: Article) -> str:
    return "\n".join(getattr(article, f) for f in TEXT_FIELDS)


def fields_of(article: Article, **changes: str) -> ArticleFields:
    values = {f: getattr(article, f) for f in TEXT_FIELDS}
    values.update(changes)
    return ArticleFields(**values, categories=tuple(article.categories))


def test_drafting_from_a_closed_case_builds_problem_cause_solution_and_basis(org, closed_case, draft):
    assert draft.status == "draft" and draft.version == 1
    assert draft.source_case == closed_case and draft.author == org.officer
    assert draft.title == "离职提取住房公积金"
    assert draft.problem.startswith(
        "【姓名已隐去】（【电话已隐去】）离职后在【企业名称已隐去】的公积金提取被退回三次"
    )
    assert "一次告知所缺材料：原单位劳动合同、银行工资流水" in draft.cause
    assert "归集部：初审：缺少银行流水，暂时无法受理" in draft.cause
    assert "归集部：【姓名已隐去】的提取申请已办结，款项已到账" in draft.solution
    assert "窗口协助：【电话已隐去】 联系【姓名已隐去】女士，协助收集材料" in draft.solution.replace(
        "电话 ", ""
    )
    assert "窗口协助：【姓名已隐去】女士补齐了劳动合同" in draft.solution
    assert "反馈结果：已电话（【电话已隐去】）告知【姓名已隐去】女士办理结果" in draft.solution
    assert draft.policy_basis == "《住房公积金管理条例》第二十四条"
    assert draft.categories == ["withdrawal"]


def test_the_requesters_name_phone_id_and_enterprise_never_appear_in_the_drafted_article(draft):
    text = article_text(draft)
    for secret in (NAME, PHONE, ENTERPRISE, "沈阳华信科技", "桂芳", "杨女士", "110101196504123021"):
        assert secret not in text
    snapshot = ArticleVersion.objects.get(article=draft, number=1).snapshot
    assert all(secret not in str(snapshot) for secret in (NAME, PHONE, ENTERPRISE))


def test_a_third_partys_untitled_name_and_a_home_address_never_reach_the_drafted_article(org):
    case = org.register(
        at(2, 9),
        requester_name=NAME,
        requester_phone=PHONE,
        business="离职提取住房公积金",
        problem="邻居李秀英说她也没办成；原单位地址为沈阳市和平区南京北街206号3单元501室，李秀英可作证",
    )
    run_to_closure(org, case)
    article = actions.draft_article_from_case(case, actor=org.officer, now=at(6))
    assert article.problem == (
        "邻居【姓名已隐去】说她也没办成；原单位地址为沈阳市和平区【地址已隐去】，【姓名已隐去】可作证"
    )
    event = Event.objects.get(stream="knowledge", action="draft_article")
    assert event.data["redacted"]["address"] == 1 and "李秀英" not in str(event.data)


def test_drafting_records_one_event_with_what_the_redaction_removed(closed_case, draft):
    event = Event.objects.get(stream="knowledge", action="draft_article")
    assert event.data["article"] == draft.pk and event.data["source_case"] == closed_case.pk
    assert event.data["redacted"]["phone"] >= 3 and event.data["redacted"]["name"] >= 4
    assert event.data["redacted"]["id_number"] == 1 and event.data["redacted"]["enterprise"] == 1
    assert event.after == {"status": "draft"}
    assert NAME not in str(event.data) and PHONE not in str(event.data)


def test_an_open_case_is_refused_with_a_clear_chinese_error_and_nothing_is_written(org, open_case):
    with pytest.raises(DomainError) as refused:
        actions.draft_article_from_case(open_case, actor=org.officer, now=at(6))
    assert refused.value.code == "knowledge.case_open"
    assert "尚未办结" in refused.value.message and open_case.number in refused.value.message
    assert not Article.objects.exists() and not Event.objects.filter(stream="knowledge").exists()


def test_a_case_is_drafted_once_while_its_article_is_not_withdrawn(org, closed_case, draft):
    with pytest.raises(DomainError) as refused:
        actions.draft_article_from_case(closed_case, actor=org.office, now=at(6, 11))
    assert refused.value.code == "knowledge.already_drafted" and refused.value.details == {
        "article": draft.pk
    }
    actions.submit_article(draft, actor=org.officer, now=at(6, 12))
    actions.publish_article(draft, actor=org.office, now=at(6, 13))
    actions.withdraw_article(draft, actor=org.office, reason="政策已调整", now=at(6, 14))
    again = actions.draft_article_from_case(closed_case, actor=org.office, now=at(6, 15))
    assert again.pk != draft.pk and Article.objects.count() == 2


def test_who_may_draft_from_a_case(org, closed_case):
    for who in ("handler", "unithead", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            actions.draft_article_from_case(closed_case, actor=org.people[who], now=at(6))
    assert not Article.objects.exists()
    assert actions.draft_article_from_case(closed_case.pk, actor=org.service, now=at(6)).author == org.service


def test_a_case_the_drafter_may_not_see_is_not_found(org, closed_case):
    from bancheng.org.models import Staff, Unit

    other_branch = Unit.objects.get(code="HP")
    stranger = Staff.objects.create(username="hp-officer", role="case_officer", unit=other_branch)
    with pytest.raises(DomainError) as refused:
        actions.draft_article_from_case(closed_case, actor=stranger, now=at(6))
    assert refused.value.code == "case.not_found"


def test_review_and_publication_record_reviewer_time_and_events(org, draft):
    actions.submit_article(draft, actor=org.officer, now=at(6, 11), expected_version=1)
    published = actions.publish_article(draft, actor=org.office, now=at(6, 12), expected_version=1)
    assert published.status == "published" and published.reviewer == org.office
    assert published.published_at == at(6, 12) and published.submitted_at == at(6, 11)
    events = list(
        Event.objects.filter(stream="knowledge").order_by("seq").values_list("action", "before", "after")
    )
    assert events == [
        ("draft_article", {}, {"status": "draft"}),
        ("submit_article", {"status": "draft"}, {"status": "in_review"}),
        ("publish_article", {"status": "in_review"}, {"status": "published"}),
    ]


def test_an_editor_sends_an_article_back_with_a_reason(org, draft):
    actions.submit_article(draft, actor=org.officer, now=at(6, 11))
    with pytest.raises(DomainError) as no_reason:
        actions.send_back_article(draft, actor=org.office, reason=" ", now=at(6, 12))
    assert no_reason.value.code == "knowledge.reason_required"
    back = actions.send_back_article(draft, actor=org.office, reason="原因写得不够具体", now=at(6, 12))
    assert back.status == "draft" and back.review_note == "原因写得不够具体"
    assert Event.objects.get(action="send_back_article").data["reason"] == "原因写得不够具体"


def test_only_editors_publish_send_back_withdraw_and_revise(org, draft):
    actions.submit_article(draft, actor=org.officer, now=at(6, 11))
    for move in (actions.publish_article, actions.revise_article):
        with pytest.raises(PermissionDenied):
            move(draft, actor=org.officer, now=at(6, 12))
    with pytest.raises(PermissionDenied):
        actions.send_back_article(draft, actor=org.leader, reason="x", now=at(6, 12))
    draft.refresh_from_db()
    assert draft.status == "in_review"
    for editor in ("office", "service", "admin"):
        assert actions.publish_article(draft, actor=org.people[editor], now=at(6, 13)).status == "published"
        actions.withdraw_article(draft, actor=org.people[editor], reason="复核", now=at(6, 14))
        actions.revise_article(draft, actor=org.people[editor], now=at(6, 15))
        actions.submit_article(draft, actor=org.officer, now=at(6, 16))


def test_a_draft_cannot_skip_review_nor_go_to_review_incomplete(org, draft):
    with pytest.raises(DomainError) as skipped:
        actions.publish_article(draft, actor=org.office, now=at(6, 11))
    assert skipped.value.code == "article.not_allowed"
    actions.edit_article(draft, fields_of(draft, cause=""), actor=org.officer, now=at(6, 12))
    with pytest.raises(DomainError) as incomplete:
        actions.submit_article(draft, actor=org.officer, now=at(6, 13))
    assert incomplete.value.code == "knowledge.incomplete" and incomplete.value.message == "请先填写：原因"


def test_another_officer_may_neither_edit_nor_submit_the_draft(org, draft):
    with pytest.raises(PermissionDenied):
        actions.edit_article(draft, fields_of(draft, title="改"), actor=org.officer2, now=at(6, 11))
    with pytest.raises(PermissionDenied):
        actions.submit_article(draft, actor=org.officer2, now=at(6, 11))


def test_each_edit_is_a_new_version_and_the_old_ones_are_kept(org, draft):
    edited = actions.edit_article(
        draft, fields_of(draft, title="离职提取被退回的原因与办法"), actor=org.officer, now=at(6, 11),
        expected_version=1, note="改标题",
    )  # fmt: skip
    assert edited.version == 2
    versions = list(ArticleVersion.objects.filter(article=draft).order_by("number"))
    assert [(v.number, v.snapshot["title"], v.note) for v in versions] == [
        (1, "离职提取住房公积金", f"由诉求件 {draft.source_case.number} 生成"),
        (2, "离职提取被退回的原因与办法", "改标题"),
    ]
    assert Event.objects.get(action="edit_article").data["fields"] == ["title"]


def test_saving_without_a_change_writes_nothing(org, draft):
    same = actions.edit_article(draft, fields_of(draft), actor=org.officer, now=at(6, 11))
    assert same.version == 1 and ArticleVersion.objects.filter(article=draft).count() == 1
    assert not Event.objects.filter(action="edit_article").exists()


def test_an_edit_of_a_published_article_stays_published_as_the_next_version(org, draft):
    actions.submit_article(draft, actor=org.officer, now=at(6, 11))
    actions.publish_article(draft, actor=org.office, now=at(6, 12))
    with pytest.raises(PermissionDenied):
        actions.edit_article(draft, fields_of(draft, solution="新办法"), actor=org.officer, now=at(6, 13))
    edited = actions.edit_article(
        draft, fields_of(draft, solution="按新规定，携带身份证到提取部办理"), actor=org.service, now=at(6, 13)
    )
    assert edited.status == "published" and edited.version == 2 and edited.reviewer == org.service
    old = ArticleVersion.objects.get(article=draft, number=1)
    assert old.snapshot["solution"] != edited.solution and old.status == "draft"
    assert ArticleVersion.objects.get(article=draft, number=2).status == "published"


def test_a_stale_version_is_a_conflict_and_nothing_is_written(org, draft):
    actions.edit_article(
        draft, fields_of(draft, title="第一稿"), actor=org.officer, now=at(6, 11), expected_version=1
    )
    with pytest.raises(Conflict) as stale:
        actions.edit_article(
            draft, fields_of(draft, title="另一稿"), actor=org.officer, now=at(6, 12), expected_version=1
        )
    assert stale.value.code == "knowledge.conflict"
    with pytest.raises(Conflict):
        actions.submit_article(draft, actor=org.officer, now=at(6, 12), expected_version=1)
    draft.refresh_from_db()
    assert draft.title == "第一稿" and draft.version == 2 and draft.status == "draft"


def test_typing_the_requesters_name_or_phone_back_into_an_edit_removes_it_again(org, draft):
    edited = actions.edit_article(
        draft, fields_of(draft, cause=f"{NAME}的材料不全，电话{PHONE}"), actor=org.officer, now=at(6, 11)
    )
    assert NAME not in edited.cause and PHONE not in edited.cause


def test_the_edit_keeps_public_phones_an_editor_adds_on_purpose(org, draft):
    edited = actions.edit_article(
        draft,
        fields_of(draft, solution="可拨打提取部电话 024-22345678 咨询"),
        actor=org.officer,
        now=at(6, 11),
    )
    assert "024-22345678" in edited.solution


def test_bad_input_is_refused_with_codes(org, draft):
    cases = [
        (fields_of(draft, title=" "), "knowledge.incomplete"),
        (fields_of(draft, title="长" * 201), "knowledge.too_long"),
        (fields_of(draft, cause="长" * 20001), "knowledge.too_long"),
        (ArticleFields(title="t", problem="p", categories=("nope",)), "knowledge.unknown_category"),
    ]
    for fields, code in cases:
        with pytest.raises(DomainError) as refused:
            actions.edit_article(draft, fields, actor=org.officer, now=at(6, 11))
        assert refused.value.code == code
    with pytest.raises(DomainError) as unknown_item:
        actions.edit_article(
            draft, fields_of(draft), actor=org.officer, service_item_ids=[999999], now=at(6, 11)
        )
    assert unknown_item.value.code == "knowledge.unknown_item"
    with pytest.raises(DomainError) as gone:
        actions.submit_article(999999, actor=org.officer, now=at(6, 11))
    assert gone.value.code == "knowledge.not_found"


def test_creating_an_article_from_scratch_with_service_items(org):
    from tests.knowledge.items import make_item

    item = make_item()
    article = actions.create_article(
        ArticleFields(title="租房提取常见问题", problem="租房提取被退回", categories=("withdrawal",)),
        actor=org.office,
        service_item_ids=[item.pk],
        now=at(6),
    )
    assert article.source_case is None and list(article.service_items.all()) == [item]
    assert ArticleVersion.objects.get(article=article).snapshot["service_items"] == [
        [item.pk, item.code, item.name]
    ]
    assert Event.objects.get(stream="knowledge").action == "create_article"
    with pytest.raises(PermissionDenied):
        actions.create_article(ArticleFields(title="t", problem="p"), actor=org.handler, now=at(6))


def test_an_on_the_spot_case_gives_its_resolution_and_a_returned_transfer_its_reason(org):
    from bancheng.cases import actions as act

    spot = org.register(
        at(2, 9), requester_name="陈一", requester_phone="13912345607", problem="自助机无法打印缴存证明"
    )
    act.assess_case(
        spot, actor=org.officer, category="deposit", nature="service", case_class="general",
        disposal="on_the_spot", now=at(2, 9),
    )  # fmt: skip
    act.resolve_on_the_spot(
        spot, actor=org.officer, resolution="协调大厅首席代表当场打印并盖章", now=at(2, 10)
    )
    act.record_visit(
        spot, actor=org.officer, contacted=True, solved=True, satisfaction="satisfied", now=at(2, 11)
    )
    act.close_case(spot, actor=org.officer, now=at(2, 12))
    article = actions.draft_article_from_case(spot, actor=org.officer, now=at(3))
    assert article.solution == "当场办结：协调大厅首席代表当场打印并盖章"

    returned = org.in_handling(at(4, 9), "DEP-GJ")
    (a,) = returned.assignments.all()
    act.return_assignment(a, actor=org.handler, reason="不属本部门职责，应由提取部办理", now=at(4, 10))
    with pytest.raises(DomainError):  # still open
        actions.draft_article_from_case(returned, actor=org.officer, now=at(4, 11))
    from bancheng.knowledge.drafting import draft_from_case

    returned.refresh_from_db()
    assert "归集部退回转办：不属本部门职责，应由提取部办理" in draft_from_case(returned).fields.cause

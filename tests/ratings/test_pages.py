"""The bad-rating pages, as each role: who sees what, who may act (403 for others, never 500)."""

from dataclasses import replace

import pytest

from bancheng.cases.models import Case
from bancheng.policies.services import policy_of, publish_policy
from bancheng.ratings.models import RatingAppeal, RatingReview

pytestmark = pytest.mark.django_db


def open_review():
    """The demo's case visited unsatisfied (蒋文), whose loop waits for verification."""
    return (
        RatingReview.objects.filter(state="verifying", case__state="visited").select_related("case").first()
    )


def act_url(review, code):
    return f"/ratings/{review.pk}/act/{code}/"


def test_a_case_reopened_three_times_is_flagged_on_its_page(client, org):
    from bancheng.cases import actions as act
    from tests.ratings.conftest import T1, answered

    case = answered(org)
    for _ in range(3):
        act.record_visit(
            case, actor=org.officer, contacted=True, solved=False, satisfaction="unsatisfied", now=T1
        )
        act.reopen_case(case, actor=org.officer, reason="答复不完整", now=T1)
        act.give_feedback(case, actor=org.officer, feedback="再次答复", solved=True, now=T1)
    client.force_login(org.office)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "重办≥3次" in page and page.count('data-review-state="verifying"') == 3


@pytest.mark.parametrize("username", ["office", "service", "leader", "auditor", "officer"])
def test_the_board_lists_the_open_loops_for_the_roles_that_see_all_cases_or_the_branch(as_user, username):
    review = open_review()
    page = as_user(username).get("/ratings/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "未结束的差评处理" in body and review.case.number in body


def test_the_administrator_is_refused_the_board(as_user):
    assert as_user("admin").get("/ratings/").status_code == 403


def test_a_unit_sees_only_the_loops_of_its_cases(as_user):
    review = open_review()
    body = as_user("handler2").get("/ratings/").content.decode()
    assert review.case.number not in body


def test_signed_out_visitors_are_sent_to_sign_in(client, demo):
    assert client.get("/ratings/").status_code == 302


def test_the_case_page_shows_the_loop_and_the_verify_button_to_the_office_only(as_user):
    review = open_review()
    office = as_user("office").get(f"/cases/{review.case.pk}/").content.decode()
    assert "差评核实整改" in office and act_url(review, "verify_bad_rating") in office
    officer = as_user("officer").get(f"/cases/{review.case.pk}/").content.decode()
    assert "差评核实整改" in officer and act_url(review, "verify_bad_rating") not in officer


def test_a_role_that_may_not_verify_gets_403(as_user):
    review = open_review()
    assert as_user("officer").get(act_url(review, "verify_bad_rating")).status_code == 403
    response = as_user("officer").post(
        act_url(review, "verify_bad_rating"), {"note": "x", "needs_rectification": "yes"}
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.state == "verifying"


def test_the_office_verifies_through_the_form(as_user):
    review = open_review()
    client = as_user("office")
    assert client.get(act_url(review, "verify_bad_rating")).status_code == 200
    response = client.post(
        act_url(review, "verify_bad_rating"),
        {
            "note": "电话核实：诉求人对额度计算不满意",
            "needs_rectification": "yes",
            "version": review.case.version,
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == "verified"


def test_a_form_without_the_note_is_refused_in_chinese(as_user):
    review = open_review()
    response = as_user("office").post(act_url(review, "verify_bad_rating"), {"needs_rectification": "yes"})
    assert response.status_code == 400 and "此项为必填项" in response.content.decode()


def test_a_stale_form_is_refused_as_a_conflict(as_user):
    review = open_review()
    response = as_user("office").post(
        act_url(review, "verify_bad_rating"),
        {"note": "核实", "needs_rectification": "yes", "version": review.case.version - 1},
    )
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()


def test_an_out_of_order_step_is_refused_with_the_rule(as_user):
    review = open_review()
    response = as_user("office").post(
        act_url(review, "assign_rectification"),
        {"unit_id": str(review.case.branch_id), "requirement": "整改"},
    )
    assert response.status_code == 400 and "不能交办差评整改" in response.content.decode()


def test_an_unknown_step_or_loop_is_404(as_user):
    review = open_review()
    assert as_user("office").get(act_url(review, "nope")).status_code == 404
    assert as_user("office").get("/ratings/999999/act/verify_bad_rating/").status_code == 404


def test_the_unit_appeals_and_only_the_office_or_a_leader_decides(as_user, demo):
    review = open_review()
    unit_id = review.case.assignments.values_list("unit_id", flat=True).first()
    handler = next(u for u in ("handler", "handler2", "handler3") if demo[u].unit_id == unit_id)
    response = as_user(handler).post(
        act_url(review, "appeal_rating"), {"reason": "诉求人误评", "evidence": "录音"}
    )
    assert response.status_code == 302
    appeal = RatingAppeal.objects.get(review=review)
    assert as_user(handler).get(f"/ratings/appeals/{appeal.pk}/decide/").status_code == 403
    assert "待复核的申诉" in as_user("office").get("/ratings/").content.decode()
    response = as_user("leader").post(
        f"/ratings/appeals/{appeal.pk}/decide/", {"approved": "yes", "note": "系误评"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == "approved"


def test_cases_reopened_the_policys_number_of_times_are_flagged_and_filtered(as_user, demo):
    publish_policy(replace(policy_of(None), reopen_flag_threshold=1), note="重办一次即标记")
    reopened = Case.objects.filter(reopen_count__gte=1).first()
    other = Case.objects.filter(reopen_count=0).first()
    client = as_user("office")
    listed = client.get("/cases/?panel=reopened").content.decode()
    assert reopened.number in listed and other.number not in listed
    assert reopened.number in client.get("/ratings/").content.decode()


def test_the_board_filters_by_the_loops_state(as_user):
    body = as_user("office").get("/ratings/?state=closed").content.decode()
    assert "差评处理：已结束" in body


def test_the_boards_query_count_does_not_grow_with_the_loops(as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bancheng.cases.models import FollowUpVisit

    client = as_user("office")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/ratings/").status_code == 200
        return len(queries)

    before = count()
    shown = RatingReview.objects.exclude(state="closed").count()
    for visit in FollowUpVisit.objects.filter(rating_review=None)[:3]:  # more loops on the board
        RatingReview.objects.create(
            case=visit.case,
            visit=visit,
            satisfaction="unsatisfied",
            opened_at=visit.visited_at,
            state="verifying",
        )
    assert RatingReview.objects.exclude(state="closed").count() > shown
    assert count() <= before

"""The bad-rating loop's actions: each rule, each refusal (code, nothing written), each event."""

from datetime import timedelta

import pytest

from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.domain.errors import DomainError, PermissionDenied
from bancheng.ratings.models import RatingAppeal, RatingReview
from tests.ratings.conftest import T1, T2, answered, badly_rated
from tests.support import shanghai


def last_event(case):
    return Event.objects.filter(case=case).order_by("-seq").first()


def through_rectification(org, review, *, now=T2):
    act.verify_bad_rating(
        review, actor=org.office, note="诉求人确认对答复不满意", needs_rectification=True, now=now
    )
    act.assign_rectification(
        review, actor=org.office, unit_id=org.unit("DEP-GJ").pk, requirement="重新核算并当面说明", now=now
    )
    review.refresh_from_db()
    return review


def test_an_unsatisfied_visit_opens_a_loop_waiting_for_verification_in_the_visits_event(bad):
    case, review = bad
    assert (review.state, review.satisfaction, review.visit.satisfaction) == (
        "verifying",
        "unsatisfied",
        "unsatisfied",
    )
    event = last_event(case)
    assert event.action == "record_visit" and event.data["rating_review"] == review.pk


def test_a_satisfied_visit_opens_no_loop(org):
    case = answered(org)
    act.record_visit(case, actor=org.officer, contacted=True, solved=True, satisfaction="satisfied", now=T1)
    assert not RatingReview.objects.filter(case=case).exists()


def test_the_five_level_scale_opens_a_loop_for_both_lowest_levels_only(putuo_org):
    for satisfaction, opens in [
        ("very_unsatisfied", True),
        ("unsatisfied", True),
        ("basically_satisfied", False),
    ]:
        case = answered(putuo_org, case_class="general")
        act.record_visit(
            case, actor=putuo_org.officer, contacted=True, solved=False, satisfaction=satisfaction, now=T1
        )
        assert RatingReview.objects.filter(case=case).exists() is opens, satisfaction


def test_verification_that_finds_the_answer_right_ends_the_loop_as_explained(org, bad):
    case, review = bad
    act.verify_bad_rating(
        review, actor=org.office, note="答复符合政策，已再次解释", needs_rectification=False, now=T2
    )
    review.refresh_from_db()
    assert (review.state, review.outcome, review.closed_at) == ("closed", "explained", T2)
    event = last_event(case)
    assert event.action == "verify_bad_rating"
    assert event.data["review_after"] == "closed" and event.data["needs_rectification"] is False


def test_a_confirmed_rating_waits_for_a_rectification_to_be_assigned(org, bad):
    _, review = bad
    act.verify_bad_rating(review, actor=org.office, note="情况属实", needs_rectification=True, now=T2)
    review.refresh_from_db()
    assert (review.state, review.verified_by, review.verification_note) == (
        "verified",
        org.office,
        "情况属实",
    )


def test_verification_without_a_note_is_refused_and_writes_nothing(org, bad):
    _, review = bad
    events = Event.objects.count()
    with pytest.raises(DomainError) as refused:
        act.verify_bad_rating(review, actor=org.office, note=" ", needs_rectification=True, now=T2)
    assert refused.value.code == "rating.note_required"
    review.refresh_from_db()
    assert review.state == "verifying" and Event.objects.count() == events


def test_only_the_center_office_or_customer_service_verifies(org, bad):
    _, review = bad
    for person in (org.officer, org.handler, org.leader):
        with pytest.raises(PermissionDenied):
            act.verify_bad_rating(review, actor=person, note="x", needs_rectification=True, now=T2)


def test_the_rectification_deadline_is_the_policys_limit_in_working_days(org, bad):
    case, review = bad
    review = through_rectification(org, review)
    deadline = review.deadline
    assert review.state == "rectifying" and review.unit == org.unit("DEP-GJ")
    assert (deadline.kind, deadline.limit_amount, deadline.limit_unit) == ("rectification", 5, "working_days")
    assert deadline.due_at == shanghai(2026, 3, 11, 17, 0)  # Wed + 5 working days, close of business
    assert last_event(case).data["deadlines"][0]["kind"] == "rectification"


def test_assigning_before_verification_is_refused_out_of_order(org, bad):
    _, review = bad
    with pytest.raises(DomainError) as refused:
        act.assign_rectification(
            review, actor=org.office, unit_id=org.unit("DEP-GJ").pk, requirement="x", now=T2
        )
    assert refused.value.code == "rating.action_not_allowed"


def test_only_the_assigned_unit_records_the_rectification(org, bad):
    _, review = bad
    review = through_rectification(org, review)
    with pytest.raises(PermissionDenied) as refused:
        act.record_rectification(review, actor=org.handler2, rectification="x", now=T2)
    assert refused.value.code == "auth.other_unit"
    with pytest.raises(PermissionDenied):
        act.record_rectification(review, actor=org.office, rectification="x", now=T2)


def test_recording_the_rectification_meets_its_deadline_on_time_or_late(org):
    for when, status in [(T2, "met_on_time"), (shanghai(2026, 3, 12, 9, 0), "met_late")]:
        _, review = badly_rated(org)
        review = through_rectification(org, review)
        act.record_rectification(review, actor=org.handler, rectification="已重新核算并上门说明", now=when)
        review.refresh_from_db()
        assert review.state == "feedback" and review.deadline.status == status


def test_feedback_then_a_second_visit_ends_the_loop_and_gives_the_case_the_new_rating(org, bad):
    case, review = bad
    review = through_rectification(org, review)
    act.record_rectification(review, actor=org.handler, rectification="已整改", now=T2)
    act.give_rectification_feedback(review, actor=org.officer, feedback="已告知整改情况", now=T2)
    later = T2 + timedelta(hours=1)
    visit = act.revisit_bad_rating(
        review, actor=org.officer, contacted=True, solved=True, satisfaction="satisfied", now=later
    )
    review.refresh_from_db()
    case.refresh_from_db()
    assert (review.state, review.outcome, review.revisit) == ("closed", "revisited", visit)
    assert (case.state, case.satisfaction, case.visits.count()) == ("visited", "satisfied", 2)
    act.close_case(case, actor=org.officer, now=later)  # the closing rule now sees 满意
    assert last_event(case).action == "close"


def test_a_still_bad_second_visit_opens_no_further_loop(org, bad):
    case, review = bad
    review = through_rectification(org, review)
    act.record_rectification(review, actor=org.handler, rectification="已整改", now=T2)
    act.give_rectification_feedback(review, actor=org.officer, feedback="已告知", now=T2)
    act.revisit_bad_rating(
        review, actor=org.officer, contacted=True, solved=False, satisfaction="unsatisfied", now=T2
    )
    assert RatingReview.objects.filter(case=case).count() == 1


def test_a_case_with_an_open_loop_closes_by_the_closing_rule_but_is_not_archived(org, bad):
    case, review = bad
    act.close_case(case, actor=org.officer, compliance_reason="答复符合政策", now=T2)
    with pytest.raises(DomainError) as refused:
        act.archive_case(case, actor=org.officer, now=T2)
    assert refused.value.code == "case.rating_review_open"
    case.refresh_from_db()
    assert case.state == "closed"
    act.verify_bad_rating(review, actor=org.office, note="已解释", needs_rectification=False, now=T2)
    act.archive_case(case, actor=org.officer, now=T2)
    case.refresh_from_db()
    assert case.state == "archived"


def test_the_handling_unit_appeals_a_mistaken_rating_once(org, bad):
    case, review = bad
    appeal = act.appeal_rating(
        review, actor=org.handler, reason="诉求人误点不满意", evidence="回访录音 3月3日", now=T2
    )
    assert (appeal.state, appeal.appellant_unit, appeal.visit) == (
        "pending",
        org.unit("DEP-GJ"),
        review.visit,
    )
    assert last_event(case).action == "appeal_rating"
    with pytest.raises(DomainError) as refused:
        act.appeal_rating(review, actor=org.unithead, reason="再次申诉", now=T2)
    assert refused.value.code == "rating.already_appealed"


def test_a_unit_that_neither_handled_nor_rectified_the_case_cannot_appeal(org, bad):
    _, review = bad
    with pytest.raises(PermissionDenied) as refused:
        act.appeal_rating(review, actor=org.handler2, reason="误评", now=T2)
    assert refused.value.code == "auth.other_unit"


def test_an_appeal_without_a_reason_is_refused(org, bad):
    _, review = bad
    with pytest.raises(DomainError) as refused:
        act.appeal_rating(review, actor=org.handler, reason="", now=T2)
    assert refused.value.code == "rating.reason_required"
    assert not RatingAppeal.objects.exists()


def test_a_closed_loop_cannot_be_appealed(org, bad):
    _, review = bad
    act.verify_bad_rating(review, actor=org.office, note="已解释", needs_rectification=False, now=T2)
    with pytest.raises(DomainError) as refused:
        act.appeal_rating(review, actor=org.handler, reason="误评", now=T2)
    assert refused.value.code == "rating.review_closed"


def test_an_approved_appeal_ends_the_loop_and_cancels_the_rectification_deadline(org, bad):
    case, review = bad
    review = through_rectification(org, review)
    appeal = act.appeal_rating(review, actor=org.handler, reason="误评", now=T2)
    act.decide_appeal(appeal, actor=org.leader, approved=True, note="经核实系误评", now=T2)
    appeal.refresh_from_db()
    review.refresh_from_db()
    assert (appeal.state, appeal.decided_by, appeal.decision_note) == ("approved", org.leader, "经核实系误评")
    assert (review.state, review.outcome) == ("closed", "appeal_approved")
    assert review.deadline.cancelled_at == T2
    assert last_event(case).data["decision"] == "approved"


def test_a_rejected_appeal_is_recorded_and_the_loop_goes_on(org, bad):
    _, review = bad
    appeal = act.appeal_rating(review, actor=org.handler, reason="误评", now=T2)
    act.decide_appeal(appeal, actor=org.office, approved=False, note="诉求人确认不满意", now=T2)
    appeal.refresh_from_db()
    review.refresh_from_db()
    assert appeal.state == "rejected" and review.state == "verifying"


def test_an_appeal_is_decided_once_with_a_note_by_the_office_or_a_leader(org, bad):
    _, review = bad
    appeal = act.appeal_rating(review, actor=org.handler, reason="误评", now=T2)
    with pytest.raises(DomainError) as refused:
        act.decide_appeal(appeal, actor=org.office, approved=True, note="", now=T2)
    assert refused.value.code == "rating.decision_note_required"
    with pytest.raises(PermissionDenied):
        act.decide_appeal(appeal, actor=org.unithead, approved=True, note="同意", now=T2)
    act.decide_appeal(appeal, actor=org.office, approved=False, note="驳回", now=T2)
    with pytest.raises(DomainError) as refused:
        act.decide_appeal(appeal, actor=org.leader, approved=True, note="改判", now=T2)
    assert refused.value.code == "rating.appeal_decided"


def test_the_rectification_limit_survives_the_policys_stored_form():
    from bancheng.domain.deadlines import Limit, LimitUnit
    from bancheng.domain.policy import SHENYANG, policy_from_dict, policy_to_dict

    policy = policy_from_dict(policy_to_dict(SHENYANG))
    assert policy.rectify_limit == Limit(5, LimitUnit.WORKING_DAYS) and policy.reopen_flag_threshold == 3


def test_assigning_a_rectification_tells_the_units_head_in_the_app(org, bad):
    from bancheng.notifications.models import Message

    _, review = bad
    through_rectification(org, review)
    messages = Message.objects.filter(template_code="rectification_assigned")
    assert [(m.channel, m.recipient.username) for m in messages] == [("in_app", "unithead")]
    assert review.case.number in messages.get().subject

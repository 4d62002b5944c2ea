"""The administrator edits the rectification limit and the reopen flag in the policy editor."""

from bancheng.policies.services import active_policy_version, policy_of
from tests.setup_pages.test_policy_pages import edit_post


def test_the_editor_shows_and_publishes_the_rectification_limit_and_the_reopen_flag(as_user):
    admin = as_user("admin")
    page = admin.get("/setup/policy/edit/").content.decode()
    assert "差评整改时限（工作日）" in page and "重办标记（次）" in page
    response = admin.post(
        "/setup/policy/edit/", edit_post(rectify_days=10, reopen_flag_threshold=2, note="差评")
    )
    assert response.status_code == 302
    policy = policy_of(active_policy_version().pk)
    assert (policy.rectify_limit.amount, policy.rectify_limit.unit.value, policy.reopen_flag_threshold) == (
        10,
        "working_days",
        2,
    )


def test_left_empty_they_keep_the_policy_in_force(as_user):
    response = as_user("admin").post("/setup/policy/edit/", edit_post(note="不改"))
    assert response.status_code == 302
    policy = policy_of(active_policy_version().pk)
    assert (policy.rectify_limit.amount, policy.reopen_flag_threshold) == (5, 3)


def test_a_zero_limit_is_refused_in_chinese(as_user):
    response = as_user("admin").post("/setup/policy/edit/", edit_post(rectify_days=0))
    assert response.status_code == 400 and "须大于 0" in response.content.decode()

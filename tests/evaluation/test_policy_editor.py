"""The policy editor edits the composite score's weights and the evaluation figures into a new version, and
refuses invalid ones with a Chinese message."""

import pytest

from bancheng.domain.kpi import Kpi
from bancheng.policies.models import PolicyVersion
from bancheng.policies.services import active_policy_version, policy_of
from tests.setup_pages.test_policy_pages import edit_post


def test_the_editor_shows_the_weights_and_the_evaluation_figures(as_user):
    page = as_user("admin").get("/setup/policy/edit/").content.decode()
    assert "综合得分权重：满意率（%）" in page
    assert 'name="scoring-excellent_quota" value="10"' in page
    assert 'name="scoring-weight_prompt_transfer" value="20"' in page


def test_the_policy_page_shows_the_weights_and_the_quota(as_user):
    page = as_user("admin").get("/setup/policy/").content.decode()
    assert "满意率 15%" in page and "不超过 10%" in page


def test_saving_weights_and_figures_publishes_a_new_version(as_user):
    before = active_policy_version().version
    changes = {
        "scoring-weight_prompt_transfer": "10",
        "scoring-weight_satisfied": "25",
        "scoring-late_points": "1.5",
        "scoring-excellent_quota": "20",
    }
    response = as_user("admin").post("/setup/policy/edit/", edit_post(**changes))
    assert response.status_code == 302
    version = active_policy_version()
    assert version.version == before + 1
    policy = policy_of(version.pk)
    assert policy.weights[Kpi.PROMPT_TRANSFER] == pytest.approx(0.10)
    assert policy.weights[Kpi.SATISFIED] == pytest.approx(0.25)
    assert policy.evaluation.late_points == 1.5
    assert policy.evaluation.excellent_quota == pytest.approx(0.20)
    assert policy.evaluation.non_cooperation_bars_excellent  # shenyang's, kept as the form showed it
    assert policy_of(PolicyVersion.objects.get(version=before).pk).evaluation.late_points == 2.0


def test_unticking_the_bar_lets_non_cooperating_units_be_excellent(as_user):
    post = edit_post()
    del post["scoring-non_cooperation_bars_excellent"]
    assert as_user("admin").post("/setup/policy/edit/", post).status_code == 302
    assert not policy_of(None).evaluation.non_cooperation_bars_excellent


def test_weights_not_summing_to_a_hundred_are_refused(as_user):
    before = active_policy_version().version
    response = as_user("admin").post("/setup/policy/edit/", edit_post(**{"scoring-weight_solved": "30"}))
    assert response.status_code == 400
    assert "综合得分各项权重之和须为 100%（现为 115%）" in response.content.decode()
    assert active_policy_version().version == before


def test_a_negative_weight_is_refused_on_its_field(as_user):
    response = as_user("admin").post("/setup/policy/edit/", edit_post(**{"scoring-weight_solved": "-5"}))
    assert response.status_code == 400
    assert "不能小于 0" in response.content.decode()


def test_a_quota_above_a_hundred_percent_is_refused(as_user):
    response = as_user("admin").post("/setup/policy/edit/", edit_post(**{"scoring-excellent_quota": "150"}))
    assert response.status_code == 400
    assert "不能大于 100" in response.content.decode()


def test_disordered_score_lines_are_refused_with_the_policy_problem(as_user):
    response = as_user("admin").post("/setup/policy/edit/", edit_post(**{"scoring-pass_min": "95"}))
    assert response.status_code == 400
    assert "考核分数线须满足" in response.content.decode()


def test_a_word_for_a_number_is_refused(as_user):
    response = as_user("admin").post("/setup/policy/edit/", edit_post(**{"scoring-late_points": "两分"}))
    assert response.status_code == 400
    assert "请填写数字" in response.content.decode()


def test_the_evaluation_page_scores_with_the_published_figures(as_user):
    post = edit_post(
        **{
            "scoring-excellent_quota": "100",
            "scoring-excellent_min": "0",
            "scoring-basic_min": "0",
            "scoring-pass_min": "0",
        }
    )
    del post["scoring-non_cooperation_bars_excellent"]
    assert as_user("admin").post("/setup/policy/edit/", post).status_code == 302
    page = as_user("office").get("/evaluation/?period=2026").content.decode()
    assert "不超过参评单位的 100%" in page

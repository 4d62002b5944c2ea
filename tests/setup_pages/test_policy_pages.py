"""The policy page shows the version in force and the earlier ones; editing publishes a new version through
``publish_policy``, and a policy with problems is refused with its problems listed."""

from bancheng.audit.models import Event
from bancheng.policies.models import PolicyVersion
from bancheng.policies.scoring import ScoringForm
from bancheng.policies.services import active_policy_version, policy_of


def edit_post(**changes):
    """The edit form as the page shows it for the version in force, with ``changes`` applied."""
    version = active_policy_version()
    policy = policy_of(version.pk)
    values = {
        "base_version": version.version,
        "name": policy.name,
        "due_soon_minutes": policy.due_soon_minutes,
        "pause_mode": policy.pause_mode.value,
        "calendar_cap_days": policy.calendar_cap_days or "",
        "note": "",
        "categories-TOTAL_FORMS": len(policy.categories) + 3,
        "categories-INITIAL_FORMS": len(policy.categories),
    }
    for klass in policy.classes:
        values[f"limit_{klass.code}"] = klass.feedback_limit.amount
    for name, value in ScoringForm.initial_for(policy).items():  # the weights and evaluation figures
        if value is not False:
            values[f"scoring-{name}"] = value
    from bancheng.policies.hotline import HotlineLimitsForm

    for name, value in HotlineLimitsForm.initial_for(policy).items():  # the 12345 platform's limits
        values[f"hotline-{name}"] = value
    for index, category in enumerate(policy.categories):
        values[f"categories-{index}-code"] = category.code
        values[f"categories-{index}-label"] = category.label
        values[f"categories-{index}-description"] = category.description
    values.update(changes)
    return values


def row_of(code):
    policy = policy_of(active_policy_version().pk)
    return next(i for i, c in enumerate(policy.categories) if c.code == code)


def test_the_policy_page_shows_classes_limits_categories_and_versions(as_user):
    page = as_user("admin").get("/setup/policy/").content.decode()
    for text in ("一般问题", "1个工作日", "困难问题", "5个工作日", "缴存", "服务类", "信访事项", "基本满意"):
        assert text in page
    assert "第 1 版" in page and "现行" in page


def test_publishing_an_edited_policy_makes_a_new_version_and_keeps_the_old_one(as_user, demo):
    before = active_policy_version()
    response = as_user("admin").post(
        "/setup/policy/edit/",
        edit_post(
            **{
                f"categories-{row_of('loan')}-label": "个人住房贷款",
                f"categories-{row_of('other')}-DELETE": "on",
                "categories-6-label": "异地业务",
                "limit_difficult": 4,
                "due_soon_minutes": 120,
                "pause_mode": "restart",
                "note": "调整分类和时限",
            }
        ),
    )
    assert response.status_code == 302
    after = active_policy_version()
    assert after.version == before.version + 1 and after.published_by == demo["admin"]
    policy = policy_of(after.pk)
    labels = {c.code: c.label for c in policy.categories}
    assert labels["loan"] == "个人住房贷款" and "other" not in labels
    assert labels["category_1"] == "异地业务"
    assert policy.case_class("difficult").feedback_limit.amount == 4
    assert (policy.due_soon_minutes, policy.pause_mode.value) == (120, "restart")
    assert PolicyVersion.objects.get(pk=before.pk).data != after.data  # the old version is kept unchanged
    event = Event.objects.filter(action="publish_policy").latest("at")
    assert event.data["version"] == after.version and event.actor == demo["admin"]


def test_a_policy_with_problems_is_refused_with_its_problems_listed(as_user):
    before = PolicyVersion.objects.count()
    policy = policy_of(active_policy_version().pk)
    removed = {f"categories-{i}-DELETE": "on" for i in range(len(policy.categories))}
    response = as_user("admin").post("/setup/policy/edit/", edit_post(**removed))
    assert response.status_code == 400
    assert "事项分类不能为空" in response.content.decode()
    assert PolicyVersion.objects.count() == before


def test_two_categories_with_one_code_are_refused(as_user):
    response = as_user("admin").post(
        "/setup/policy/edit/", edit_post(**{"categories-6-code": "loan", "categories-6-label": "贷款二"})
    )
    assert response.status_code == 400
    assert "事项分类的代码不能重复" in response.content.decode()


def test_a_negative_limit_is_refused_on_its_field(as_user):
    response = as_user("admin").post("/setup/policy/edit/", edit_post(limit_general=-1))
    assert response.status_code == 400
    assert "不能小于 0" in response.content.decode()


def test_an_edit_of_a_replaced_version_is_refused(as_user):
    client = as_user("admin")
    stale = edit_post()
    assert client.post("/setup/policy/edit/", edit_post(name="新名称")).status_code == 302
    count = PolicyVersion.objects.count()
    response = client.post("/setup/policy/edit/", stale)
    assert response.status_code == 400
    assert "请重新打开编辑页" in response.content.decode()
    assert PolicyVersion.objects.count() == count


def test_an_earlier_version_can_still_be_read(as_user):
    client = as_user("admin")
    client.post("/setup/policy/edit/", edit_post(name="新名称"))
    page = client.get("/setup/policy/versions/1/").content.decode()
    assert "历史版本" in page and "沈阳住房公积金管理中心" in page

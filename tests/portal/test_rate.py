from datetime import timedelta

import pytest
from django.utils import timezone

from bancheng.cases import actions as act
from bancheng.cases.models import FollowUpVisit
from bancheng.domain.errors import DomainError
from bancheng.notifications.models import RatingInvitation, hash_token
from bancheng.notifications.services import invite_rating
from bancheng.portal import links
from bancheng.ratings.models import RatingReview
from tests.portal.test_progress import T1, transferred


@pytest.fixture
def link(org):
    case = transferred(org)
    url = invite_rating(case, timezone.now())
    return case, url.split("/rate/")[1].strip("/")


ANSWERS = {"contacted": "yes", "solved": "yes", "satisfaction": "satisfied", "comment": "办得快"}


def test_the_rating_link_asks_the_follow_up_questions_on_the_policys_scale(org, client, link):
    case, token = link
    html = client.get(f"/rate/{token}/").content.decode()
    assert case.number in html
    for question in ("是否与您联系过", "是否得到解决", "满意", "基本满意", "不满意"):
        assert question in html


def test_a_rating_is_recorded_as_the_follow_up_visit(org, client, link):
    case, token = link
    response = client.post(f"/rate/{token}/", ANSWERS)
    assert response.status_code == 200
    assert "感谢您的评价" in response.content.decode()
    visit = FollowUpVisit.objects.get(case=case)
    assert (visit.contacted, visit.solved, visit.satisfaction) == (True, True, "satisfied")
    assert "办得快" in visit.comment
    case.refresh_from_db()
    assert case.state == "visited"
    assert case.events.filter(action="record_visit").count() == 1


def test_a_rating_link_used_twice_is_refused(org, client, link):
    case, token = link
    client.post(f"/rate/{token}/", ANSWERS)
    again = client.post(f"/rate/{token}/", ANSWERS)
    assert again.status_code == 410
    assert "该评价链接已使用" in again.content.decode()
    assert FollowUpVisit.objects.filter(case=case).count() == 1


def test_a_bad_rating_opens_the_bad_rating_loop(org, client, link):
    case, token = link
    client.post(f"/rate/{token}/", {**ANSWERS, "solved": "no", "satisfaction": "unsatisfied"})
    assert RatingReview.objects.filter(case=case).count() == 1


def test_an_expired_link_is_refused_in_chinese(org, link):
    _case, token = link
    with pytest.raises(DomainError) as refused:
        links.open_link(token, timezone.now() + timedelta(days=31))
    assert refused.value.code == "portal.link_expired"
    assert "已过期" in refused.value.message


def test_an_unknown_link_is_refused_in_chinese(org, client):
    response = client.get("/rate/nothing-here/")
    assert response.status_code == 410
    assert "评价链接无效" in response.content.decode()


def test_a_case_already_visited_by_phone_needs_no_rating(org, client, link):
    case, token = link
    act.record_visit(case, actor=org.officer, contacted=True, solved=True, satisfaction="satisfied", now=T1)
    response = client.get(f"/rate/{token}/")
    assert response.status_code == 410
    assert "无需再评价" in response.content.decode()
    assert RatingInvitation.objects.get(token_hash=hash_token(token)).used_at is None


def test_missing_answers_are_asked_again(org, client, link):
    _case, token = link
    response = client.post(f"/rate/{token}/", {"contacted": "yes"})
    assert response.status_code == 400
    assert "此项为必填项" in response.content.decode()


def test_a_link_works_by_its_token_while_the_row_keeps_only_the_hash(org, client, link):
    case, token = link
    rows = list(RatingInvitation.objects.filter(case=case).values())
    assert rows and all(token not in str(v) for row in rows for v in row.values())
    row = RatingInvitation.objects.get(token_hash=hash_token(token))
    assert client.get(f"/rate/{token}/").status_code == 200
    assert client.get(f"/rate/{row.token_hash}/").status_code == 410  # the hash itself is no link


def test_the_migration_hashes_tokens_stored_in_clear(org):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("bancheng.notifications.migrations.0002_rating_token_hash")
    case = transferred(org)
    clear = "sent-before-the-migration-abcdefghij"
    RatingInvitation.objects.create(case=case, token_hash=clear, created_at=timezone.now())
    migration.hash_existing(apps, None)
    assert not RatingInvitation.objects.filter(token_hash=clear).exists()
    assert RatingInvitation.objects.filter(case=case, token_hash=hash_token(clear)).exists()
    assert links.open_link(clear, timezone.now()).case == case

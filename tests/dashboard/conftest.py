from datetime import timedelta

import pytest
from django.utils import timezone

from bancheng.cases import actions as act


@pytest.fixture(autouse=True)
def fresh_cache():
    """The dashboard's JSON is cached by the newest event id, which a rolled-back test may reuse."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The demo organization and cases under the shenyang preset; returns the staff by username."""
    from django.core.management import call_command

    from bancheng.org.models import Staff

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {s.username: s for s in Staff.objects.all()}


@pytest.fixture
def as_user(client, demo):
    """A client signed in as one of the demo people: ``as_user("office")``."""

    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in


@pytest.fixture
def signed_in(client, org):
    """A client signed in as one of the bare organization's people (no demo cases)."""

    def sign_in(username):
        client.force_login(org.people[username])
        return client

    return sign_in


@pytest.fixture
def supervision_cases(org):
    """A small known set, relative to now: a case late at DEP-1 with an overdue unanswered notice, one late at
    EXT-TAX with an answered notice, one EXT-BANK returned, and a fresh case with nothing late."""
    now = timezone.now()
    weeks_ago = now - timedelta(days=21)
    late = org.in_handling(weeks_ago, "DEP-1")
    (a,) = late.assignments.all()
    act.sign_for_assignment(a, actor=org.handler, now=weeks_ago + timedelta(hours=1))
    act.issue_supervision_notice(
        a, actor=org.office, content="请按期办结", requirement="两日内答复", now=now - timedelta(days=8)
    )
    answered = org.in_handling(weeks_ago, "EXT-TAX")
    (b,) = answered.assignments.all()
    act.sign_for_assignment(b, actor=org.handler2, now=weeks_ago + timedelta(hours=1))
    notice = act.issue_supervision_notice(
        b, actor=org.office, content="请按期办结", requirement="两日内答复", now=now - timedelta(days=9)
    )
    act.answer_supervision_notice(notice, actor=org.handler2, answer="已在办理", now=now - timedelta(days=8))
    returned = org.in_handling(now - timedelta(days=2), "EXT-BANK")
    (c,) = returned.assignments.all()
    act.return_assignment(c, actor=org.handler3, reason="不属于本单位职责", now=now - timedelta(days=1))
    fresh = org.in_handling(now - timedelta(minutes=5), "DEP-1")
    return {"late": late, "answered": answered, "returned": returned, "fresh": fresh}

import pytest

from bancheng.cases import actions as act
from bancheng.ratings.models import RatingReview
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)  # Monday
T1 = shanghai(2026, 3, 3, 15, 0)
T2 = shanghai(2026, 3, 4, 10, 0)


def answered(org, case_class="difficult"):
    case = org.in_handling(T0, "DEP-1", case_class=case_class)
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=org.handler, now=T0)
    act.record_resolution(assignment, actor=org.handler, resolution="已更正数据", now=T1)
    act.give_feedback(case, actor=org.officer, feedback="已告知结果", solved=True, now=T1)
    return case


def badly_rated(org, satisfaction="unsatisfied"):
    case = answered(org)
    act.record_visit(case, actor=org.officer, contacted=True, solved=False, satisfaction=satisfaction, now=T1)
    case.refresh_from_db()
    return case, RatingReview.objects.get(case=case)


@pytest.fixture
def bad(org):
    return badly_rated(org)


@pytest.fixture
def demo(db):
    """The shenyang demo (tests/demo_data.py); returns the staff by username."""
    from tests.demo_data import load_demo

    return load_demo("shenyang")


@pytest.fixture
def as_user(client, demo):
    """A client signed in as one of the demo people: ``as_user("office")``."""

    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in

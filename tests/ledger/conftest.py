import pytest


def load_demo(preset: str = "shenyang"):
    """The demo organization and cases (what ``bancheng demo`` loads), without its migrate step."""
    from django.utils import timezone

    from bancheng.calendars.services import get_calendar
    from bancheng.demo.organization import build_organization, build_people
    from bancheng.demo.stories import Demo, build_cases
    from bancheng.domain.calendar import TZ
    from bancheng.policies.services import install_preset, policy_of

    version = install_preset(preset)
    units = build_organization(preset)
    people = build_people(units)
    today = get_calendar().previous_working_day(timezone.now().astimezone(TZ).date())
    build_cases(Demo(policy_of(version.pk), people, units, today))
    return people


@pytest.fixture
def demo(db):
    """The demo organization and cases under the shenyang preset; returns the staff by username."""
    return load_demo("shenyang")


@pytest.fixture
def as_user(client, demo):
    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in


@pytest.fixture
def artifacts():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "ledger"
    root.mkdir(parents=True, exist_ok=True)
    return root

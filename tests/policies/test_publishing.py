from dataclasses import replace

import pytest

from bancheng.audit.models import Event
from bancheng.calendars.services import get_calendar
from bancheng.domain.errors import DomainError
from bancheng.domain.policy import preset
from bancheng.policies.models import PolicyVersion
from bancheng.policies.services import active_policy_version, install_preset, policy_of, publish_policy

pytestmark = pytest.mark.django_db


def test_installing_a_preset_publishes_it_as_the_policy_in_force():
    version = install_preset("shanting")
    assert active_policy_version() == version and policy_of(version.pk) == preset("shanting")


def test_installing_the_same_preset_twice_changes_nothing():
    first = install_preset("shenyang")
    assert install_preset("shenyang") == first and PolicyVersion.objects.count() == 1


def test_a_new_version_keeps_the_old_one_for_cases_assessed_under_it():
    old = install_preset("shenyang")
    new = publish_policy(replace(preset("shenyang"), due_soon_minutes=60), note="预警提前到一小时")
    old.refresh_from_db()
    assert (old.active, new.active, new.version) == (False, True, 2)
    assert policy_of(old.pk).due_soon_minutes == 180 and policy_of(new.pk).due_soon_minutes == 60


def test_publishing_is_recorded_in_the_system_stream():
    install_preset("putuo")
    event = Event.objects.get(stream="system", action="publish_policy")
    assert event.data["preset"] == "putuo" and event.data["version"] == 1


def test_a_policy_with_problems_is_refused_and_not_published():
    with pytest.raises(DomainError) as refused:
        publish_policy(replace(preset("shenyang"), classes=()))
    assert refused.value.code == "policy.invalid" and "问题类型不能为空" in refused.value.message
    assert not PolicyVersion.objects.exists()


def test_an_unknown_preset_is_refused():
    with pytest.raises(DomainError) as refused:
        install_preset("beijing")
    assert refused.value.code == "policy.unknown_preset"


def test_the_putuo_preset_opens_the_hall_on_weekends():
    """Seed 004: 坚持5+2工作制度。开设双休日服务窗口."""
    from datetime import date

    install_preset("putuo")
    assert get_calendar().is_working_day(date(2026, 11, 21))  # a Saturday
    assert not get_calendar().is_working_day(date(2026, 10, 1))  # National Day stays a holiday
    install_preset("shenyang")
    assert not get_calendar().is_working_day(date(2026, 11, 21))


def test_without_a_published_policy_the_error_says_what_to_do():
    with pytest.raises(DomainError) as refused:
        active_policy_version()
    assert refused.value.code == "policy.none_active"

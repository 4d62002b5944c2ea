import pytest
from django.core.management import call_command

from bancheng.audit.chain import verify_chain
from bancheng.cases.models import Case
from bancheng.domain.lifecycle import CaseState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("preset", ["shenyang", "shanting", "putuo"])
def test_the_demo_has_cases_in_every_state(preset, capsys):
    call_command("demo", preset=preset)
    assert set(Case.objects.values_list("state", flat=True)) == {s.value for s in CaseState}
    assert "banCheng-demo-2026" in capsys.readouterr().out


def test_loading_the_demo_twice_adds_nothing(capsys):
    call_command("demo")
    count = Case.objects.count()
    call_command("demo")
    assert Case.objects.count() == count and "未重复加载" in capsys.readouterr().out


def test_the_demo_tells_the_long_social_insurance_story_of_seed_002():
    """Seed 002: a case that ran from 2022-12 to 2025-06, with pauses and several submissions."""
    call_command("demo")
    story = Case.objects.get(requester_name="杨桂芳")
    assert story.registered_on.isoformat().startswith("2022-12")
    assert story.closed_at.year == 2025 and story.state == CaseState.ARCHIVED
    assert story.pauses.count() >= 2 and story.assignments.count() >= 3


def test_the_demo_trail_verifies():
    call_command("demo")
    assert verify_chain().breach is None

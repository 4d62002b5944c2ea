import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bancheng.policies.models import PolicyVersion

pytestmark = pytest.mark.django_db


def test_policy_install_publishes_the_preset_once(capsys):
    call_command("policy", "install", "shanting")
    call_command("policy", "install", "shanting")
    assert PolicyVersion.objects.filter(active=True, preset="shanting").count() == 1
    assert "预设 shanting" in capsys.readouterr().out


def test_policy_show_names_the_version_in_force(capsys):
    call_command("policy", "install", "putuo")
    call_command("policy", "show")
    assert "普陀区" in capsys.readouterr().out


def test_an_unknown_preset_is_refused():
    with pytest.raises(CommandError):
        call_command("policy", "install", "nowhere")

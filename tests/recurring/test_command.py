"""``bancheng recurring detect``: a week's groups, a dry run, a week done twice, bad input."""

import pytest
from django.core.management import CommandError, call_command

from bancheng.recurring.models import RecurringGroup, RecurringRun


def test_the_command_detects_a_week_and_a_second_run_leaves_it(weeks, capsys):
    call_command("recurring", "detect", "--week", "2026-W47", "--at", "2026-11-23T07:30:00+08:00")
    out = capsys.readouterr().out
    assert "2026-W47 · 窗口 4 周 11 件 · 同类问题 1 个（新 1，延续 0）· 提醒 1 人" in out and "已保存" in out
    assert "离职" in out and "13900000001" not in out
    call_command("recurring", "detect", "--week", "2026-W47")
    assert "已汇总过" in capsys.readouterr().out
    assert RecurringRun.objects.count() == 1 and RecurringGroup.objects.count() == 1


def test_a_dry_run_shows_the_groups_and_writes_nothing(weeks, capsys):
    call_command("recurring", "detect", "--week", "2026-W47", "--dry-run", "--min-requesters", "2")
    assert "试运行，未保存" in capsys.readouterr().out
    assert not RecurringRun.objects.exists()


@pytest.mark.parametrize(
    "args", [["--week", "2026-W60"], ["--threshold", "1.5"], ["--at", "yesterday"], ["--weeks", "40"]]
)
def test_bad_input_is_a_clear_error(weeks, args):
    with pytest.raises(CommandError):
        call_command("recurring", "detect", *args)

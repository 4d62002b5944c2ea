"""``bancheng calendar``: what officers and scripts read."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bancheng.calendars.services import add_override


def run(*args: str, capsys) -> list[str]:
    call_command("calendar", *args)
    return capsys.readouterr().out.splitlines()


@pytest.mark.django_db
def test_add_prints_the_due_date_first_on_its_line(capsys):
    assert run("add", "2026-09-30", "1", capsys=capsys)[0] == "2026-10-08"


@pytest.mark.django_db
def test_add_counts_the_working_saturday_after_national_day(capsys):
    assert run("add", "2026-10-09", "1", capsys=capsys)[0] == "2026-10-10"


@pytest.mark.django_db
def test_add_marks_a_due_date_in_an_unloaded_year_provisional(capsys):
    first = run("add", "2026-12-30", "5", capsys=capsys)[0]
    assert first.split() == ["2027-01-07", "provisional"]


@pytest.mark.django_db
def test_add_in_business_minutes_skips_the_lunch_break(capsys):
    assert (
        run("add", "2026-11-20T11:25", "10", "--unit", "minutes", capsys=capsys)[0]
        == "2026-11-20T13:35:00+08:00"
    )


@pytest.mark.django_db
def test_add_in_calendar_days_rolls_past_a_weekend(capsys):
    """60 days from 2026-03-02 is Friday 05-01 (Labour Day); the period ends on Wednesday 05-06."""
    assert run("add", "2026-03-02", "60", "--unit", "calendar-days", capsys=capsys)[0] == "2026-05-06"


@pytest.mark.django_db
def test_between_counts_working_days_after_the_first_date(capsys):
    assert run("between", "2026-09-30", "2026-10-12", capsys=capsys) == ["4"]  # 10-08, 09, 10, 12


@pytest.mark.django_db
def test_show_lists_holidays_and_makeup_days(capsys):
    out = "\n".join(run("show", "2026", capsys=capsys))
    days_off, makeup = out.split("调休上班（周末工作）")
    assert "2026-10-01 四 国庆节" in days_off and "2026-10-07" in days_off
    assert [line.split()[0] for line in makeup.splitlines()[1:]] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]


@pytest.mark.django_db
def test_an_extra_closure_moves_the_due_date(capsys):
    add_override(date(2026, 10, 8), "closure", note="停电")
    assert run("add", "2026-09-30", "1", capsys=capsys)[0] == "2026-10-09"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args", [("add", "2026-x", "1"), ("add", "2026-10-09", "-1"), ("add", "1990-01-01", "1")]
)
def test_bad_input_exits_with_code_2_and_a_message(args):
    with pytest.raises(CommandError) as refused:
        call_command("calendar", *args)
    assert refused.value.returncode == 2 and str(refused.value)


@pytest.mark.django_db
def test_a_bad_import_file_exits_with_code_2(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("date,kind\n2027-01-01,nope\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("calendar", "import", str(bad))
    assert refused.value.returncode == 2 and "calendar.bad_schedule" in str(refused.value)

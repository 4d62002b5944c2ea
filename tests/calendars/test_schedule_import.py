from datetime import date
from pathlib import Path

import pytest

from bancheng.audit.models import Event
from bancheng.calendars.models import ScheduleImport
from bancheng.calendars.services import get_calendar, import_schedule
from bancheng.domain.errors import DomainError
from tests.support import shanghai

LATE_2026 = shanghai(2026, 12, 24, 10, 0)  # Thursday; a special problem's 10 working days end in 2027

SCHEDULE_2027 = """\
# an example file: not the official 2027 notice
holidays:
  - {date: 2027-01-01, name: 元旦}
  - {date: "2027-01-04..2027-01-05", name: 元旦调休示例}
makeup_days:
  - {date: 2027-01-09, name: 调休上班示例}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_deadline_in_an_unloaded_year_is_provisional(org):
    case = org.assessed(LATE_2026, "special")
    feedback = case.deadlines.get(kind="feedback")
    assert feedback.provisional
    assert feedback.due_at == shanghai(2027, 1, 8, 17, 0)  # 12-25,28..31, 01-04..08 (01-01 statutory)


def test_loading_the_years_schedule_recomputes_open_deadlines(org, tmp_path):
    case = org.assessed(LATE_2026, "special")
    import_schedule(write(tmp_path, "2027.yaml", SCHEDULE_2027), actor=org.admin)
    feedback = case.deadlines.get(kind="feedback")
    assert not feedback.provisional
    # 01-04 and 01-05 became days off, Saturday 01-09 a working day: the tenth working day is 01-11.
    assert feedback.due_at == shanghai(2027, 1, 11, 17, 0)


def test_loading_a_schedule_records_that_it_recomputed(org, tmp_path):
    case = org.assessed(LATE_2026, "special")
    imported = import_schedule(write(tmp_path, "2027.yaml", SCHEDULE_2027), actor=org.admin)[0]
    system = Event.objects.filter(stream="system", action="recompute_deadlines").latest("seq")
    assert "2027" in system.data["reason"] and system.data["recomputed"] >= 1
    assert imported.recomputed == system.data["recomputed"]
    moved = Event.objects.get(case=case, action="recompute_deadlines")
    assert moved.data["deadlines"][0]["old_provisional"] is True


def test_the_loaded_year_counts_as_loaded(org, tmp_path):
    import_schedule(write(tmp_path, "2027.csv", "date,kind,name\n2027-01-01,holiday,元旦\n"), actor=org.admin)
    assert 2027 in get_calendar().loaded_years
    assert ScheduleImport.objects.get(year=2027).days.count() == 1


def test_loading_a_year_again_replaces_its_days(org, tmp_path):
    import_schedule(write(tmp_path, "a.yaml", SCHEDULE_2027))
    import_schedule(write(tmp_path, "b.csv", "date,kind\n2027-02-10,holiday\n"))
    assert list(ScheduleImport.objects.get(year=2027).days.values_list("day", flat=True)) == [
        date(2027, 2, 10)
    ]


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("x.csv", "date,kind\n2027-13-01,holiday\n", "YYYY-MM-DD"),
        ("x.csv", "date,kind\n2027-01-01,vacation\n", "类型"),
        ("x.csv", "day,what\n2027-01-01,holiday\n", "列名"),
        ("x.yaml", "makeup_days: [2027-01-06]\n", "不能作为调休上班日"),
        ("x.yaml", "holidays: [2027-01-01, 2027-01-01]\n", "重复"),
        ("x.yaml", "holidays: [\n", "YAML"),
        ("x.txt", "2027-01-01\n", ".csv"),
        ("x.yaml", "holidays: []\n", "没有任何日期"),
    ],
)
def test_a_bad_schedule_file_is_refused_and_nothing_is_written(org, tmp_path, name, text, says):
    with pytest.raises(DomainError) as refused:
        import_schedule(write(tmp_path, name, text))
    assert refused.value.code == "calendar.bad_schedule" and says in refused.value.message
    assert not ScheduleImport.objects.exists()


@pytest.mark.parametrize("name", ["schedule-example.yaml", "schedule-example.csv"])
def test_the_documented_example_files_load(db, name):
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / name
    (imported,) = import_schedule(example)
    assert imported.year == 2027 and imported.days.exists()

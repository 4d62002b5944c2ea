"""The calendar page: loaded years, overrides, hours, weekend service and the schedule upload, all through
``calendars.services``; a refusal is shown on its form in Chinese and writes nothing."""

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from bancheng.calendars.models import CalendarOverride, CalendarSettings, ScheduleImport
from bancheng.calendars.services import get_calendar

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
MONDAY = date(2026, 6, 1)


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_page_shows_which_years_are_loaded_and_which_are_provisional(as_user):
    page = as_user("admin").get("/setup/calendar/").content.decode()
    assert "2001–2026" in page
    assert "国务院通知（随软件提供）" in page
    assert "暂定" in page  # next year has no notice yet


def test_adding_and_removing_an_override_changes_the_working_days(as_user):
    client = as_user("admin")
    assert get_calendar().is_working_day(MONDAY)
    response = client.post(
        "/setup/calendar/overrides/", {"day": "2026-06-01", "kind": "closure", "note": "闭厅"}
    )
    assert response.status_code == 302
    override = CalendarOverride.objects.get(day=MONDAY)
    assert not get_calendar().is_working_day(MONDAY)
    assert "闭厅" in client.get("/setup/calendar/").content.decode()
    assert client.post(f"/setup/calendar/overrides/{override.pk}/remove/").status_code == 302
    assert not CalendarOverride.objects.exists()
    assert get_calendar().is_working_day(MONDAY)


def test_an_override_without_a_date_is_refused_in_chinese(as_user):
    response = as_user("admin").post("/setup/calendar/overrides/", {"day": "6月1日", "kind": "closure"})
    assert response.status_code == 400
    assert "请按 YYYY-MM-DD 填写日期" in response.content.decode()
    assert not CalendarOverride.objects.exists()


def test_business_hours_are_set_and_bad_hours_refused(as_user):
    client = as_user("admin")
    assert client.post("/setup/calendar/hours/", {"hours": "09:00-12:00,13:00-17:30"}).status_code == 302
    assert CalendarSettings.objects.get().hours == "09:00-12:00,13:00-17:30"
    response = client.post("/setup/calendar/hours/", {"hours": "下午两点到五点"})
    assert response.status_code == 400
    assert "营业时间格式不正确" in response.content.decode()
    assert CalendarSettings.objects.get().hours == "09:00-12:00,13:00-17:30"


def test_weekend_service_is_switched_on_and_off(as_user):
    client = as_user("admin")
    saturday = date(2026, 6, 6)
    client.post("/setup/calendar/weekend/", {"enabled": "yes"})
    assert get_calendar().is_working_day(saturday)
    client.post("/setup/calendar/weekend/", {"enabled": "no"})
    assert not get_calendar().is_working_day(saturday)


def test_uploading_a_schedule_loads_its_year(as_user, demo):
    for name in ("schedule-example.yaml", "schedule-example.csv"):
        client = as_user("admin")
        content = (EXAMPLES / name).read_bytes()
        response = client.post("/setup/calendar/schedule/", {"file": upload(name, content)})
        assert response.status_code == 302, name
        imported = ScheduleImport.objects.get(year=2027)
        assert (imported.source, imported.imported_by) == (name, demo["admin"])
        assert 2027 in get_calendar().loaded_years
        assert not get_calendar().is_working_day(date(2027, 2, 8))  # Spring Festival, a Monday
        assert f"已导入（{name}）" in client.get("/setup/calendar/").content.decode()


def test_a_bad_schedule_file_is_refused_with_the_reason_and_loads_nothing(as_user):
    client = as_user("admin")
    bad_csv = upload("2027.csv", b"day,what\n2027-01-01,holiday\n")
    response = client.post("/setup/calendar/schedule/", {"file": bad_csv})
    assert response.status_code == 400
    assert "CSV 首行须为列名" in response.content.decode()
    bad_date = upload("2027.csv", "date,kind,name\n2027-02-30,holiday,春节\n".encode())
    response = client.post("/setup/calendar/schedule/", {"file": bad_date})
    assert response.status_code == 400
    assert "不是 YYYY-MM-DD 格式" in response.content.decode()
    response = client.post("/setup/calendar/schedule/", {"file": upload("2027.txt", b"x")})
    assert "只支持 .csv、.yaml 或 .yml 文件" in response.content.decode()
    assert not ScheduleImport.objects.exists()

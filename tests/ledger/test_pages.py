"""The ledger page: export for a filter, masking and its audit record, visibility, the background export
with its progress bar, layouts of the administrator's own, and the import page."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from bancheng.audit.models import Event
from bancheng.cases.models import Case
from bancheng.ledger import services
from bancheng.ledger.jobs import run_ledger_exports
from bancheng.ledger.models import LedgerExport, LedgerLayout
from bancheng.org.choices import Role
from bancheng.org.models import Staff, Unit
from tests.ledger.readback import read_csv, read_xlsx


def body(response):
    return b"".join(response.streaming_content)


def post_export(client, fmt="xlsx", **fields):
    data = {"layout": "shenyang", "fmt": fmt, **fields}
    return client.post("/ledger/export/", data)


@pytest.mark.parametrize("username", ["officer", "office", "service", "leader", "auditor", "admin"])
def test_the_roles_that_keep_ledgers_see_the_page_and_the_menu_item(as_user, username):
    page = as_user(username).get("/ledger/").content.decode()
    assert "导出 Excel" in page and 'href="/ledger/"' in page


@pytest.mark.parametrize("username", ["handler", "unithead"])
def test_a_handling_unit_gets_no_ledger(as_user, username):
    assert as_user(username).get("/ledger/").status_code == 403
    assert post_export(as_user(username)).status_code == 403


def test_the_page_exports_exactly_the_filtered_cases(as_user):
    table = read_xlsx(body(post_export(as_user("office"), state="handling")))
    numbers = {row[0] for row in table[1:]}
    handling = Case.objects.filter(state="handling").order_by("registered_at", "pk")
    assert [r[0] for r in table[1:]] == list(range(1, handling.count() + 1))
    assert numbers and len(table) - 1 == handling.count()


def test_the_csv_export_opens_in_excel_with_chinese_headings(as_user):
    response = post_export(as_user("office"), fmt="csv", layout="shanting")
    assert response["Content-Type"].startswith("text/csv")
    table = read_csv(body(response))
    assert table[0][0] == "编号" and {r[0] for r in table[1:]} == set(
        Case.objects.values_list("number", flat=True)
    )


def test_a_period_and_a_unit_narrow_the_ledger(as_user):
    unit = Unit.objects.get(code="DEP-GJ")
    day = Case.objects.order_by("registered_on").values_list("registered_on", flat=True)[3]
    table = read_xlsx(body(post_export(as_user("office"), layout="shanting", unit="DEP-GJ", date_from=day)))
    expected = Case.objects.filter(assignments__unit=unit, registered_on__gte=day).distinct()
    assert {r[0] for r in table[1:]} == set(expected.values_list("number", flat=True))
    assert 0 < len(table) - 1 < Case.objects.count()


def test_a_bad_period_is_shown_in_chinese(as_user):
    response = post_export(as_user("office"), date_from="2026-05-01", date_to="2026-04-01")
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()


def test_the_ledger_is_masked_and_unlogged_by_default(as_user):
    table = read_xlsx(body(post_export(as_user("office"))))
    assert all("****" in r[5] for r in table[1:])
    assert not Event.objects.filter(action=services.EXPORT_PERSONAL_DATA).exists()


def test_an_unmasked_export_is_logged_with_its_filter(as_user, demo):
    table = read_xlsx(body(post_export(as_user("office"), full="on", state="closed")))
    closed = Case.objects.filter(state="closed")
    assert {r[5] for r in table[1:]} == set(closed.values_list("requester_phone", flat=True))
    event = Event.objects.get(action=services.EXPORT_PERSONAL_DATA)
    assert event.stream == "access" and event.actor == demo["office"]
    assert event.data["filter"] == {"state": "closed"} and event.data["rows"] == closed.count()


def test_a_leader_cannot_unmask(as_user):
    table = read_xlsx(body(post_export(as_user("leader"), full="on")))
    assert all("****" in r[5] for r in table[1:])
    assert not Event.objects.filter(action=services.EXPORT_PERSONAL_DATA).exists()


def test_an_officers_full_ledger_covers_only_the_own_branch(as_user, demo):
    from bancheng.cases import actions as act

    elsewhere = act.register_case(
        actor=demo["officer"],
        channel="onsite",
        requester_name="李四",
        requester_phone="13912345678",
        business="提取",
        problem="在和平管理部受理",
        branch=Unit.objects.get(code="HP"),
    )
    client = as_user("officer")
    masked = read_xlsx(body(post_export(client, layout="shanting")))
    full = read_xlsx(body(post_export(client, layout="shanting", full="on")))
    assert elsewhere.number in {r[0] for r in masked[1:]}
    assert {r[0] for r in full[1:]} == set(
        Case.objects.filter(branch__code="HQ").values_list("number", flat=True)
    )
    assert Event.objects.get(action=services.EXPORT_PERSONAL_DATA).data["filter"] == {"branch": "HQ"}


def test_an_officer_seated_in_a_section_of_the_branch_gets_the_branchs_full_ledger(as_user, demo):
    officer = demo["officer"]
    officer.unit = Unit.objects.create(
        code="HQ-W", name="直属管理部窗口", kind="department", parent=Unit.objects.get(code="HQ")
    )
    officer.save(update_fields=["unit"])
    full = read_xlsx(body(post_export(as_user("officer"), layout="shanting", full="on")))
    assert {r[0] for r in full[1:]} == set(
        Case.objects.filter(branch__code="HQ").values_list("number", flat=True)
    )
    assert Event.objects.get(action=services.EXPORT_PERSONAL_DATA).data["filter"] == {"branch": "HQ"}


def test_an_officer_of_another_branch_does_not_get_these_rows(client, demo):
    other = Staff.objects.create(
        username="hp-officer", full_name="和平专员", role=Role.CASE_OFFICER, unit=Unit.objects.get(code="HP")
    )
    client.force_login(other)
    table = read_xlsx(body(post_export(client)))
    assert len(table) == 1 and Case.objects.filter(branch__code="HQ").exists()


def test_a_large_export_runs_in_the_background_with_progress_then_a_download(as_user, demo, monkeypatch):
    monkeypatch.setattr(services, "DIRECT_LIMIT", 3)
    client = as_user("office")
    response = post_export(client, layout="shanting")
    job = LedgerExport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ledger/exports/{job.pk}/"
    page = client.get(f"/ledger/exports/{job.pk}/").content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page and "排队中" in page
    counts = run_ledger_exports(timezone.now(), background=False)
    assert counts["started"] == 1
    job.refresh_from_db()
    assert job.state == "done" and job.rows_done == job.rows_total == Case.objects.count()
    fragment = client.get(f"/ledger/exports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in fragment and f"/ledger/exports/{job.pk}/download/" in fragment
    table = read_xlsx(body(client.get(f"/ledger/exports/{job.pk}/download/")))
    assert {r[0] for r in table[1:]} == set(Case.objects.values_list("number", flat=True))


def test_only_the_requester_and_the_administrator_download_a_background_export(as_user, demo, monkeypatch):
    monkeypatch.setattr(services, "DIRECT_LIMIT", 3)
    post_export(as_user("office"))
    run_ledger_exports(timezone.now(), background=False)
    job = LedgerExport.objects.get()
    assert as_user("service").get(f"/ledger/exports/{job.pk}/download/").status_code == 404
    assert as_user("admin").get(f"/ledger/exports/{job.pk}/download/").status_code == 200


def test_a_queued_export_is_started_once_even_if_the_job_runs_twice(as_user, demo, monkeypatch):
    monkeypatch.setattr(services, "DIRECT_LIMIT", 3)
    post_export(as_user("office"))
    first = run_ledger_exports(timezone.now(), background=False)
    second = run_ledger_exports(timezone.now(), background=False)
    assert (first["started"], second["started"]) == (1, 0)


def test_an_export_left_running_by_a_dead_process_is_queued_again(as_user, demo, monkeypatch):
    monkeypatch.setattr(services, "DIRECT_LIMIT", 3)
    post_export(as_user("office"))
    job = LedgerExport.objects.get()
    LedgerExport.objects.filter(pk=job.pk).update(
        state="running", heartbeat_at=timezone.now() - services.STALE_AFTER * 2
    )
    counts = run_ledger_exports(timezone.now(), background=False)
    job.refresh_from_db()
    assert (counts["requeued"], counts["started"]) == (1, 1) and job.state == "done"


def test_the_unmasked_background_export_is_logged_when_written(as_user, demo, monkeypatch):
    monkeypatch.setattr(services, "DIRECT_LIMIT", 3)
    post_export(as_user("service"), full="on")
    run_ledger_exports(timezone.now(), background=False)
    event = Event.objects.get(action=services.EXPORT_PERSONAL_DATA)
    assert event.actor == demo["service"] and event.data["via"] == "page"


# ---- layouts -----------------------------------------------------------------------------------------


def layout_post(code="brief", name="简表", rows=()):
    data = {"code": code, "name": name}
    for i, (source, label) in enumerate(rows):
        data.update({f"order_{i}": str(i + 1), f"source_{i}": source, f"label_{i}": label, f"group_{i}": ""})
    return data


def test_the_administrator_defines_a_layout_and_exports_with_it(as_user):
    client = as_user("admin")
    rows = [("number", "件号"), ("problem", "诉求"), ("requester_phone", "电话")]
    response = client.post("/ledger/layouts/new/", layout_post(rows=rows))
    assert response.status_code == 302
    assert LedgerLayout.objects.get(code="brief").columns == [
        {"label": "件号", "source": "number", "group": ""},
        {"label": "诉求", "source": "problem", "group": ""},
        {"label": "电话", "source": "requester_phone", "group": ""},
    ]
    table = read_xlsx(body(post_export(as_user("office"), layout="brief")))
    assert table[0] == ["件号", "诉求", "电话"] and len(table) - 1 == Case.objects.count()


def test_columns_are_ordered_by_the_order_given(as_user):
    data = layout_post(rows=[("number", "件号"), ("problem", "诉求")])
    data.update({"order_0": "2", "order_1": "1"})
    as_user("admin").post("/ledger/layouts/new/", data)
    assert [c["label"] for c in LedgerLayout.objects.get().columns] == ["诉求", "件号"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (layout_post(rows=[("number", "编号"), ("problem", "编号")]), "列名“编号”重复"),
        (layout_post(rows=[]), "台账至少要有一列"),
        (layout_post(code="shenyang", rows=[("number", "编号")]), "是预设格式的代码"),
        (layout_post(code="中文", rows=[("number", "编号")]), "代码只能由英文字母"),
    ],
)
def test_a_bad_layout_is_refused_in_chinese(as_user, data, message):
    response = as_user("admin").post("/ledger/layouts/new/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not LedgerLayout.objects.exists()


def test_an_unknown_source_is_refused(as_user):
    data = layout_post(rows=[("number", "编号")])
    data["source_0"] = "salary"
    response = as_user("admin").post("/ledger/layouts/new/", data)
    assert response.status_code == 400 and not LedgerLayout.objects.exists()


def test_only_the_administrator_designs_layouts(as_user):
    assert as_user("office").get("/ledger/layouts/").status_code == 403


# ---- import page ---------------------------------------------------------------------------------------


def xlsx_upload(rows, name="old.xlsx"):
    book = Workbook()
    book.active.append(["编号", "反映人", "联系电话", "反映事项", "受理时间", "问题类型及办理时限",
                        "承办单位", "办理结果", "实际办结时间", "备注"])  # fmt: skip
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = name
    return data


ROW = [
    "L-1",
    "李四",
    "13912345678",
    "社保转移办不成",
    "2024-03-05",
    "一般问题",
    "归集部",
    "已办结",
    "2024/3/6",
    "",
]


def test_the_import_page_shows_the_dry_run_then_imports_the_stored_upload(as_user):
    client = as_user("office")
    before = Case.objects.count()
    page = client.post("/ledger/import/", {"file": xlsx_upload([ROW]), "layout": "shanting", "branch": "HN"})
    text = page.content.decode()
    assert "试导入结果" in text and "确认导入 1 行" in text and Case.objects.count() == before
    token = text.split('name="token" value="')[1].split('"')[0]
    done = client.post(
        "/ledger/import/", {"token": token, "name": "old.xlsx", "layout": "shanting", "branch": "HN"}
    )
    assert (
        done.status_code == 302 and Case.objects.filter(external_number="L-1", branch__code="HN").count() == 1
    )


def test_the_import_page_lists_every_row_error(as_user):
    bad = [*ROW[:2], "123", *ROW[3:]]
    text = (
        as_user("office")
        .post("/ledger/import/", {"file": xlsx_upload([ROW, bad]), "layout": "shanting", "branch": "HN"})
        .content.decode()
    )
    assert '<td class="n">3</td><td>联系电话</td>' in text and 'name="token"' not in text


def test_a_token_that_is_not_the_users_upload_is_refused(as_user):
    response = as_user("office").post(
        "/ledger/import/", {"token": "../../etc/passwd", "layout": "shanting", "branch": "HN"}
    )
    assert response.status_code == 404


def test_a_file_that_is_not_xlsx_is_refused_on_the_page(as_user):
    upload = io.BytesIO(b"a,b\n")
    upload.name = "old.csv"
    response = as_user("office").post(
        "/ledger/import/", {"file": upload, "layout": "shanting", "branch": "HN"}
    )
    assert response.status_code == 400 and "只能导入 Excel" in response.content.decode()


def test_an_officer_cannot_import(as_user):
    assert as_user("officer").get("/ledger/import/").status_code == 403


def test_an_import_upload_never_confirmed_is_removed_after_a_day(as_user):
    import os
    from datetime import timedelta
    from pathlib import Path

    from django.conf import settings

    as_user("office").post(
        "/ledger/import/", {"file": xlsx_upload([ROW]), "layout": "shanting", "branch": "HN"}
    )
    (upload,) = (Path(settings.MEDIA_ROOT) / "ledger" / "imports").glob("*.xlsx")
    assert run_ledger_exports(timezone.now(), background=False)["uploads_removed"] == 0
    day_ago = (timezone.now() - timedelta(days=1, minutes=1)).timestamp()
    os.utime(upload, (day_ago, day_ago))
    assert run_ledger_exports(timezone.now(), background=False)["uploads_removed"] == 1
    assert not upload.exists()

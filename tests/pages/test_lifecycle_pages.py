"""A case carried through every step of its lifecycle by posting the workspace's own forms."""

import re

import pytest

from bancheng.cases.models import Assignment, Case, Extension, SupervisionNotice


def form_version(client, url):
    page = client.get(url)
    assert page.status_code == 200, page.content.decode()[:500]
    return int(re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1))


def post_action(client, case, code, **data):
    url = f"/cases/{case.pk}/act/{code}/"
    data.setdefault("version", form_version(client, url))
    return client.post(url, data)


def post_on(client, case, kind, target, code, **data):
    url = f"/cases/{case.pk}/{kind}/{target.pk}/act/{code}/"
    data.setdefault("version", form_version(client, url))
    return client.post(url, data)


def register(client, **extra):
    page = client.get("/cases/new/").content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    data = {
        "token": token,
        "channel": "onsite",
        "requester_name": "张三",
        "requester_phone": "13900001111",
        "requester_kind": "person",
        "business": "住房公积金提取",
        "problem": "提取申请被退回三次",
    }
    data.update(extra)
    return client.post("/cases/new/", data), data


def test_an_officer_registers_a_case_and_lands_on_its_page(as_user):
    client = as_user("officer")
    response, _ = register(client)
    case = Case.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert case.number in page and "张*" in page and "139****1111" in page and "13900001111" not in page


def test_submitting_the_registration_twice_creates_one_case(as_user):
    client = as_user("officer")
    before = Case.objects.count()
    first, data = register(client)
    second = client.post("/cases/new/", data)
    assert Case.objects.count() == before + 1
    assert first["Location"] == second["Location"]


def test_a_registration_missing_fields_shows_chinese_errors_and_writes_nothing(as_user):
    client = as_user("officer")
    before = Case.objects.count()
    response, _ = register(client, requester_name="", requester_phone="abc", requester_kind="enterprise")
    page = response.content.decode()
    assert response.status_code == 400
    assert "此项为必填项" in page and "请输入有效的电话号码" in page and "请填写企业名称" in page
    assert Case.objects.count() == before


def test_a_case_goes_from_registration_to_archive_through_the_pages(as_user, demo):
    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    assert (
        post_action(
            officer,
            case,
            "assess",
            category="withdrawal",
            nature="service",
            case_class="difficult",
            disposal="transfer",
        ).status_code
        == 302
    )
    dep = demo["handler"].unit
    r = post_action(officer, case, "transfer", units=[dep.pk], instructions="请核实并答复", limit_amount="")
    assert r.status_code == 302, r.content.decode()[:2000]
    assignment = Assignment.objects.get(case=case)

    handler = as_user("handler")
    assert post_on(handler, case, "assignment", assignment, "sign_for").status_code == 302
    assert (
        post_on(
            handler, case, "assignment", assignment, "request_extension", extra_days=2, reason="需要调取档案"
        ).status_code
        == 302
    )
    extension = Extension.objects.get(case=case)
    head = as_user("unithead")
    assert post_on(head, case, "extension", extension, "approve_extension", note="同意").status_code == 302
    office = as_user("office")
    assert (
        post_on(
            office,
            case,
            "assignment",
            assignment,
            "issue_supervision_notice",
            content="请加快办理",
            requirement="两个工作日内答复",
        ).status_code
        == 302
    )
    notice = SupervisionNotice.objects.get(case=case)
    handler = as_user("handler")
    assert (
        post_on(handler, case, "notice", notice, "answer_supervision_notice", answer="已加快").status_code
        == 302
    )
    assert (
        post_on(
            handler, case, "assignment", assignment, "record_resolution", resolution="已为诉求人办理提取"
        ).status_code
        == 302
    )

    officer = as_user("officer")
    assert post_action(officer, case, "give_feedback", feedback="已办理", solved="yes").status_code == 302
    assert (
        post_action(
            officer, case, "record_visit", contacted="yes", solved="yes", satisfaction="satisfied"
        ).status_code
        == 302
    )
    assert post_action(officer, case, "close").status_code == 302
    assert post_action(officer, case, "archive").status_code == 302
    case.refresh_from_db()
    assert case.state == "archived"
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    for label in [
        "受理登记",
        "研判",
        "转办",
        "签收",
        "申请延期",
        "批准延期",
        "下达督办单",
        "答复督办单",
        "登记办理结果",
        "结果反馈",
        "回访",
        "销号办结",
        "归档",
    ]:
        assert label in page, label


def test_closing_an_unsatisfied_case_without_a_reason_is_refused_with_the_rule(as_user, demo):
    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    post_action(
        officer,
        case,
        "assess",
        category="withdrawal",
        nature="service",
        case_class="general",
        disposal="on_the_spot",
    )
    post_action(officer, case, "resolve_on_the_spot", resolution="当场说明")
    post_action(officer, case, "record_visit", contacted="yes", solved="no", satisfaction="unsatisfied")
    response = post_action(officer, case, "close")
    assert response.status_code == 400
    assert "只有答复内容符合法律法规、政策规定时才能销号" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "visited"


def test_a_stale_form_is_refused_as_a_conflict(as_user):
    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    stale = case.version
    post_action(
        officer,
        case,
        "assess",
        category="withdrawal",
        nature="service",
        case_class="general",
        disposal="transfer",
    )
    response = post_action(officer, case, "escalate", reason="复杂", version=stale)
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()


def test_pause_lists_the_missing_materials_and_resume_continues(as_user):
    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    post_action(
        officer,
        case,
        "assess",
        category="withdrawal",
        nature="service",
        case_class="general",
        disposal="transfer",
    )
    assert post_action(officer, case, "pause", missing_materials="身份证复印件\n离职证明").status_code == 302
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "离职证明" in page and "恢复办理" in page
    assert post_action(officer, case, "resume").status_code == 302
    case.refresh_from_db()
    assert not case.paused


@pytest.mark.parametrize("code", ["withdraw", "rule_out_of_scope"])
def test_ending_actions_are_offered_to_a_fresh_case(as_user, code):
    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    assert f"/act/{code}/" in officer.get(f"/cases/{case.pk}/").content.decode()


def test_registration_with_an_attachment_stores_it_and_serves_it_only_within_scope(as_user, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user("officer")
    response, _ = register(client, attachments=SimpleUploadedFile("材料.pdf", b"%PDF-1.4 scan"))
    case = Case.objects.latest("pk")
    document = case.documents.get()
    assert response.status_code == 302
    download = client.get(f"/cases/{case.pk}/documents/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 scan"
    outsider = as_user("handler2")
    assert outsider.get(f"/cases/{case.pk}/documents/{document.pk}/").status_code == 404


def test_a_registration_with_a_disallowed_file_writes_no_case(as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user("officer")
    before = Case.objects.count()
    response, _ = register(client, attachments=SimpleUploadedFile("virus.exe", b"MZ"))
    assert response.status_code == 400
    assert "不支持的文件类型" in response.content.decode()
    assert Case.objects.count() == before


def test_a_handler_records_a_resolution_with_its_papers(as_user, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    post_action(
        officer,
        case,
        "assess",
        category="withdrawal",
        nature="service",
        case_class="difficult",
        disposal="transfer",
    )
    post_action(officer, case, "transfer", units=[demo["handler"].unit_id], instructions="请核实")
    assignment = Assignment.objects.get(case=case)
    handler = as_user("handler")
    post_on(handler, case, "assignment", assignment, "sign_for")
    response = post_on(
        handler,
        case,
        "assignment",
        assignment,
        "record_resolution",
        resolution="已办理",
        attachments=SimpleUploadedFile("结果.pdf", b"%PDF-1.4 result"),
    )
    assert response.status_code == 302
    assert case.documents.get().assignment == assignment


def test_a_transfer_to_two_units_gives_each_its_own_instructions_and_limit(as_user, demo):
    from bancheng.org.models import Unit

    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    post_action(
        officer,
        case,
        "assess",
        category="withdrawal",
        nature="service",
        case_class="difficult",
        disposal="transfer",
    )
    first, second = demo["handler"].unit, Unit.objects.get(code="EXT-TAX")
    response = post_action(
        officer,
        case,
        "transfer",
        units=[first.pk, second.pk],
        instructions="请核实",
        **{f"instructions_{second.pk}": "请出具完税证明", f"limit_{second.pk}": "3"},
    )
    assert response.status_code == 302
    by_unit = {a.unit_id: a for a in Assignment.objects.filter(case=case)}
    assert (
        by_unit[second.pk].instructions == "请核实\n请出具完税证明" and by_unit[second.pk].limit_amount == 3
    )
    assert by_unit[first.pk].instructions == "请核实" and by_unit[first.pk].limit_amount == 5


def test_a_transfer_without_a_unit_is_refused_in_chinese(as_user):
    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    post_action(
        officer,
        case,
        "assess",
        category="withdrawal",
        nature="service",
        case_class="difficult",
        disposal="transfer",
    )
    response = post_action(officer, case, "transfer", instructions="请核实")
    assert response.status_code == 400 and "请至少选择一个承办单位" in response.content.decode()


def test_the_backup_of_an_absent_officer_sees_their_cases_and_acts_for_them(as_user, demo):
    from bancheng.audit.models import Event
    from bancheng.cases.actions import register_case
    from bancheng.org.models import Staff, Unit

    other_branch = Unit.objects.filter(kind="branch").exclude(pk=demo["officer"].unit_id).first()
    absent = Staff.objects.create_user("officer9", full_name="钱多", role="case_officer", unit=other_branch)
    case = register_case(
        actor=absent,
        channel="phone",
        requester_name="孙七",
        requester_phone="13600003333",
        business="贷款",
        problem="审批卡住",
    )
    client = as_user("officer")
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    Staff.objects.filter(pk=absent.pk).update(absent=True, backup=demo["officer"])
    home = client.get("/").content.decode()
    assert "为 钱多 备岗" in home and case.number in home
    response = post_action(
        client,
        case,
        "assess",
        category="withdrawal",
        nature="service",
        case_class="general",
        disposal="transfer",
    )
    assert response.status_code == 302
    event = Event.objects.filter(case=case, action="assess").get()
    assert event.actor_name == "王敏" and event.acting_for_name == "钱多"


def test_the_assessment_page_shows_each_class_deadline_before_saving(as_user):
    from bancheng.calendars.services import get_calendar
    from bancheng.domain.calendar import TZ

    officer = as_user("officer")
    register(officer)
    case = Case.objects.latest("pk")
    page = officer.get(f"/cases/{case.pk}/act/assess/").content.decode()
    cal = get_calendar()
    day = case.registered_at.astimezone(TZ).date()
    for n in (1, 5, 10):  # shenyang: 一般 1 / 困难 5 / 特殊 10 working days
        assert cal.add_working_days(day, n).isoformat() + " 17:00" in page


def test_the_same_registration_sent_again_from_a_reloaded_form_makes_no_second_case(as_user):
    client = as_user("officer")
    before = Case.objects.count()
    first, data = register(client)
    data["token"] = "a-fresh-key-from-a-reloaded-page"
    again = client.post("/cases/new/", data)
    assert Case.objects.count() == before + 1
    assert again["Location"] == first["Location"]


def test_a_nul_character_anywhere_in_a_request_is_refused_with_a_page(as_user):
    client = as_user("officer")
    assert client.get("/cases/new/earlier/?requester_phone=139%001111").status_code == 400
    before = Case.objects.count()
    response, _ = register(client, problem="坏\x00字符")
    assert response.status_code == 400 and "无效字符" in response.content.decode()
    assert Case.objects.count() == before

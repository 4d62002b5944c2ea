from bancheng.cases import actions as act
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)
T1 = shanghai(2026, 3, 3, 15, 0)


def transferred(org):
    case = org.in_handling(T0, "DEP-1")
    assignment = case.assignments.get()
    act.sign_for_assignment(assignment, actor=org.handler, now=T0)
    act.record_resolution(assignment, actor=org.handler, resolution="内部：已更正数据库记录", now=T1)
    act.give_feedback(case, actor=org.officer, feedback="已告知结果", solved=True, now=T1)
    return case


def look_up(client, number, phone, **extra):
    return client.post("/portal/progress/", {"number": number, "phone": phone}, **extra)


def test_the_qr_code_address_shows_the_lookup_with_the_number_filled_in(org, client):
    case = org.register(T0)
    html = client.get(f"/progress/{case.number}/").content.decode()
    assert f'value="{case.number}"' in html
    assert "13812345678" not in html


def test_number_and_phone_show_the_public_timeline_with_the_unit(org, client):
    case = transferred(org)
    html = look_up(client, case.number, "13812345678").content.decode()
    assert "已受理" in html
    assert "已转交承办单位办理" in html and org.unit("DEP-1").name in html
    assert "已向您反馈办理结果" in html


def test_the_timeline_shows_no_name_phone_staff_or_internal_note(org, client):
    case = transferred(org)
    html = look_up(client, case.number, "138-1234-5678").content.decode()
    assert case.number in html
    assert "张*" in html
    for secret in ("张三", "13812345678", "138****5678", org.officer.full_name, org.handler.full_name,
                   "请核实并答复", "内部：已更正数据库记录", "已告知结果", case.problem):  # fmt: skip
        assert secret not in html, secret


def test_a_wrong_phone_gets_the_same_answer_as_an_unknown_number(org, client):
    case = org.register(T0)
    wrong = look_up(client, case.number, "13800000000")
    unknown = look_up(client, "SY-HQ-2026-99999", "13800000000")
    assert wrong.status_code == unknown.status_code == 404
    strip = lambda r, n: r.content.decode().replace(n, "").split("csrfmiddlewaretoken")[0]  # noqa: E731
    assert strip(wrong, case.number) == strip(unknown, "SY-HQ-2026-99999")
    assert "未找到与该编号和手机号码相符的诉求件" in wrong.content.decode()


def test_guessing_one_number_is_rate_limited(org, client, settings):
    settings.BANCHENG_PORTAL_LOOKUPS_PER_NUMBER_HOUR = 3
    case = org.register(T0)
    for i in range(3):
        look_up(client, case.number, f"1380000000{i}", REMOTE_ADDR=f"10.0.0.{i}")
    response = look_up(client, case.number, "13812345678", REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert "该编号的查询过于频繁" in response.content.decode()


def test_guessing_from_one_address_is_rate_limited(org, client, settings):
    settings.BANCHENG_PORTAL_LOOKUPS_PER_ADDRESS_HOUR = 3
    for i in range(3):
        look_up(client, f"SY-HQ-2026-0000{i}", "13800000000")
    response = look_up(client, "SY-HQ-2026-00009", "13800000000")
    assert response.status_code == 429
    assert "查询过于频繁" in response.content.decode()


def test_a_forged_forwarded_address_is_ignored_unless_behind_a_proxy(org, client, settings):
    settings.BANCHENG_PORTAL_LOOKUPS_PER_ADDRESS_HOUR = 1
    look_up(client, "SY-HQ-2026-00001", "13800000000", HTTP_X_FORWARDED_FOR="1.1.1.1")
    response = look_up(client, "SY-HQ-2026-00002", "13800000000", HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert response.status_code == 429

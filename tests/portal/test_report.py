from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bancheng.cases.models import Case
from bancheng.portal import challenge
from bancheng.portal.models import Throttle
from tests.portal.conftest import answer_of


def test_an_online_report_creates_one_online_case_and_shows_its_number(org, client, report_data):
    response = client.post("/portal/report/", report_data(), follow=True)
    case = Case.objects.get()
    assert case.channel == "online"
    assert case.officer.role == "case_officer"
    assert case.requester_name == "李四光"
    html = response.content.decode()
    assert case.number in html
    assert f"/progress/{case.number}/" in html


def test_a_double_submit_still_makes_one_case(org, client, report_data):
    data = report_data()
    client.post("/portal/report/", data)
    client.post("/portal/report/", data)
    assert Case.objects.count() == 1


def test_a_resent_form_with_a_new_key_within_ten_minutes_makes_one_case(org, client, report_data):
    client.post("/portal/report/", report_data())
    client.post("/portal/report/", report_data())  # the page reloaded: a new submission key
    assert Case.objects.count() == 1


def test_consent_is_required(org, client, report_data):
    response = client.post("/portal/report/", report_data(consent=None))
    assert response.status_code == 400
    assert "请阅读并同意个人信息处理说明后再提交" in response.content.decode()
    assert not Case.objects.exists()


def test_a_wrong_challenge_answer_is_refused(org, client, report_data):
    data = report_data()
    data["answer"] = str(int(data["answer"]) + 1)
    response = client.post("/portal/report/", data)
    assert response.status_code == 400
    assert "验证问题回答错误" in response.content.decode()
    assert not Case.objects.exists()


def test_a_forged_challenge_is_refused(org, client, report_data):
    response = client.post("/portal/report/", report_data(challenge="forged", answer="2"))
    assert response.status_code == 400
    assert "验证问题已失效" in response.content.decode()


def test_an_old_challenge_is_refused():
    now = timezone.now()
    issued = challenge.issue(now - timedelta(hours=1))
    try:
        challenge.check(issued.token, answer_of(issued.token), now)
    except Exception as error:
        assert error.code == "portal.challenge_expired"
    else:
        raise AssertionError("an hour-old challenge was accepted")


def test_a_file_of_a_refused_type_is_refused_in_chinese(org, client, report_data):
    data = report_data(attachments=SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream"))
    response = client.post("/portal/report/", data)
    assert response.status_code == 400
    assert "不支持的文件类型" in response.content.decode()
    assert not Case.objects.exists()


def test_a_file_over_the_size_limit_is_refused_in_chinese(org, client, report_data, settings):
    settings.BANCHENG_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * (1024 * 1024 + 1), "application/pdf")
    response = client.post("/portal/report/", report_data(attachments=big))
    assert response.status_code == 400
    assert "超过 1 MB" in response.content.decode()
    assert not Case.objects.exists()


def test_an_allowed_file_joins_the_case(org, client, report_data):
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 test", "application/pdf")
    client.post("/portal/report/", report_data(attachments=pdf))
    document = Case.objects.get().documents.get()
    assert document.original_name == "scan.pdf"


def test_an_enterprise_report_needs_the_enterprise_name(org, client, report_data):
    response = client.post("/portal/report/", report_data(requester_kind="enterprise"))
    assert response.status_code == 400
    assert "企业诉求请填写企业名称" in response.content.decode()


def test_reports_past_the_address_limit_get_a_429_page(org, client, report_data, settings):
    settings.BANCHENG_PORTAL_REPORTS_PER_ADDRESS_HOUR = 2
    for i in range(2):
        assert client.post("/portal/report/", report_data(business=f"事项{i}")).status_code == 302
    response = client.post("/portal/report/", report_data(business="事项3"))
    assert response.status_code == 429
    assert "反映过于频繁" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Case.objects.count() == 2


def test_reports_past_the_phone_limit_get_a_429_page(org, client, report_data, settings):
    settings.BANCHENG_PORTAL_REPORTS_PER_PHONE_DAY = 1
    client.post("/portal/report/", report_data(business="事项1"))
    response = client.post("/portal/report/", report_data(business="事项2"), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "该手机号今天提交的反映已达上限" in response.content.decode()


def test_the_throttle_keeps_no_address_or_phone(org, client, report_data):
    client.post("/portal/report/", report_data())
    keys = " ".join(Throttle.objects.values_list("key", flat=True))
    assert "13900001111" not in keys and "127.0.0.1" not in keys


def test_no_case_officer_means_a_clear_refusal(db, client, report_data):
    from bancheng.policies.services import install_preset

    install_preset("shenyang")
    response = client.post("/portal/report/", report_data())
    assert response.status_code == 400
    assert "网上反映暂不可用" in response.content.decode()


def test_a_too_long_business_is_refused_in_chinese_not_by_the_database(org, client, report_data):
    response = client.post("/portal/report/", report_data(business="事" * 201))
    assert response.status_code == 400
    assert "最多 200 个字" in response.content.decode()
    assert not Case.objects.exists()


def test_a_refused_form_comes_back_with_a_new_question(org, client, report_data):
    data = report_data(consent=None)
    response = client.post("/portal/report/", data)
    assert response.context["form"].data["challenge"] != data["challenge"]


def test_wrong_answers_past_the_address_limit_get_a_429_page(org, client, report_data, settings):
    settings.BANCHENG_PORTAL_WRONG_ANSWERS_PER_ADDRESS_HOUR = 2
    for _ in range(2):
        assert client.post("/portal/report/", report_data(answer="99")).status_code == 400
    response = client.post("/portal/report/", report_data(answer="99"))
    assert response.status_code == 429
    assert "验证问题答错次数过多" in response.content.decode()


def test_a_refused_file_is_named_under_the_attachments_field(org, client, report_data):
    data = report_data(attachments=SimpleUploadedFile("fake.pdf", b"not a pdf", "application/pdf"))
    response = client.post("/portal/report/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == ["文件“fake.pdf”的内容与扩展名不符"]


def test_the_requester_gets_the_registration_sms(org, client, report_data):
    from bancheng.notifications.models import Message

    client.post("/portal/report/", report_data())
    sms = Message.objects.get(template_code="case_registered")
    assert sms.to_phone == "13900001111"
    assert Case.objects.get().number in sms.body

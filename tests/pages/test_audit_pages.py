import pytest

from bancheng.audit.models import Event

ROLES = ["officer", "handler", "unithead", "office", "service", "leader", "auditor", "admin"]


@pytest.mark.parametrize("username", ROLES)
def test_only_the_auditor_reads_the_audit_trail(as_user, username):
    client = as_user(username)
    expected = 200 if username == "auditor" else 403
    assert client.get("/audit/").status_code == expected
    assert client.get("/audit/export.csv").status_code == expected
    assert client.post("/audit/verify/").status_code == expected


def test_the_auditor_sees_every_stream_including_reveals(as_user, demo):
    from bancheng.cases.models import Case

    case = Case.objects.first()
    as_user("office").post(f"/cases/{case.pk}/reveal/")
    page = as_user("auditor").get("/audit/?stream=access").content.decode()
    assert "查看完整个人信息" in page and case.number in page


def test_the_verification_reports_an_intact_chain(as_user, demo):
    page = as_user("auditor").post("/audit/verify/").content.decode()
    assert f"已校验 {Event.objects.count()} 条" in page


def test_the_verification_names_an_altered_event(as_user, demo):
    event = Event.objects.filter(stream__startswith="case:").order_by("pk")[3]
    Event.objects.filter(pk=event.pk).update(actor_name="篡改者")
    page = as_user("auditor").post("/audit/verify/").content.decode()
    assert "审计链断裂" in page and f"记录流 {event.stream} 第 {event.seq} 条" in page


def test_the_export_holds_the_filtered_events(as_user, demo):
    response = as_user("auditor").get("/audit/export.csv?stream=case:1")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = [line for line in text.splitlines()[1:] if line]
    assert len(lines) == Event.objects.filter(stream__startswith="case:1").count()

from django.core.cache import cache
from django.utils import timezone

from tests.portal.test_progress import transferred


def test_the_public_statistics_show_counts_by_month_and_no_personal_data(org, client):
    cache.clear()
    case = transferred(org)
    org.register(timezone.now())
    response = client.get("/portal/stats/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "受理" in html or "登记" in html
    for secret in ("张三", "13812345678", case.number, org.officer.full_name, org.handler.full_name):
        assert secret not in html, secret


def test_the_public_statistics_are_cached(org, client, django_assert_max_num_queries):
    cache.clear()
    client.get("/portal/stats/")
    with django_assert_max_num_queries(2):
        assert client.get("/portal/stats/").status_code == 200


def test_the_portal_pages_answer_without_sign_in(org, client):
    for url in ("/portal/", "/portal/report/", "/portal/progress/", "/portal/stats/"):
        assert client.get(url).status_code == 200, url


def test_bad_input_is_never_a_server_error(org, client):
    answers = [
        client.post("/portal/report/", {"requester_kind": "robot", "answer": "x" * 50, "challenge": "a:b"}),
        client.post("/portal/progress/", {"number": "x" * 100, "phone": "abc"}),
        client.post("/portal/progress/", {}),
        client.get("/portal/report/done/?t=forged"),
        client.get("/progress/%E2%80%AE<script>/"),
        client.post("/rate/unknown/", {"satisfaction": "nonsense"}),
        client.put("/portal/report/"),
    ]
    assert [r.status_code for r in answers] == [400, 400, 400, 302, 200, 410, 405]

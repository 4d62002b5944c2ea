import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_health_answers_with_the_database(client):
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_home_page_asks_for_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_home_page_counts_the_cases_a_user_may_see(client, django_user_model):
    call_command("demo")
    client.force_login(django_user_model.objects.get(username="office"))
    page = client.get("/").content.decode()
    assert "已归档" in page and "超期时限" in page

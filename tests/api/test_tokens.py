import pytest
from django.core.management import CommandError, call_command

from bancheng.api.models import ApiToken
from bancheng.api.tokens import authenticate, digest

pytestmark = pytest.mark.django_db


def test_admin_creates_a_token_and_sees_it_once(as_user):
    client = as_user("admin")
    response = client.post("/setup/api/", {"name": "12345 平台", "role": "customer_service"})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get()
    assert token.token_hash == digest(secret) and secret not in token.token_hash
    assert secret not in client.get("/setup/api/").content.decode()


def test_unit_role_token_needs_a_unit(as_user):
    response = as_user("admin").post("/setup/api/", {"name": "x", "role": "handler"})
    assert response.status_code == 400
    assert "所在单位" in response.content.decode()


def test_admin_revokes_a_token(as_user):
    client = as_user("admin")
    secret = client.post("/setup/api/", {"name": "a", "role": "leader"}).context["secret"]
    client.post(f"/setup/api/{ApiToken.objects.get().pk}/revoke/")
    assert authenticate(secret) is None


@pytest.mark.parametrize("username", ["officer", "office", "leader", "auditor", "handler"])
def test_only_the_administrator_opens_the_token_page(as_user, username):
    assert as_user(username).get("/setup/api/").status_code == 403


def test_token_account_cannot_sign_in(demo):
    from bancheng.api.tokens import create_token

    account = create_token(name="a", role="leader").token.account
    assert not account.has_usable_password()


def test_cli_creates_lists_and_revokes(demo, capsys):
    call_command(
        "api", "token", "create", "--name", "热线", "--role", "handler", "--unit", demo["handler"].unit.code
    )
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert authenticate(secret) is not None
    call_command("api", "token", "list")
    assert "热线" in capsys.readouterr().out
    call_command("api", "token", "revoke", str(ApiToken.objects.get().pk))
    assert authenticate(secret) is None


def test_cli_refuses_an_unknown_unit(demo):
    with pytest.raises(CommandError):
        call_command("api", "token", "create", "--name", "x", "--role", "handler", "--unit", "NOPE")

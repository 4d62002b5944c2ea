"""Sign-in: the password opens the workspace; five wrong passwords lock the account for a while."""

from bancheng.demo.organization import DEMO_PASSWORD


def sign_in(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_the_right_password_opens_the_home_page(client, demo):
    response = sign_in(client, "officer", DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "工作台" in client.get("/").content.decode()


def test_a_wrong_password_is_refused_in_chinese(client, demo):
    response = sign_in(client, "officer", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, demo):
    for _ in range(5):
        sign_in(client, "officer", "wrong-password")
    response = sign_in(client, "officer", DEMO_PASSWORD)
    assert response.status_code == 429 or response.status_code == 403
    assert "账号已暂时锁定" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_locked_account_does_not_lock_a_colleague_at_the_same_desk(client, demo):
    for _ in range(5):
        sign_in(client, "officer", "wrong-password")
    assert sign_in(client, "officer2", DEMO_PASSWORD).status_code == 302


def test_signing_out_ends_the_session(client, demo):
    sign_in(client, "officer", DEMO_PASSWORD)
    client.post("/logout/")
    assert client.get("/").status_code == 302

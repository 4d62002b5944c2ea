import pytest


@pytest.fixture
def demo(db):
    """The demo organization and cases under the shenyang preset (what ``bancheng demo`` loads, built once per
    session and copied into each test: tests/demo_data.py); returns the staff by username."""
    from tests.demo_data import load_demo

    return load_demo("shenyang")


@pytest.fixture
def as_user(client, demo):
    """A client signed in as one of the demo people: ``as_user("officer")``."""

    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in

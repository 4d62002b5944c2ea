import pytest


@pytest.fixture
def demo(db):
    """The demo organization and cases under the shenyang preset (recorded once per session and copied in:
    tests/demo_data.py); returns the staff by username."""
    from tests.demo_data import load_demo

    return load_demo("shenyang")


@pytest.fixture
def as_user(client, demo):
    """A client signed in as one of the demo people: ``as_user("office")``."""

    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in

import pytest


@pytest.fixture
def demo(db):
    """The demo organization and cases under the shenyang preset; returns the staff by username."""
    from django.core.management import call_command

    from bancheng.org.models import Staff

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {s.username: s for s in Staff.objects.all()}


@pytest.fixture
def as_user(client, demo):
    """A client signed in as one of the demo people: ``as_user("office")``."""

    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in

import pytest


def load_demo(preset: str = "shenyang"):
    """The demo organization and cases (what ``bancheng demo`` loads, recorded once per session and copied in:
    tests/demo_data.py); returns the demo people by username."""
    from tests.demo_data import load_demo as load

    return load(preset)


@pytest.fixture
def demo(db):
    """The demo organization and cases under the shenyang preset; returns the staff by username."""
    return load_demo("shenyang")


@pytest.fixture
def as_user(client, demo):
    def sign_in(username):
        client.force_login(demo[username])
        return client

    return sign_in


@pytest.fixture
def artifacts():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "ledger"
    root.mkdir(parents=True, exist_ok=True)
    return root

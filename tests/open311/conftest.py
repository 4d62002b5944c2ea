import pytest


@pytest.fixture
def demo(transactional_db):
    from tests.demo_data import load_demo

    return load_demo("shenyang")


@pytest.fixture
def client311(live_server, demo):
    """A GeoReport client with an API token of the demo case officer, against a live server."""
    from bancheng.api.tokens import create_token
    from tests.open311.test_georeport import GeoReportClient

    office = demo["officer"]
    secret = create_token(name="Open311", role=office.role, unit=office.unit).secret
    return GeoReportClient(live_server.url, secret)

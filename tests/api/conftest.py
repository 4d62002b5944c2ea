import pytest

from tests.pages.conftest import as_user, demo  # noqa: F401


@pytest.fixture
def token_for(demo):  # noqa: F811
    """A live API token acting with a demo person's role and unit: ``token_for("officer")`` -> secret."""
    from bancheng.api.tokens import create_token

    def make(username, **kw):
        person = demo[username]
        return create_token(name=f"测试-{username}", role=person.role, unit=person.unit, **kw).secret

    return make


@pytest.fixture
def api(client):
    """Calls the API with a bearer token: ``api("get", "/api/v1/cases", secret)``."""

    def call(method, path, secret=None, json=None, headers=None, **params):
        extra = {}
        if secret:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        for name, value in (headers or {}).items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        fn = getattr(client, method)
        if json is not None:
            return fn(path, data=json, content_type="application/json", **extra)
        return fn(path, params or None, **extra)

    return call

"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser) against pytest-django's
``live_server``, a real threaded server on the test database.

One browser for the whole browser package, a fresh context (cookies, storage) per test. Every page records the
responses it received; a test fails at teardown if any of them was a 500 (so bad input never hides one),
or if a script failed or the Content Security Policy blocked something.
Screenshots go to ``ARTIFACTS`` (git-ignored ``var/``), kept as test artifacts for CI."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run while one is running
# unless told that this is safe (it is: the ORM calls in these tests are plain synchronous calls).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "browser"
PASSWORD = "banCheng-demo-2026"
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (Debian package chromium; .ci/run installs it)")
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """One chromium for the browser tests; closed when the package is done, so that no event loop is left
    running under the rest of the suite."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            # Playwright turns the back-forward cache off; a person's chromium has it on, and Back then
            # shows the very page they left (the registration form with its submission key).
            ignore_default_args=["--disable-back-forward-cache"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, live_server) -> Iterator[object]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def server_errors() -> list[str]:
    """Every 5xx response any page of the test received, as ``"500 GET /path"``."""
    return []


@pytest.fixture
def script_errors() -> list[str]:
    """Uncaught script errors and Content-Security-Policy refusals (a blocked script or style)."""
    return []


@pytest.fixture
def page(context, server_errors, script_errors) -> Iterator[object]:
    def record(response: object) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def console(message: object) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            script_errors.append(message.text)

    context.on("response", record)
    page = context.new_page()
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.on("console", console)
    yield page
    assert not server_errors, f"the server answered with an error: {server_errors}"
    assert not script_errors, f"the page's scripts failed: {script_errors}"


@pytest.fixture
def load_demo(transactional_db):
    """Load the demo organization and cases under a preset: ``load_demo("putuo")``."""

    def load(preset: str) -> None:
        # What ``bancheng demo --preset`` loads, recorded once per session and copied in (tests/demo_data.py).
        from tests.demo_data import load_demo

        load_demo(preset)

    return load


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login page as a demo person and land on their home page."""
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("button", name="退出").is_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login/"))


class Screenshots:
    """Numbered full-page screenshots in one directory: ``01-registered.png``, ``02-assessed.png``, …"""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        for old in self.directory.glob("*.png"):
            old.unlink()
        self.count = 0

    def __call__(self, page, step: str) -> Path:
        self.count += 1
        path = self.directory / f"{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def screenshots(request) -> Screenshots:
    """Screenshots for this test, in ``ARTIFACTS/<test name>/`` unless the test picks another directory."""
    name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")
    return Screenshots(ARTIFACTS / name)

"""In a real browser: the bell loads its unread count after the page (htmx, no CSP complaint), and reading
the messages clears it."""

from pathlib import Path

from tests.browser.conftest import sign_in

ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts" / "notifications"


def test_a_handler_sees_the_bell_count_reads_the_messages_and_the_badge_goes(page, load_demo):
    from bancheng.notifications.models import Message
    from bancheng.org.models import Staff

    load_demo("shenyang")
    handler = Staff.objects.get(username="handler")
    unread = Message.objects.filter(recipient=handler, channel="in_app", read_at=None).count()
    assert unread > 0
    sign_in(page, "handler")
    badge = page.locator("header .bell .badge")
    badge.wait_for()
    assert badge.inner_text() == str(unread)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "01-bell.png"))
    page.locator("header .bell").click()
    page.wait_for_url("**/notifications/")
    page.screenshot(path=str(ARTIFACTS / "02-inbox.png"), full_page=True)
    page.get_by_role("button", name="全部标为已读").click()
    page.get_by_text("条消息标为已读").wait_for()
    page.locator("header .bell").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator("header .bell .badge").count() == 0
    assert not Message.objects.filter(recipient=handler, read_at=None).exists()

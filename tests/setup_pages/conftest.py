"""The demo organization and a signed-in client, as for the workspace pages."""

from tests.pages.conftest import as_user, demo  # noqa: F401


def org_events(action=None):
    from bancheng.audit.models import Event

    events = Event.objects.filter(stream="org").order_by("seq")
    return events.filter(action=action) if action else events

import itertools

import pytest
from django.core.management import CommandError, call_command

from bancheng.audit.chain import verify_chain
from bancheng.audit.models import Event
from bancheng.cases import actions as act
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)


@pytest.fixture
def history(org):
    case = org.in_handling(T0)
    act.urge_unit(case.assignments.get(), actor=org.officer, now=T0)
    org.register(T0)
    return case


def test_every_event_links_to_the_previous_one_of_its_case(history):
    events = list(Event.objects.filter(case=history).order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))


def test_audit_verify_counts_the_events_of_an_intact_chain(history, capsys):
    call_command("audit", "verify")
    assert f"{Event.objects.count()} events checked" in capsys.readouterr().out


def test_audit_verify_names_the_first_event_whose_content_was_altered(history):
    target = Event.objects.filter(case=history).order_by("seq")[1]
    Event.objects.filter(pk=target.pk).update(data={"forged": True})
    with pytest.raises(CommandError) as broken:
        call_command("audit", "verify")
    assert broken.value.returncode == 1
    assert f"event id={target.pk}" in str(broken.value) and "content altered" in str(broken.value)


def test_audit_verify_detects_a_removed_event(history):
    last = Event.objects.filter(case=history).order_by("-seq").first()
    Event.objects.filter(pk=last.pk).delete()
    result = verify_chain()
    assert result.breach is not None and result.breach.stream == f"case:{history.pk}"


def test_audit_verify_detects_a_rewritten_link(history):
    target = Event.objects.filter(case=history).order_by("seq")[2]
    Event.objects.filter(pk=target.pk).update(prev_hash="f" * 64)
    result = verify_chain()
    assert result.breach.event_id == target.pk and "link" in result.breach.reason

from django.core.management import call_command

from bancheng.audit.models import Event
from bancheng.cases.recompute import mark_deadlines
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)


def test_the_sweep_marks_a_late_deadline_overdue_once(org):
    case = org.assessed(T0, "general")  # due Tuesday 03-03 17:00
    counts = mark_deadlines(now=shanghai(2026, 3, 4, 9, 0))
    feedback = case.deadlines.get(kind="feedback")
    assert feedback.status == "overdue" and counts["overdue"] >= 1
    events = Event.objects.filter(case=case, action="mark_deadlines").count()
    assert mark_deadlines(now=shanghai(2026, 3, 4, 9, 0)) == {"cases": 0, "due_soon": 0, "overdue": 0}
    assert Event.objects.filter(case=case, action="mark_deadlines").count() == events == 1


def test_the_sweep_warns_before_the_deadline(org):
    case = org.assessed(T0, "general")
    mark_deadlines(now=shanghai(2026, 3, 3, 14, 0))
    assert case.deadlines.get(kind="feedback").status == "due_soon"


def test_a_paused_clock_never_goes_late(org):
    from bancheng.cases import actions as act

    case = org.assessed(T0, "general")
    act.pause_case(case, actor=org.officer, missing_materials=["证明"], now=T0)
    mark_deadlines(now=shanghai(2026, 3, 20, 9, 0))
    assert case.deadlines.get(kind="feedback").status == "on_track"


def test_the_sweep_command_runs_one_sweep_for_a_given_time(org, capsys):
    org.assessed(T0, "general", disposal="on_the_spot")
    call_command("sweep", "--at", "2026-03-04T09:00")
    assert "1 overdue" in capsys.readouterr().out

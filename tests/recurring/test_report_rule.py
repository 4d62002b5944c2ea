"""The analysis report's repeated problems and the weekly groups are one rule (domain/recurring.py): the
report counts requesters the same way, by the normalized phone."""

from datetime import date, datetime

from bancheng.domain.calendar import TZ
from bancheng.domain.kpi import PeriodKind
from bancheng.reports import figures

AS_OF = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)


def test_the_report_counts_one_phone_written_two_ways_as_one_requester(org):
    for day, name, phone in (
        (12, "张一", "13800000001"),
        (13, "张一", "+86 138 0000 0001"),
        (14, "李二", "13800000002"),
    ):
        org.register(datetime(2026, 10, day, 10, tzinfo=TZ), requester_name=name, requester_phone=phone)
    rep = figures.compute(PeriodKind.MONTH, date(2026, 10, 1), None, as_of=AS_OF)["repeated"]
    (problem,) = rep["same_problem"]
    assert problem["requesters"] == 2 and len(problem["cases"]) == 3
    (person,) = rep["same_requester"]
    assert len(person["cases"]) == 2 and person["requester"] == "张* 138****0001"

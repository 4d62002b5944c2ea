"""An approved appeal (差评申诉成立) takes the rating out of the visit-based rates, the same in the
definition (domain/kpi.py) and in SQL (stats/queries.py)."""

from datetime import date

from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.domain.kpi import Kpi, Period, Ratio, VisitFacts, measure
from bancheng.stats import queries
from tests.ratings.conftest import T1, T2, answered, badly_rated
from tests.support import shanghai

PERIOD = Period.between(date(2026, 3, 1), date(2026, 4, 1))
AS_OF = shanghai(2026, 4, 1, 9, 0)
SATISFIED = ("satisfied", "basically_satisfied")


def sql(kpi):
    found = queries.measure(kpi, Case.objects.all(), PERIOD, as_of=AS_OF, satisfied=SATISFIED)
    return sum(found.values(), Ratio())


def test_an_approved_appeal_takes_the_rating_out_of_the_satisfied_rate_in_sql(org):
    good = answered(org)
    act.record_visit(good, actor=org.officer, contacted=True, solved=True, satisfaction="satisfied", now=T1)
    _, review = badly_rated(org)
    assert sql(Kpi.SATISFIED) == Ratio(1, 2)
    appeal = act.appeal_rating(review, actor=org.handler, reason="误评", now=T2)
    act.decide_appeal(appeal, actor=org.office, approved=False, note="驳回", now=T2)
    assert sql(Kpi.SATISFIED) == Ratio(1, 2)  # a rejected appeal changes nothing


def test_an_approved_appeal_is_out_of_all_three_visit_rates_in_sql(org):
    _, review = badly_rated(org)
    appeal = act.appeal_rating(review, actor=org.handler, reason="误评", now=T2)
    act.decide_appeal(appeal, actor=org.office, approved=True, note="系误评", now=T2)
    for kpi in (Kpi.SATISFIED, Kpi.CONTACTED, Kpi.SOLVED):
        assert sql(kpi) == Ratio(0, 0), kpi


def test_the_definition_leaves_an_appealed_visit_out(org):
    from bancheng.domain.kpi import CaseFacts

    visits = (
        VisitFacts(shanghai(2026, 3, 3, 10), True, True, "satisfied"),
        VisitFacts(shanghai(2026, 3, 4, 10), True, False, "unsatisfied", appealed=True),
    )
    case = CaseFacts(registered_at=shanghai(2026, 3, 2, 9), state="visited", branch=1, officer=1, channel="onsite",
                     visits=visits)  # fmt: skip
    result = measure(Kpi.SATISFIED, [case], PERIOD, as_of=AS_OF, satisfied=SATISFIED)
    assert sum(result.values(), Ratio()) == Ratio(1, 1)

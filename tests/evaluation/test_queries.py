"""The SQL counts of bancheng.evaluation.queries on a small known month, and the domain's scores of them."""

from bancheng.domain.evaluation import Grade, UnitCounts, evaluate, parse_period
from bancheng.evaluation import queries
from bancheng.evaluation.selectors import evaluation_of
from bancheng.policies.services import policy_of
from tests.evaluation.conftest import AS_OF, MAY


def counted(org):
    policy = policy_of(None)
    found = queries.unit_counts(parse_period(MAY).span, as_of=AS_OF, bad_rating=policy.bad_rating)
    return {c.unit: c for c in found}


def test_each_unit_is_counted_as_the_month_happened(may):
    found = counted(may)
    dep, tax, bank = (may.unit(code).pk for code in ("DEP-1", "EXT-TAX", "EXT-BANK"))
    assert found[dep] == UnitCounts(dep, found[dep].name, handled=2, late=1, notices=1, non_cooperation=1)
    assert found[tax] == UnitCounts(tax, found[tax].name, handled=3, notices=1, bad_ratings=2)
    assert found[bank] == UnitCounts(bank, found[bank].name, handled=1, non_cooperation=1)
    assert set(found) == {dep, tax, bank}


def test_a_unit_that_returned_the_case_is_not_blamed_for_its_bad_rating(may):
    assert counted(may)[may.unit("EXT-BANK").pk].bad_ratings == 0


def test_a_notice_answered_in_time_is_not_non_cooperation(may):
    assert counted(may)[may.unit("EXT-TAX").pk].non_cooperation == 0


def test_another_month_counts_nothing(may):
    policy = policy_of(None)
    assert queries.unit_counts(parse_period("2026-03").span, as_of=AS_OF, bad_rating=policy.bad_rating) == []


def test_the_late_item_counts_only_once_it_is_decided(may):
    policy = policy_of(None)
    early = parse_period(MAY).span.start  # as of the first of May nothing is due yet
    found = queries.unit_counts(parse_period(MAY).span, as_of=early, bad_rating=policy.bad_rating)
    assert sum(c.late for c in found) == 1  # A was resolved late: decided whatever the as-of time


def test_the_table_is_the_domain_evaluation_of_the_counts(may):
    evaluation = evaluation_of(parse_period(MAY), as_of=AS_OF)
    policy = policy_of(None)
    assert evaluation.results == evaluate(list(counted(may).values()), policy.evaluation)
    scores = {r.counts.unit: (r.score, r.grade) for r in evaluation.results}
    assert scores[may.unit("DEP-1").pk] == (100 - 2 - 3 - 5, Grade.PASS)
    assert scores[may.unit("EXT-TAX").pk] == (100 - 3 - 2 * 2, Grade.PASS)
    assert scores[may.unit("EXT-BANK").pk] == (95, Grade.PASS)  # three units: no place for 优秀 at 10%


def test_the_year_holds_the_month(may):
    policy = policy_of(None)
    year = queries.unit_counts(parse_period("2026").span, as_of=AS_OF, bad_rating=policy.bad_rating)
    assert {c.unit: c for c in year} == counted(may)


def test_the_counts_take_a_fixed_number_of_queries(may):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    policy = policy_of(None)
    with CaptureQueriesContext(connection) as seen:
        queries.unit_counts(parse_period(MAY).span, as_of=AS_OF, bad_rating=policy.bad_rating)
    assert len(seen) == 7  # six aggregates and the unit names, however many cases there are

"""The rule of the recurring problems: what links cases, who counts as a different requester, when a group
continues an earlier one, and the weeks a detection covers."""

from datetime import date, datetime

import pytest

from bancheng.domain.errors import DomainError
from bancheng.domain.recurring import (
    DisjointSets,
    Member,
    Rule,
    continued_from,
    last_ended_week,
    links_by_key,
    monday_of,
    parse_week,
    recurring_groups,
    requester_key,
    top_terms,
    trend,
    week_code,
    week_label,
    window,
)


def members(*requesters):
    return [Member(f"c{i}", r) for i, r in enumerate(requesters)]


def test_a_phone_written_in_several_ways_is_one_requester():
    keys = {
        requester_key(p) for p in ("13800000001", "138 0000 0001", "+86-138-0000-0001", "008613800000001")
    }
    assert keys == {"13800000001"}


def test_without_a_phone_the_name_tells_requesters_apart_and_without_both_nobody_counts():
    assert requester_key("", " 张 三 ") == "name:张三"
    assert requester_key("", "") == ""
    assert requester_key("021-6234 5678", "张三") == "02162345678"


def test_linked_cases_from_three_requesters_are_a_recurring_problem():
    found = recurring_groups(members("a", "b", "c", "d"), [(0, 1), (1, 2)], min_requesters=3)
    assert [(g.members, g.requesters) for g in found] == [((0, 1, 2), 3)]


def test_the_same_requester_five_times_is_not_several_requesters():
    same = members("a", "a", "a", "a", "a")
    chain = [(i, i + 1) for i in range(4)]
    assert recurring_groups(same, chain, min_requesters=3) == []
    assert recurring_groups(same, chain, min_requesters=2) == []


def test_cases_without_a_requester_key_do_not_make_up_the_number():
    assert recurring_groups(members("a", "b", "", ""), [(0, 1), (1, 2), (2, 3)], min_requesters=3) == []


def test_groups_come_most_requesters_first_then_most_cases():
    rows = members("a", "b", "c", "d", "e", "f", "g", "h")
    links = [(0, 1), (2, 3), (3, 4), (5, 6), (6, 7)]
    found = recurring_groups(rows, links, min_requesters=2)
    assert [g.members for g in found] == [(2, 3, 4), (5, 6, 7), (0, 1)]


def test_links_by_key_chain_the_items_with_the_same_key_and_skip_none():
    assert list(links_by_key(["x", None, "y", "x", None, "x"])) == [(0, 3), (3, 5)]


def test_disjoint_sets_join_transitively():
    sets = DisjointSets(5)
    sets.union(0, 1)
    sets.union(3, 4)
    sets.union(1, 0)
    sets.union(4, 1)
    assert sorted(map(sorted, sets.components())) == [[0, 1, 3, 4], [2]]


def test_a_group_sharing_most_cases_continues_the_earlier_one():
    previous = {7: frozenset({1, 2, 3, 4}), 8: frozenset({10, 11, 12})}
    current = [frozenset({3, 4, 5, 6, 9}), frozenset({20, 21, 22}), frozenset({12, 30, 31, 32})]
    # 3 and 4 of the 4 earlier cases: continued; one of three shared is not "mostly the same"
    assert continued_from(previous, current) == {0: 7}


def test_an_earlier_group_is_continued_once_by_the_group_sharing_the_most():
    previous = {7: frozenset({1, 2, 3, 4})}
    current = [frozenset({1, 2}), frozenset({1, 2, 3})]
    assert continued_from(previous, current) == {1: 7}


def test_the_label_is_the_heaviest_terms_ties_in_term_order():
    assert top_terms({"离职": 2.0, "提取": 3.0, "证明": 2.0, "窗口": 0.5}, 3) == ["提取", "离职", "证明"]


def test_weeks_are_iso_weeks_named_like_the_cli_spells_them():
    assert parse_week("2026-W47") == date(2026, 11, 16)
    assert parse_week("2026w1") == date(2025, 12, 29)
    assert week_code(date(2026, 11, 16)) == "2026-W47"
    assert week_label(date(2026, 11, 16)) == "2026年第47周（11月16日—22日）"
    for bad in ("2026-W54", "2026-47", "", "W47"):
        with pytest.raises(DomainError) as refused:
            parse_week(bad)
        assert refused.value.code == "recurring.bad_week"


def test_the_window_is_the_lookback_weeks_ending_with_the_week():
    assert window(date(2026, 11, 16), 4) == (date(2026, 10, 26), date(2026, 11, 23))
    assert trend([date(2026, 10, 26), date(2026, 11, 22), date(2026, 11, 20), date(2026, 11, 23)],
                 date(2026, 11, 16), 4) == [1, 0, 0, 2]  # fmt: skip


def test_the_last_ended_week_is_the_week_before_the_current_one():
    assert last_ended_week(datetime(2026, 11, 23, 7, 0)) == date(2026, 11, 16)
    assert last_ended_week(datetime(2026, 11, 22, 23, 59)) == date(2026, 11, 9)
    assert monday_of(date(2026, 11, 22)) == date(2026, 11, 16)


def test_settings_out_of_range_are_refused():
    assert Rule().problems() == []
    assert len(Rule(lookback_weeks=0, min_requesters=1, similarity=1.5).problems()) == 3

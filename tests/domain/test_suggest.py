import pytest

from bancheng.domain import suggest as rules


def test_rank_gives_the_most_probable_first_and_keeps_order_on_ties():
    assert rules.rank(["a", "b", "c", "d"], [0.1, 0.4, 0.4, 0.1], k=3) == [("b", 0.4), ("c", 0.4), ("a", 0.1)]


def test_rank_refuses_labels_and_probabilities_of_different_lengths():
    with pytest.raises(ValueError):
        rules.rank(["a"], [0.5, 0.5])


def test_deciding_words_are_the_largest_positive_contributions_without_characters_or_pairs():
    contributions = [
        ("提取", 0.9),
        ("租房", 0.5),
        ("说", 2.0),
        ("提取 被拒", 3.0),
        ("贷款", -1.0),
        ("租房", 0.7),
    ]
    assert rules.deciding_words(contributions, k=5) == ("提取", "租房")


def test_top_k_accuracy_counts_the_truth_among_the_first_k():
    truth = ["a", "b", "c", "d"]
    ranked = [["a", "b"], ["a", "b"], ["x", "y", "c"], ["x"]]
    assert rules.top_k_accuracy(truth, ranked, 1) == 0.25
    assert rules.top_k_accuracy(truth, ranked, 3) == 0.75
    assert rules.top_k_accuracy([], [], 3) == 0.0
    with pytest.raises(ValueError):
        rules.top_k_accuracy(["a"], [], 1)


def test_too_few_samples_or_a_single_value_is_explained_in_chinese():
    assert "至少需要 30 件" in rules.enough_samples(["a", "b"] * 5, 30)
    assert "只有一种取值" in rules.enough_samples(["a"] * 40, 30)
    assert rules.enough_samples(["a", "b"] * 20, 30) is None


def test_a_hold_out_is_stratifiable_only_with_two_of_every_value():
    assert rules.stratifiable(["a", "a", "b", "b"])
    assert not rules.stratifiable(["a", "a", "b"])
    assert not rules.stratifiable([])


def test_majority_orders_values_by_frequency():
    assert rules.majority(["b", "a", "b", "c", "a", "b"]) == ["b", "a", "c"]


def test_long_numbers_are_not_model_terms():
    assert rules.model_terms(["提取", "13912345678", "210302x", "12345", "5"]) == ["提取", "12345", "5"]


def test_a_suggestion_names_its_best_values_and_its_note():
    ranked = rules.Ranked("withdrawal", "提取", 0.874, ("租房",))
    suggestion = rules.Suggestion(categories=(ranked,), category_model_id=3)
    assert suggestion.ready and suggestion.category == ranked and suggestion.unit is None
    assert ranked.percent == 87 and ranked.note == "系统建议：提取（置信度 87%）"
    assert not rules.Suggestion().ready

"""Which cases say the same problem: TF-IDF cosine over the segmented words, grouped by connected
components, computed block by block; the all-pairs baseline gives the same components."""

import random

import numpy as np

from bancheng.recurring.similarity import components, naive_components
from bancheng.text.segment import words

FUND = [
    "住房公积金提取 离职后提取公积金，窗口要求离职证明，原单位已注销开不了离职证明",
    "离职提取 原单位已经注销，开不出离职证明，无法提取住房公积金",
    "公积金离职提取 单位注销了没法开离职证明，提取公积金被退回",
]
OTHER = [
    "不动产登记 房产证加名需要什么材料，跑了三次还没办成",
    "社保补缴 十几年前的社保费需要追缴，缺少工资流水",
]


def groups_of(texts, threshold=0.4, **kw):
    found = components([words(t) for t in texts], threshold, **kw)
    return sorted(found.groups()), found


def test_similar_phrasings_of_one_problem_group_together():
    groups, found = groups_of(FUND + OTHER)
    assert groups == [[0, 1, 2]]
    assert {"离职", "证明"} <= set(found.terms([0, 1, 2]))


def test_a_different_problem_does_not_join_the_group():
    groups, _ = groups_of([*FUND, "离职提取 公积金账户封存半年后才能离职提取，想提前办理"])
    assert groups == [[0, 1, 2]]


def test_block_size_and_common_terms_do_not_change_the_components():
    rng = random.Random(7)
    texts = [rng.choice(FUND + OTHER) + rng.choice(["", "，很着急", "，请尽快处理"]) for _ in range(120)]
    docs = [words(t) for t in texts]
    for neighbours in (20, 3):
        reference = naive_components(docs, 0.4, neighbours=neighbours).labels
        for rows in (7, 1000):
            found = components(docs, 0.4, neighbours=neighbours, block_rows=rows, tighten=False)
            assert np.array_equal(found.labels, reference)


def test_no_words_at_all_groups_nothing():
    assert components([[], []], 0.4).groups() == []
    assert components([], 0.4).groups() == []


BUSINESSES = ["组合贷款", "异地转入", "退休提取", "低保申请"]
OBSTACLES = ["单位注销了开不出离职证明", "自助终端打印失败", "网上预约一直约满排不上号", "证件过期被拒绝办理"]
FILLERS = ["", "，很着急", "，请尽快处理", "，已经跑了三次"]


def test_cases_sharing_only_a_business_or_only_a_stock_phrase_do_not_chain_into_one_group():
    texts, truth = [], []
    for b, business in enumerate(BUSINESSES):
        for o, obstacle in enumerate(OBSTACLES):
            for filler in FILLERS[: 1 + (b + o) % 4]:
                texts.append(f"{business} {obstacle}{filler}")
                truth.append(o)
    docs = [words(t) for t in texts]
    loose = components(docs, 0.3, tighten=False).groups()
    assert max(len({truth[i] for i in g}) for g in loose) > 1  # plain components chain problems together
    tight = components(docs, 0.3).groups()
    assert tight and all(len({truth[i] for i in g}) == 1 for g in tight)


def test_a_word_of_one_case_alone_or_a_number_never_labels_a_group():
    texts = [*FUND, "离职提取 原单位注销开不出离职证明，我叫欧阳娜娜，电话13912345678，13912345678"]
    found = components([words(t) for t in texts], 0.4)
    terms = found.terms([0, 1, 2, 3])
    assert {"离职", "证明"} <= set(terms)
    assert "欧阳娜娜" not in terms and not any(ch.isdigit() for t in terms for ch in t)

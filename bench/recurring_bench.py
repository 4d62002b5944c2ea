"""How long does grouping the recurring problems take over 100,000 cases in the window, and how much memory?

The project side is what the weekly job runs after reading the window: ``bancheng.text.segment.words`` on
所办事项 + 反映内容, ``bancheng.recurring.similarity.components`` (TF-IDF, blocked sparse products, forest of
components) and ``domain.recurring.groups_from_components`` (distinct requesters). The baseline is the naive
all-pairs version (``naive_components``: a dense n × n cosine matrix), run on small samples only, where both
must give the same components.

    .venv/bin/python bench/recurring_bench.py                 # --cases 100000 --sample 2000,5000 --seed 47

Synthetic cases: 1,200 distinct problems (40 businesses × 30 obstacles, each obstacle said in one of three
ways), drawn with a Zipf-like law (a few problems are asked often, most rarely), each case with 0–2 of 30 filler
phrases and a requester drawn from 60,000 phones (some people ask several times).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bancheng.settings.local")

import numpy as np

from bancheng.domain import recurring as rules
from bancheng.recurring.similarity import components, naive_components
from bancheng.text.segment import words

BUSINESSES = [
    "住房公积金提取", "公积金贷款", "离职提取", "退休提取", "租房提取", "购房提取", "缴存基数调整", "账户封存",
    "账户转移", "异地转入", "社保补缴", "医保报销", "不动产登记", "房产证加名", "营业执照变更", "税务登记",
    "居住证办理", "户口迁移", "低保申请", "养老金领取", "工伤认定", "失业金申领", "生育津贴", "公租房申请",
    "人才补贴", "灵活就业缴存", "还款计划变更", "提前还贷", "贷款额度", "销户提取", "冲还贷", "商转公",
    "二手房贷款", "组合贷款", "单位开户", "单位缴存登记", "补缴证明", "缴存证明打印", "对账单", "密码重置",
]  # fmt: skip
OBSTACLES = [
    ("原单位已注销开不出证明", "单位注销了没法开证明", "公司没了开不了证明"),
    ("系统提示信息不一致", "系统显示身份信息不符", "信息对不上被系统退回"),
    ("窗口说材料不全但没说清缺什么", "材料一次没说全来回跑", "每次去都说缺不同的材料"),
    ("超过承诺时限还没结果", "办了很久一直没有答复", "超期未办结也没人回复"),
    ("网上办理一直审核不通过", "线上提交总是被驳回", "网办多次退回原因不明"),
    ("需要原件但原件已遗失", "原件丢了无法提供", "材料原件找不到了"),
    ("异地的证明本地不认", "外地开的证明这里不承认", "外省材料不被认可"),
    ("自助机无法打印", "自助终端打印失败", "机器打不出来"),
    ("电话一直打不通", "咨询电话没人接", "热线打不进去"),
    ("工资流水对不上", "银行流水不符合要求", "流水显示不出对方账户"),
    ("婚姻状况证明开不出", "离婚证明无法提供", "婚姻材料不全"),
    ("户籍不在本地不给办", "外地户口被拒绝", "非本地户籍不能办理"),
    ("额度计算和政策不符", "算出来的额度偏低", "额度与规定不一致"),
    ("委托他人办理不被接受", "代办被拒绝", "家属代办不给办"),
    ("账户被冻结无法操作", "账户冻结办不了", "冻结状态无法办理"),
    ("两个部门互相推诿", "部门之间踢皮球", "各部门说不归自己管"),
    ("政策调整后不知道怎么办", "新政策看不懂", "政策变了没人解释"),
    ("需要到多个窗口盖章", "要跑好几个窗口", "多头跑盖章"),
    ("预约不上号", "网上预约一直约满", "排不上号"),
    ("老人不会用手机办理", "老年人不会网上办", "年纪大不会操作手机"),
    ("单位不配合出具材料", "单位拒绝盖章", "公司不给开证明"),
    ("历史缴存记录缺失", "以前的缴存记录查不到", "早年记录丢失"),
    ("姓名有生僻字系统录不进", "生僻字无法录入", "名字里的字系统打不出"),
    ("证件过期需要重新办理", "身份证过期办不了", "证件到期被拒"),
    ("要求本人到场但人在外地", "本人在外地无法到现场", "必须本人来但回不来"),
    ("收费标准不清楚", "不知道要交多少钱", "收费说法不一"),
    ("办理进度查不到", "进度查询没有结果", "不知道办到哪一步"),
    ("退回后重新提交又要排队", "被退回重新排队", "重新提交还得等"),
    ("签名和预留不一致", "签字被说不符", "预留签名对不上"),
    ("子女教育证明不被认可", "学籍证明不认", "孩子上学的证明不行"),
]  # fmt: skip
FILLERS = [
    "很着急", "请尽快处理", "已经跑了三次", "希望给个说法", "上周来过一次", "工作人员态度还可以", "急需用钱",
    "周末也没法办", "家里老人生病", "麻烦帮忙协调", "孩子上学要用", "请假来的", "排了两个小时队", "第一次来办",
    "朋友介绍来的", "听说可以反映", "不想再跑了", "之前打过电话", "网上查不到说明", "下个月要买房",
    "单位催着要", "银行让来问", "去了两个地方", "等了一个月", "希望一次说清楚", "之前办过一次", "刚换了工作",
    "老家在外省", "自己不会弄", "身体不好不方便",
]  # fmt: skip


def synthesize(count: int, seed: int) -> tuple[list[str], list[str], list[tuple[str, int]]]:
    rng = random.Random(seed)
    problems = [(b, o) for b in BUSINESSES for o in OBSTACLES]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(problems))]
    rng.shuffle(problems)
    texts, phones, truth = [], [], []
    for business, obstacle in rng.choices(problems, weights=weights, k=count):
        truth.append((business, OBSTACLES.index(obstacle)))
        fillers = rng.sample(FILLERS, rng.randint(0, 2))
        texts.append(f"{business} {rng.choice(obstacle)}，{'，'.join(fillers)}")
        phones.append(f"139{rng.randrange(60_000):08d}")
    return texts, phones, truth


def purity(groups: list[rules.Group], truth: list[tuple[str, int]]) -> tuple[float, float]:
    """The share of grouped cases that belong to their group's most frequent problem (business and
    obstacle), and to its most frequent obstacle whatever the business (the same root cause)."""
    grouped = same_problem = same_obstacle = 0
    for g in groups:
        problems = Counter(truth[i] for i in g.members)
        obstacles = Counter(truth[i][1] for i in g.members)
        grouped += len(g.members)
        same_problem += problems.most_common(1)[0][1]
        same_obstacle += obstacles.most_common(1)[0][1]
    return (same_problem / grouped, same_obstacle / grouped) if grouped else (1.0, 1.0)


def group(docs: list[list[str]], phones: list[str], rule: rules.Rule) -> tuple[list[rules.Group], float, int]:
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    found = components(docs, rule.similarity)
    members = [rules.Member(str(i), rules.requester_key(p)) for i, p in enumerate(phones)]
    groups = rules.groups_from_components(members, found.groups(), rule.min_requesters)
    for g in groups[:50]:
        found.terms(g.members)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return groups, seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--sample", default="2000,5000", help="sizes for the all-pairs comparison")
    parser.add_argument("--seed", type=int, default=47)
    args = parser.parse_args()
    rule = rules.Rule()
    texts, phones, truth = synthesize(args.cases, args.seed)
    words("预热")
    started = time.perf_counter()
    docs = [words(t) for t in texts]
    segment_seconds = time.perf_counter() - started
    print(f"rule: {rule}")
    print(f"segmentation of {args.cases:,} cases: {segment_seconds:.1f} s "
          f"({segment_seconds / args.cases * 1e6:.0f} µs per case)")  # fmt: skip
    groups, seconds, peak = group(docs, phones, rule)
    sizes = sorted((len(g.members) for g in groups), reverse=True)
    problem_purity, obstacle_purity = purity(groups, truth)
    asked = Counter(truth)
    recurring_problems = sum(1 for p, c in asked.items() if c >= rule.min_requesters)
    print(f"grouping {args.cases:,} cases: {seconds:.1f} s, peak traced memory {peak / 2**20:.0f} MiB, "
          f"{len(groups)} groups (largest {sizes[:5]}, median {int(np.median(sizes)) if sizes else 0}); "
          f"{sum(sizes):,} cases grouped; purity: same problem {problem_purity:.1%}, same obstacle "
          f"{obstacle_purity:.1%}; problems asked {rule.min_requesters}+ times: {recurring_problems}")  # fmt: skip
    for size in (int(s) for s in args.sample.split(",") if s):
        sample_docs, sample_phones = docs[:size], phones[:size]
        gc.collect()
        tracemalloc.start()
        started = time.perf_counter()
        naive = naive_components(sample_docs, rule.similarity)
        naive_seconds = time.perf_counter() - started
        _, naive_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        ours_groups, ours_seconds, ours_peak = group(sample_docs, sample_phones, rule)
        same = np.array_equal(components(sample_docs, rule.similarity, tighten=False).labels, naive.labels)
        print(f"sample {size:,}: blocked {ours_seconds:.2f} s / {ours_peak / 2**20:.0f} MiB, all-pairs "
              f"{naive_seconds:.2f} s / {naive_peak / 2**20:.0f} MiB, same components: {same}, "
              f"{len(ours_groups)} groups")  # fmt: skip
        if not same:
            return 1
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

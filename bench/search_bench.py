"""Chinese full-text search over many indexed cases, on PostgreSQL (tsvector + GIN, ts_rank_cd) and SQLite
(FTS5, bm25): p50/p95 of ``bancheng.search.selectors.search`` for the office (every case) and for a case
officer (the branch's and their own cases), next to two baselines timed in the same run on the same table.

Run: ``python bench/search_bench.py [--entries 1000000] [--engine both|postgresql|sqlite]
[--database-url postgres://...]``. ``--engine both`` runs the script once per engine (each in its own process,
since Django holds one default database). PostgreSQL: the script (re)creates the database ``bench_search``
next to the one the URL names (dropped at the end unless ``--keep``). SQLite: a fresh file in a temporary
directory. Both are migrated, get the shenyang preset and the demo organization (for the officer's scope).

Data: ``--entries`` index rows of kind ``case`` (benchmark fixture data written straight into the index table,
not product code): each is a service-hall case built from a pool of realistic problem fragments (each fragment
cut by ``bancheng.text.segment.search_terms`` once, so a row's terms are what indexing that text gives), with
a running number and a district so that the vocabulary is not tiny; branch and officer are spread over the
demo branches and 60 officer ids, the demo officer among them. PostgreSQL loads with COPY and builds the GIN
index after the load; SQLite inserts in batches through the FTS5 triggers.

Timed: ``--queries`` realistic paraphrased queries (two to six words), each ``--repeats`` times, limit 20.
Baselines on the same table: (1) one plain indexed lookup (``kind``/``object_id`` unique index) — the floor of
any query; (2) what the case list's text filter does today, ``body LIKE '%word%'`` newest first, limit 20,
over the whole table, for one word of each query.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scratch_db import drop, recreate

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bench_search"

BUSINESSES = [
    "住房公积金提取",
    "住房公积金贷款",
    "住房公积金缴存",
    "商业贷款转公积金贷款",
    "社保关系转移",
    "社保缴费",
    "医保报销",
    "医保卡补办",
    "退休手续",
    "不动产登记",
    "不动产抵押登记",
    "营业执照办理",
    "营业执照注销",
    "税务登记",
    "户口迁移",
    "居住证办理",
    "身份证补办",
    "低保申请",
    "残疾人补贴",
    "燃气开户",
    "供水过户",
    "出生医学证明",
    "社保卡办理",
    "企业开办",
    "公积金异地转移",
    "失业保险金申领",
    "生育津贴",
    "工伤认定",
]
FRAGMENTS = [
    "单位已经注销，封存证明开不出来",
    "提取申请被拒",
    "跑了三趟还是办不了",
    "租赁合同备案房东不配合",
    "窗口说要等半年",
    "政策依据没有说明白",
    "贷款审批超过两个月没有结果",
    "开发商催着交首付",
    "三个窗口说法不一",
    "系统提示基数超出上限",
    "银行说不开结清证明",
    "转移接续手续卡在原参保地",
    "补缴时系统不让交",
    "转诊备案当时没办",
    "老人卧床无法到场",
    "档案丢失找不到招工表",
    "契税完税证明要两个窗口来回跑",
    "房产证上名字写错了一个字",
    "抵押登记排不上号",
    "网上提交三次被驳回没说原因",
    "要求先清税，税务说要先注销执照",
    "税控盘申领流程太复杂",
    "派出所要求房产证满一年",
    "社保断了一个月不给办",
    "说要回户籍地办理",
    "材料交了两个月没有进度",
    "补贴停发原因不明",
    "物业说要先交物业费",
    "要原户主身份证原件",
    "医院和卫健委互相推",
    "制卡进度查不到",
    "印章备案信息对不上",
    "全部继承人到场公证",
    "购房合同没有网签备案号",
    "离职证明开不出来",
    "工资流水银行打印不了",
    "异地缴存不能在本地贷款",
    "提前还款预约不上",
    "账户未封存无法销户提取",
    "评估价与成交价不一致",
    "贷款额度核定有争议",
    "退休证丢失需要补办",
    "户口本地址与身份证不一致",
    "电话一直打不通",
    "窗口人员态度不好",
    "一次告知没有做到",
    "容缺受理没有落实",
    "首问负责人推给别的部门",
    "办理时限超过承诺",
    "网上办理系统一直报错",
    "需要的材料清单前后不一样",
    "代办人委托书被退回",
]
DISTRICTS = ["和平区", "沈河区", "大东区", "皇姑区", "铁西区", "浑南区", "于洪区", "沈北新区", "苏家屯区"]
QUERIES = [
    "提取公积金 缺封存证明",
    "公积金提取被拒 单位注销",
    "租房提取 合同备案",
    "贷款审批太慢",
    "异地缴存 本地贷款",
    "商转公 结清证明",
    "养老保险转移接续",
    "社保补缴 系统",
    "异地就医报销 转诊备案",
    "档案丢失 退休",
    "二手房过户 契税 来回跑",
    "房产证名字错了 更正",
    "抵押登记 排号",
    "营业执照 驳回",
    "注销公司 清税",
    "税控盘 领发票",
    "户口迁入 上学",
    "居住证续签 社保断缴",
    "补办身份证 户籍地",
    "低保 没有进度",
    "残疾人补贴停发",
    "燃气开户 物业证明",
    "水费过户 原户主",
    "出生证明 名字写错",
    "社保卡 制卡进度",
    "刻章 印章备案",
    "继承房产 公证",
    "网签备案号 购房提取",
    "离职证明 提取",
    "工资流水 打印",
    "提前还款 预约",
    "销户提取 封存",
    "评估价 成交价",
    "贷款额度 争议",
    "退休证 补办",
    "一次告知 没做到",
    "容缺受理 落实",
    "首问负责 推诿",
    "超过承诺时限",
    "系统报错 网上办理",
]


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rows(count: int, branches: list[int], officers: list[int], start_id: int) -> Any:
    """The index rows: (kind, object_id, title, body, terms, branch_id, owner_id, happened_at, hash)."""
    from bancheng.text.segment import search_terms

    rng = random.Random(20261130)
    windows = [f"{n}号窗口" for n in range(1, 41)]
    cut = {f: " ".join(search_terms(f)) for f in FRAGMENTS + BUSINESSES + DISTRICTS + windows}
    base = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(count):
        business = rng.choice(BUSINESSES)
        parts = rng.sample(FRAGMENTS, rng.randint(2, 4))
        district = rng.choice(DISTRICTS)
        window = rng.choice(windows)
        body = f"{district}{window}：" + "，".join(parts) + "。"
        number = f"SY-B-{start_id + i:08d}"
        terms = " ".join(
            [number.lower().replace("-", " "), cut[business], cut[district], cut[window]]
            + [cut[p] for p in parts]
        )
        yield (
            "case",
            start_id + i,
            f"{number} {business}",
            body,
            terms,
            rng.choice(branches),
            rng.choice(officers),
            base + timedelta(minutes=i),
            "bench",
        )


def load_postgresql(connection: Any, count: int, branches: list[int], officers: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX search_entry_document")
        raw = cursor.cursor  # psycopg's own cursor for COPY
        columns = "kind, object_id, title, body, terms, branch_id, owner_id, happened_at, source_hash, restricted, indexed_at"
        now = datetime.now(UTC)
        with raw.copy(f"COPY search_searchentry ({columns}) FROM STDIN") as copy:
            for row in rows(count, branches, officers, 1):
                copy.write_row((*row, False, now))
        t, _ = timed(
            lambda: cursor.execute(
                "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)"
            )
        )
        print(f"  GIN index build {t:.1f} s")
        t, _ = timed(lambda: cursor.execute("VACUUM ANALYZE search_searchentry"))
        print(f"  VACUUM ANALYZE {t:.1f} s")


def load_sqlite(connection: Any, count: int, branches: list[int], officers: list[int]) -> None:
    now = datetime.now(UTC).isoformat()
    sql = (
        "INSERT INTO search_searchentry (kind, object_id, title, body, terms, branch_id, owner_id, happened_at, "
        "source_hash, restricted, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"
    )
    connection.ensure_connection()
    raw = connection.connection
    # load the content table without the per-row FTS trigger, then build the FTS index in one pass
    trigger = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts_insert'").fetchone()[0]
    raw.execute("DROP TRIGGER search_fts_insert")
    batch: list[tuple[Any, ...]] = []
    for row in rows(count, branches, officers, 1):
        batch.append((*row[:7], row[7].isoformat(), row[8], now))
        if len(batch) == 20_000:
            raw.executemany(sql, batch)
            raw.commit()
            batch.clear()
    if batch:
        raw.executemany(sql, batch)
        raw.commit()
    t, _ = timed(lambda: raw.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
    raw.execute(trigger)
    raw.commit()
    print(f"  FTS5 rebuild {t:.1f} s")
    raw.execute("ANALYZE")
    raw.commit()


def run(args: Any) -> int:
    from django.core.management import call_command
    from django.db import connection

    from bancheng.demo.organization import build_organization, build_people
    from bancheng.policies.services import install_preset
    from bancheng.search.selectors import search

    vendor = connection.vendor
    print(f"engine {vendor}; {args.entries:,} indexed cases")
    t, _ = timed(lambda: call_command("migrate", verbosity=0))
    print(f"  migrate {t:.1f} s")
    install_preset("shenyang")
    units = build_organization("shenyang")
    people = build_people(units)
    officer, office = people["officer"], people["office"]
    branches = [units[c].pk for c in ("HQ", "HP", "HN")]
    officers = [officer.pk, *range(10_000, 10_059)]
    load = load_postgresql if vendor == "postgresql" else load_sqlite
    t, _ = timed(lambda: load(connection, args.entries, branches, officers))
    print(f"  load {args.entries:,} index rows {t:.1f} s")

    queries = QUERIES[: args.queries]
    for q in queries[:3]:  # warm the segmenter and the caches
        search(office, q)

    def measure(user: Any) -> tuple[list[float], int]:
        times, empty = [], 0
        for _ in range(args.repeats):
            for q in queries:
                t, page = timed(lambda q=q: search(user, q, kinds=("case",), limit=20))
                times.append(t * 1000)
                empty += not page.hits
        return times, empty

    results: dict[str, list[float]] = {}
    for label, user in (("office (all cases)", office), ("officer (branch + own)", officer)):
        times, empty = measure(user)
        results[label] = times
        print(
            f"  search {label:24s} p50 {statistics.median(times):8.1f} ms  p95 {pct(times, 0.95):8.1f} ms  "
            f"max {max(times):8.1f} ms  ({len(times)} searches, {empty} empty)"
        )

    table = "search_searchentry"
    rng = random.Random(7)
    lookups = []
    with connection.cursor() as cursor:
        for _ in range(200):
            oid = rng.randint(1, args.entries)
            t, _ = timed(
                lambda oid=oid: (
                    cursor.execute(
                        f"SELECT id, title, body FROM {table} WHERE kind = %s AND object_id = %s",
                        ["case", oid],
                    ),
                    cursor.fetchall(),
                )
            )
            lookups.append(t * 1000)
        print(
            f"  baseline indexed lookup            p50 {statistics.median(lookups):8.3f} ms  p95 {pct(lookups, 0.95):8.3f} ms"
        )
        likes = []
        from bancheng.text.segment import query_terms

        for q in queries[: args.like_queries]:
            word = max(query_terms(q), key=len)
            t, _ = timed(
                lambda word=word: (
                    cursor.execute(
                        f"SELECT id, title, body FROM {table} WHERE kind = 'case' AND body LIKE %s "
                        "ORDER BY happened_at DESC, id DESC LIMIT 20",
                        [f"%{word}%"],
                    ),
                    cursor.fetchall(),
                )
            )
            likes.append(t * 1000)
        print(
            f"  baseline LIKE '%word%' newest 20   p50 {statistics.median(likes):8.1f} ms  p95 {pct(likes, 0.95):8.1f} ms  "
            f"({len(likes)} queries, full table)"
        )
    office_p95 = pct(results["office (all cases)"], 0.95)
    print(f"  ratio search p95 (office) / LIKE p95: {office_p95 / pct(likes, 0.95):.2f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=["both", "postgresql", "sqlite"], default="both")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--like-queries", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the bench_search database (PostgreSQL)")
    args = parser.parse_args()
    if args.engine == "both":
        code = 0
        for engine in ("postgresql", "sqlite"):
            argv, skip = [], False
            for a in sys.argv[1:]:
                if skip or a.startswith("--engine"):
                    skip = a == "--engine"
                    continue
                argv.append(a)
            code |= subprocess.call([sys.executable, __file__, *argv, "--engine", engine])
        return code

    var_dir = tempfile.mkdtemp(prefix="search_bench_")
    env = {
        "DJANGO_SETTINGS_MODULE": "bancheng.settings.local",
        "BANCHENG_VAR_DIR": var_dir,
        "BANCHENG_SCHEDULER": "0",
    }
    if args.engine == "postgresql":
        env["DATABASE_URL"] = recreate(args.database_url, DB_NAME)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False
    try:
        return run(args)
    finally:
        connection.close()
        if args.engine == "postgresql" and not args.keep:
            drop(args.database_url, DB_NAME)


if __name__ == "__main__":
    sys.exit(main())

"""The leaders' dashboard and the supervision board over 1,000,000 closed cases, on PostgreSQL.

Run: ``python bench/dashboard_bench.py [--cases 1000000] [--database-url postgres://...] [--repeats 3]``.
The script (re)creates the database ``bench_dashboard`` next to the one the URL names (dropped at the end
unless ``--keep``), migrates it, loads the shenyang preset and the demo organization, and walks a dozen seed
histories through the real actions (the property test's ``build``: register, assess, transfer, sign for,
notices, resolution, feedback, visit, close), on time and late, over several units, channels and categories.
The cases are then copies of the seeds made with set-based SQL (``INSERT … SELECT`` over
``generate_series``: cases, assignments, deadlines, visits, notices), every time shifted by ``g % 330``
days so that they spread over 2026: benchmark fixture data, not product code.

Baseline in the same run, on the same connection: ``SELECT count(*) FROM cases_case``. Each figure of the
dashboard (``bancheng.dashboard.selectors``) is timed (best of ``--repeats``) and given in ms and as a ratio
to the baseline. ``--index`` also times them again after creating the candidate indexes of ``INDEXES``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from scratch_db import drop, recreate, url_of

ROOT = Path(__file__).resolve().parent.parent

DB_NAME = "bench_dashboard"
# Candidate indexes, tried with --index (EXPLAIN decides whether they become migrations).
INDEXES = [
    "CREATE INDEX bench_deadline_kind_due ON cases_deadline (kind, due_at)",
    "CREATE INDEX bench_visit_at ON cases_followupvisit (visited_at)",
    "CREATE INDEX bench_notice_issued ON cases_supervisionnotice (issued_at)",
    "CREATE INDEX bench_case_open_level ON cases_case (escalation_level) "
    "WHERE state IN ('registered', 'assessed', 'handling', 'answered', 'visited')",
]


def best(fn: Any, repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def seed_cases() -> tuple[list[int], Any]:
    """A dozen closed histories in January 2026, through the real actions."""
    from tests.stats import test_queries_match_definitions as prop
    from tests.support import Org, shanghai

    from bancheng.demo.organization import build_organization, build_people
    from bancheng.org.choices import Role
    from bancheng.org.models import Staff
    from bancheng.policies.services import install_preset

    install_preset("shenyang")
    units = build_organization("shenyang")
    org = Org(units, build_people(units))
    other = Staff.objects.create_user(
        username="officer-hp", password="x", role=Role.CASE_OFFICER, unit=org.unit("HP"), full_name="和平专员"
    )
    prop.BASE = shanghai(2026, 1, 5, 9)  # seeds in January; copies shift by up to 330 days
    channels = ["onsite", "phone", "online", "hotline"]
    units_of = [("DEP-1",), ("EXT-TAX",), ("EXT-BANK",), ("DEP-1", "EXT-TAX")]
    histories = [
        prop.History(
            day=i,
            hour=9 + i % 7,
            officer=i % 3,
            channel=channels[i % 4],
            path="transfer" if i % 6 else "on_the_spot",
            category=i % 3,
            nature=i % 2,
            case_class=["general", "difficult", "special"][i % 3],
            transfer_delay=i % 2,
            units=units_of[i % 4],
            sign_delay=i % 2,
            resolve_delays=(i % 9, (i * 5) % 11),
            notice=i % 4 == 1,
            feedback_delay=i % 3,
            visit=True,
            contacted=i % 5 != 0,
            solved=i % 3 != 0,
            satisfaction=["satisfied", "satisfied", "unsatisfied"][i % 3],
            close=True,
        )
        for i in range(12)
    ]
    ids = [prop.build(org, [org.officer, org.officer2, other], h) for h in histories]
    return ids, org


def columns(model: Any, skip: set[str]) -> tuple[list[str], list[str]]:
    """The columns to copy, and the expression of each in the copy (times shifted by the plan's days)."""
    from django.db import models

    cols, exprs = [], []
    for f in model._meta.concrete_fields:
        if f.column in skip:
            continue
        cols.append(f.column)
        if isinstance(f, models.DateTimeField):
            exprs.append(f"s.{f.column} + p.shift")
        elif isinstance(f, models.DateField):
            exprs.append(f"s.{f.column} + p.days")
        else:
            exprs.append(f"s.{f.column}")
    return cols, exprs


def copy_cases(cursor: Any, seeds: list[int], count: int) -> None:
    """``count`` cases, copies of the seeds in turn, with everything the KPIs count."""
    from bancheng.cases.models import Assignment, Case, Deadline, FollowUpVisit, SupervisionNotice

    cursor.execute("DROP TABLE IF EXISTS bench_plan")
    cursor.execute(
        "CREATE UNLOGGED TABLE bench_plan AS SELECT g, 'B-' || g AS number, "
        "(%s::bigint[])[1 + g %% %s] AS seed, g %% 330 AS days, make_interval(days => (g %% 330)::int) AS shift "
        "FROM generate_series(1, %s) g",
        [seeds, len(seeds), count],
    )
    cols, exprs = columns(Case, {"id", "number", "submission_key"})
    cursor.execute(
        f"INSERT INTO cases_case (number, submission_key, {', '.join(cols)}) "
        f"SELECT p.number, '', {', '.join(exprs)} FROM bench_plan p JOIN cases_case s ON s.id = p.seed"
    )
    cursor.execute("CREATE UNLOGGED TABLE bench_map AS SELECT p.*, c.id AS case_id FROM bench_plan p "
                   "JOIN cases_case c ON c.number = p.number")  # fmt: skip
    cursor.execute("CREATE INDEX ON bench_map (seed)")
    cols, exprs = columns(Assignment, {"id", "case_id"})
    cursor.execute(
        f"INSERT INTO cases_assignment (case_id, {', '.join(cols)}) "
        f"SELECT p.case_id, {', '.join(exprs)} FROM bench_map p JOIN cases_assignment s ON s.case_id = p.seed"
    )
    # a copy's assignment for a seed's assignment: same case copy, same unit (one per unit per seed)
    cols, exprs = columns(Deadline, {"id", "case_id", "assignment_id"})
    cursor.execute(
        f"INSERT INTO cases_deadline (case_id, assignment_id, {', '.join(cols)}) "
        f"SELECT p.case_id, a.id, {', '.join(exprs)} FROM bench_map p "
        "JOIN cases_deadline s ON s.case_id = p.seed "
        "LEFT JOIN cases_assignment sa ON sa.id = s.assignment_id "
        "LEFT JOIN cases_assignment a ON a.case_id = p.case_id AND a.unit_id = sa.unit_id"
    )
    cols, exprs = columns(FollowUpVisit, {"id", "case_id"})
    cursor.execute(
        f"INSERT INTO cases_followupvisit (case_id, {', '.join(cols)}) "
        f"SELECT p.case_id, {', '.join(exprs)} FROM bench_map p JOIN cases_followupvisit s ON s.case_id = p.seed"
    )
    cols, exprs = columns(SupervisionNotice, {"id", "case_id", "assignment_id", "number"})
    cursor.execute(
        f"INSERT INTO cases_supervisionnotice (case_id, assignment_id, number, {', '.join(cols)}) "
        f"SELECT p.case_id, a.id, s.number || '-' || p.g, {', '.join(exprs)} FROM bench_map p "
        "JOIN cases_supervisionnotice s ON s.case_id = p.seed "
        "LEFT JOIN cases_assignment sa ON sa.id = s.assignment_id "
        "LEFT JOIN cases_assignment a ON a.case_id = p.case_id AND a.unit_id = sa.unit_id"
    )
    cursor.execute("DROP TABLE bench_map")
    cursor.execute("DROP TABLE bench_plan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the bench_dashboard database")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--index", action="store_true", help="time again with the candidate indexes")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest query")
    parser.add_argument("--now", help="the clock of the run, ISO 8601 (default: now)")
    parser.add_argument("--live", action="store_true", help="also time the figures without roll-ups")
    parser.add_argument("--load-only", action="store_true", help="load the data, keep it, and stop")
    parser.add_argument("--reuse", action="store_true", help="time the data a --load-only or --keep run left")
    args = parser.parse_args()
    if args.load_only:
        args.keep = True

    url = url_of(args.database_url, DB_NAME) if args.reuse else recreate(args.database_url, DB_NAME)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bancheng.settings.local",
        DATABASE_URL=url,
        BANCHENG_VAR_DIR=tempfile.mkdtemp(prefix="dashboard_bench_"),
        BANCHENG_SCHEDULER="0",
    )
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False
    from django.urls import reverse

    reverse("cases:list")  # load the URLconf now: the run imports nothing from the tree later
    try:
        return run(args, call_command, connection)
    finally:
        connection.close()
        if not args.keep:
            drop(args.database_url, DB_NAME)


def load(args: Any, connection: Any) -> Any:
    from bancheng.cases.models import Case

    seeds, org = seed_cases()
    assert set(Case.objects.values_list("state", flat=True)) == {"closed"}, "every seed closes"
    with connection.cursor() as cursor:
        start = time.perf_counter()
        copy_cases(cursor, seeds, args.cases - len(seeds))
        print(f"load {args.cases - len(seeds):,} cases with their rows (INSERT … SELECT): "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        start = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE {time.perf_counter() - start:.1f} s")
        for table in ("case", "assignment", "deadline", "followupvisit", "supervisionnotice"):
            cursor.execute(f"SELECT count(*) FROM cases_{table}")
            print(f"  cases_{table}: {cursor.fetchone()[0]:,} rows")
    return org


def run(args: Any, call_command: Any, connection: Any) -> int:
    from django.db.models import QuerySet
    from django.utils import timezone

    from bancheng.cases.models import Case
    from bancheng.dashboard import selectors as sel
    from bancheng.domain.kpi import Grouping, Kpi, Period, PeriodKind

    print(f"PostgreSQL database {DB_NAME}; {args.cases:,} closed cases")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate {time.perf_counter() - start:.1f} s")
    if args.reuse:
        from tests.support import Org

        from bancheng.org.models import Staff, Unit

        org = Org({u.code: u for u in Unit.objects.all()}, {s.username: s for s in Staff.objects.all()})
        print(f"reusing {Case.objects.count():,} cases")
    else:
        org = load(args, connection)
        if args.load_only:
            return 0

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM cases_case")
            cursor.fetchone()

    leader = org.leader
    now = datetime.fromisoformat(args.now) if args.now else timezone.now()
    print(f"clock {now.isoformat()}")
    year = Period.of(PeriodKind.YEAR, date(2026, 6, 1))
    month = Period.of(PeriodKind.MONTH, date(2026, 6, 1))
    cases: QuerySet[Case] = Case.objects.all()

    def measure(kpi: Kpi, period: Period, grouping: Grouping = Grouping.ALL) -> Any:
        return sel._measure(kpi, cases, period, now, grouping)

    work = {
        "即时转办率 (year)": lambda: measure(Kpi.PROMPT_TRANSFER, year),
        "按期答复率 (year)": lambda: measure(Kpi.ON_TIME_FEEDBACK, year),
        "按期整改率 (year)": lambda: measure(Kpi.ON_TIME_RECTIFICATION, year),
        "满意率 (year)": lambda: measure(Kpi.SATISFIED, year),
        "受理量 by category (year)": lambda: measure(Kpi.REGISTERED, year, Grouping.CATEGORY),
        "按期整改率 by unit (year)": lambda: measure(Kpi.ON_TIME_RECTIFICATION, year, Grouping.UNIT),
        "weekly trend, 4 series": lambda: sel._trend(cases, year, PeriodKind.WEEK, sel.TREND_WEEKS, now),
        "monthly trend, 4 series": lambda: sel._trend(cases, year, PeriodKind.MONTH, sel.TREND_MONTHS, now),
        "dashboard JSON, month": lambda: sel.dashboard_data(leader, month, now=now),
        "dashboard JSON, year": lambda: sel.dashboard_data(leader, year, now=now),
        "supervision board, year": lambda: sel.supervision_board(leader, year, now=now),
    }

    def report(label: str) -> dict[str, float]:
        base, _ = best(baseline, args.repeats)
        print(f"\n{label}\nbaseline SELECT count(*) FROM cases_case: {base * 1000:.1f} ms")
        print(f"{'figure':<30} {'ms':>9} {'× baseline':>11}")
        found = {}
        for name, fn in work.items():
            t, _ = best(fn, args.repeats)
            found[name] = t
            print(f"{name:<30} {t * 1000:>9.1f} {t / base:>11.2f}")
        return found

    from bancheng.stats import rollups
    from bancheng.stats.models import DailyRollup, RollupCoverage

    if args.live:
        RollupCoverage.objects.all().delete()
        report("live (no roll-ups)")
    RollupCoverage.objects.all().delete()
    start = time.perf_counter()
    counts = rollups.refresh(now)
    print(f"\nroll-up build, every day ({counts['days']} days): {time.perf_counter() - start:.1f} s, "
          f"{DailyRollup.objects.count():,} rows")  # fmt: skip
    start = time.perf_counter()
    counts = rollups.refresh(now)
    print(f"roll-up refresh, the periodic job ({counts['days']} days): {time.perf_counter() - start:.1f} s")
    report("with the daily roll-ups (today and later live)")
    if args.explain:
        from django.db.models import Q

        from bancheng.cases.models import Deadline

        qs = Deadline.objects.filter(
            due_at__gte=year.start, due_at__lt=year.end, case__in=cases.values("pk"), cancelled_at=None,
            kind__in=["assignment"],
        ).filter(Q(met_at__isnull=False) | Q(due_at__lt=now))  # fmt: skip
        sql, params = qs.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (" + sql + ") q", params)
            print("\n-- EXPLAIN 按期整改率 (year)\n" + "\n".join("   " + r[0] for r in cursor.fetchall()))
    if args.index:
        with connection.cursor() as cursor:
            for statement in INDEXES:
                cursor.execute(statement)
            cursor.execute("ANALYZE")
        report("with the candidate indexes: " + "; ".join(s.split(" ON ")[1] for s in INDEXES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The deadline sweep over many open cases, on PostgreSQL: one sweep where nothing changes, one where a share
of the cases goes due soon or overdue (reminders, automatic notices), and the rerun for the same minute.

Run: ``python bench/sweep_bench.py [--cases 1000000] [--changed 0.01] [--database-url postgres://...]``.
The script (re)creates the database ``bench_sweep`` next to the one the URL names (dropped at the end unless
``--keep``), migrates it, loads the shenyang preset and the demo organization, and walks three seed cases
through the real actions (register, assess, transfer, sign for) at three times so that, at the sweep's minute,
one seed's deadlines are overdue, one's due soon and one's on track. The open cases are then copies of the
on-track seed made with set-based SQL (``INSERT … SELECT`` over ``generate_series``: cases, their assignment
and their two open deadlines), which is benchmark fixture data, not product code. The ``--changed`` share is
loaded afterwards as copies of the overdue and due-soon seeds (half each).

Baseline in the same run, on the same connection: ``SELECT count(*)`` of the open deadlines (a scan of what a
naive sweep would load). Every sweep figure is also given as a ratio to it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from scratch_db import drop, recreate

ROOT = Path(__file__).resolve().parent.parent

DB_NAME = "bench_sweep"


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def seeds(now: Any) -> dict[str, int]:
    """Three real cases: late (signed for 8 working days before), soon (due within the hour), far."""
    from tests.support import Org

    from bancheng.cases import actions as act
    from bancheng.cases.models import Case
    from bancheng.demo.organization import build_organization, build_people
    from bancheng.policies.services import install_preset

    install_preset("shenyang")
    units = build_organization("shenyang")
    org = Org(units, build_people(units))

    def case_at(when: Any) -> Case:
        case = org.in_handling(when)
        act.sign_for_assignment(case.assignments.get(), actor=org.handler, now=when)
        return case

    far = case_at(now - timedelta(hours=1))
    soon_start = now - timedelta(days=7)
    soon = case_at(soon_start)
    # move the sweep minute to one hour before the due-soon seed's assignment deadline
    return {"far": far.pk, "soon": soon.pk, "late": case_at(soon_start - timedelta(days=7)).pk}


def columns(model: Any, skip: set[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


def copy_cases(cursor: Any, seed: int, count: int, prefix: str) -> None:
    """``count`` copies of case ``seed`` with their assignment, open feedback/assignment deadlines and
    stream head."""
    from bancheng.cases.models import Assignment, Case, Deadline

    case_cols = columns(Case, {"id", "number"})
    cursor.execute("DROP TABLE IF EXISTS bench_plan")
    cursor.execute(
        "CREATE UNLOGGED TABLE bench_plan AS SELECT g, %s || g AS number FROM generate_series(1, %s) g",
        [prefix, count],
    )
    cursor.execute(
        f"INSERT INTO cases_case (number, {', '.join(case_cols)}) "
        f"SELECT p.number, {', '.join('s.' + c for c in case_cols)} FROM cases_case s, bench_plan p "
        "WHERE s.id = %s",
        [seed],
    )
    a_cols = columns(Assignment, {"id", "case_id"})
    cursor.execute(
        f"INSERT INTO cases_assignment (case_id, {', '.join(a_cols)}) "
        f"SELECT c.id, {', '.join('s.' + c for c in a_cols)} FROM cases_assignment s, cases_case c "
        "JOIN bench_plan p ON p.number = c.number WHERE s.case_id = %s",
        [seed],
    )
    d_cols = columns(Deadline, {"id", "case_id", "assignment_id", "status", "supervised_at"})
    cursor.execute(
        f"INSERT INTO cases_deadline (case_id, assignment_id, status, {', '.join(d_cols)}) "
        f"SELECT c.id, CASE WHEN s.assignment_id IS NULL THEN NULL ELSE a.id END, 'on_track', "
        f"{', '.join('s.' + c for c in d_cols)} "
        "FROM cases_deadline s, cases_case c JOIN bench_plan p ON p.number = c.number "
        "JOIN cases_assignment a ON a.case_id = c.id "
        "WHERE s.case_id = %s AND s.kind IN ('feedback', 'assignment')",
        [seed],
    )
    # every real case has its stream head (written with its registration event); the copies' chains start
    # from the seed's head (their earlier events are not copied)
    cursor.execute(
        "INSERT INTO audit_streamhead (stream, seq, hash) SELECT 'case:' || c.id, h.seq, h.hash "
        "FROM audit_streamhead h, cases_case c JOIN bench_plan p ON p.number = c.number "
        "WHERE h.stream = 'case:' || %s",
        [seed],
    )
    cursor.execute("DROP TABLE bench_plan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--changed", type=float, default=0.01, help="share of cases going late or due soon")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the bench_sweep database")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the changing sweep (cProfile)")
    args = parser.parse_args()

    url = recreate(args.database_url, DB_NAME)
    var_dir = tempfile.mkdtemp(prefix="sweep_bench_")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bancheng.settings.local",
        DATABASE_URL=url,
        BANCHENG_VAR_DIR=var_dir,
        BANCHENG_SCHEDULER="0",
    )
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False
    try:
        return run(args, call_command, connection)
    finally:
        connection.close()
        if not args.keep:
            drop(args.database_url, DB_NAME)


def run(args: Any, call_command: Any, connection: Any) -> int:
    from django.db.models import Q
    from tests.support import shanghai

    from bancheng.cases.chase import assignments_to_supervise, run_sweep
    from bancheng.cases.models import Case, Deadline
    from bancheng.cases.recompute import mark_deadlines  # noqa: F401  (the sweep's first step)

    print(f"PostgreSQL database {DB_NAME}; {args.cases:,} open cases; changed share {args.changed:.2%}")
    t, _ = timed(lambda: call_command("migrate", verbosity=0))
    print(f"migrate {t:.1f} s")
    start = shanghai(2026, 3, 23, 10, 0)
    ids = seeds(start)
    soon_due = Deadline.objects.get(case_id=ids["soon"], kind="assignment").due_at
    now = soon_due - timedelta(hours=1)
    print(f"sweep minute {now.isoformat()}")
    # settle the seeds at the sweep minute, so that the copies start from known statuses
    run_sweep(now=now)
    assert Deadline.objects.get(case_id=ids["late"], kind="assignment").status == "overdue"
    assert Deadline.objects.get(case_id=ids["soon"], kind="assignment").status == "due_soon"
    assert Deadline.objects.get(case_id=ids["far"], kind="assignment").status == "on_track"

    changed = int(args.cases * args.changed)
    with connection.cursor() as cursor:
        t, _ = timed(lambda: copy_cases(cursor, ids["far"], args.cases - changed, "BENCH-F-"))
        print(f"load {args.cases - changed:,} on-track cases (INSERT … SELECT): {t:.1f} s")
        t, _ = timed(lambda: cursor.execute("VACUUM ANALYZE"))
        print(f"VACUUM ANALYZE {t:.1f} s")

    def baseline() -> float:
        with connection.cursor() as cursor:
            t, _ = timed(
                lambda: (
                    cursor.execute(
                        "SELECT count(*) FROM cases_deadline WHERE met_at IS NULL AND cancelled_at IS NULL"
                    )
                    or cursor.fetchone()
                )
            )
        return t

    def explain(label: str, queryset: Any) -> None:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        print(f"-- EXPLAIN {label}")
        for line in plan:
            print("   " + line)

    from bancheng.cases.recompute import _open_deadlines

    open_cases = Case.objects.filter(state="handling").count()
    print(f"open cases {open_cases:,}, open deadlines {_open_deadlines().count():,}")
    base = min(baseline() for _ in range(args.repeats))
    idle = []
    for _ in range(args.repeats):
        t, counts = timed(lambda: run_sweep(now=now))
        assert counts["cases"] == counts["notices"] == 0, counts
        idle.append(t)
    print(f"baseline count(*) of open deadlines: {base * 1000:.1f} ms")
    print(
        f"sweep, nothing changes: {min(idle) * 1000:.1f} ms (best of {args.repeats}), {min(idle) / base:.2f}x baseline"
    )

    candidates = (
        Deadline.objects.filter(met_at=None, cancelled_at=None, paused_at=None)
        .filter(status__in=["on_track", "due_soon"])
        .filter(Q(status="on_track", due_at__lte=now + timedelta(hours=3)) | Q(due_at__lte=now))
        .exclude(case__state="archived")
        .values_list("case_id", "pk")
    )
    explain("mark_deadlines candidates", candidates)
    explain("assignments_to_supervise", assignments_to_supervise().values_list("pk", flat=True))

    with connection.cursor() as cursor:
        t1, _ = timed(lambda: copy_cases(cursor, ids["late"], changed // 2, "BENCH-L-"))
        t2, _ = timed(lambda: copy_cases(cursor, ids["soon"], changed - changed // 2, "BENCH-S-"))
        cursor.execute("ANALYZE cases_case")
        cursor.execute("ANALYZE cases_deadline")
        cursor.execute("ANALYZE cases_assignment")
    print(f"load {changed:,} late / due-soon cases: {t1 + t2:.1f} s")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        t, counts = timed(lambda: profile.runcall(run_sweep, now=now))
        pstats.Stats(profile).sort_stats("cumulative").print_stats(70)
    else:
        t, counts = timed(lambda: run_sweep(now=now))
    print(
        f"sweep, {changed:,} cases change: {t:.1f} s, {t / base:.0f}x baseline, "
        f"{t / max(counts['cases'], 1) * 1000:.1f} ms per changed case; counts {counts}"
    )
    t, again = timed(lambda: run_sweep(now=now))
    assert again["cases"] == again["notices"] == again["escalations"] == 0, again
    print(f"the same minute again: {t * 1000:.1f} ms, {t / base:.2f}x baseline; counts {again}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Cases through their whole lifecycle, action by action, on SQLite or PostgreSQL.

Run: ``python bench/lifecycle_bench.py [--cases N] [--database-url postgres://...]``. Each case walks
register → assess → transfer → sign_for → record_resolution → give_feedback → record_visit → close through
the real actions (``bancheng.cases.actions``), one transaction each, on a throw-away database: a fresh SQLite
file in a temporary directory, or a new database created next to the one the PostgreSQL URL names and dropped
at the end. The audit chain is verified afterwards.

Figures are also given as ratios to a bare baseline measured in the same run on the same database: one
``transaction.atomic()`` holding one INSERT and one SELECT on a scratch table (and a plain ``SELECT 1``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bancheng.domain.lifecycle import CaseAction  # plain Python: importable before django.setup()

# The event codes of the path every case walks, in order; timings are kept under the same codes.
ACTIONS = tuple(
    a.value
    for a in (
        CaseAction.REGISTER,
        CaseAction.ASSESS,
        CaseAction.TRANSFER,
        CaseAction.SIGN_FOR,
        CaseAction.RECORD_RESOLUTION,
        CaseAction.GIVE_FEEDBACK,
        CaseAction.RECORD_VISIT,
        CaseAction.CLOSE,
    )
)
BASELINE_ROUNDS = 2000


# ---- the throw-away database -------------------------------------------------------------------------


@contextmanager
def scratch_database(url: str | None, var_dir: Path) -> Iterator[tuple[str, str]]:
    """Yield (DATABASE_URL, description) of an empty database that is removed afterwards."""
    if not url:
        path = var_dir / "bench.sqlite3"
        yield f"sqlite:///{path}", f"SQLite file {path}"
        return
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"--database-url: only PostgreSQL URLs are supported, got {parts.scheme!r}")
    import psycopg

    name = f"bancheng_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), f"PostgreSQL database {name} (dropped afterwards)"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---- measuring -------------------------------------------------------------------------------------------


@dataclass
class Timings:
    samples: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTIONS})

    def run(self, kind: str, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = call()
        self.samples[kind].append(time.perf_counter() - started)
        return result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]  # nearest rank


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def baseline(vendor: str) -> dict[str, float]:
    """Seconds per bare round trip on the same connection: ``SELECT 1``, and a transaction with one INSERT
    and one SELECT on a scratch table."""
    from django.db import connection, transaction

    key = "bigserial primary key" if vendor == "postgresql" else "integer primary key autoincrement"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_scratch (id {key}, note varchar(40) NOT NULL)")
    try:
        with connection.cursor() as cursor:
            started = time.perf_counter()
            for _ in range(BASELINE_ROUNDS):
                cursor.execute("SELECT 1")
                cursor.fetchone()
            select_one = (time.perf_counter() - started) / BASELINE_ROUNDS
        started = time.perf_counter()
        for i in range(BASELINE_ROUNDS):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("INSERT INTO bench_scratch (note) VALUES (%s)", [f"row {i}"])
                cursor.execute("SELECT id, note FROM bench_scratch WHERE note = %s", [f"row {i}"])
                cursor.fetchall()
        insert_select = (time.perf_counter() - started) / BASELINE_ROUNDS
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_scratch")
    return {"select_1": select_one, "tx_insert_select": insert_select}


# ---- the cases -----------------------------------------------------------------------------------------


def working_days_2026(cal: Any) -> list[date]:
    days, day = [], date(2026, 1, 1)
    while day.year == 2026:
        if cal.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days[:-2]  # every case needs two more working days after its first


def at(day: date, hour: int, minute: int = 0) -> datetime:
    from bancheng.domain.calendar import TZ

    return datetime.combine(day, clock_time(hour, minute), tzinfo=TZ)


def walk_case(i: int, days: list[date], cal: Any, org: dict[str, Any], timings: Timings) -> None:
    """One case, one action after another, each in its own transaction as a user would do them."""
    from bancheng.cases import actions as act

    officer, handler, unit = org["officer"], org["handler"], org["unit"]
    first = days[i % len(days)] if org["cycle"] else days[i * len(days) // org["cases"]]
    second = cal.next_working_day(first)
    third = cal.next_working_day(second)
    t0 = at(first, 9) + timedelta(minutes=i % 120)  # 09:00–10:59, inside opening hours
    case = timings.run(
        "register",
        lambda: act.register_case(
            actor=officer,
            now=t0,
            channel="onsite",
            requester_name=f"诉求人{i}",
            requester_phone=f"138{i:08d}",
            business="住房公积金提取",
            problem="提取申请被退回三次，每次说法不同",
        ),
    )
    timings.run(
        "assess",
        lambda: act.assess_case(
            case,
            actor=officer,
            category="withdrawal",
            nature="service",
            case_class="general",
            disposal="transfer",
            now=t0 + timedelta(minutes=5),
        ),
    )
    created = timings.run(
        "transfer",
        lambda: act.transfer_case(
            case, actor=officer, to=[act.TransferTo(unit.pk, "请核实并答复")], now=t0 + timedelta(minutes=10)
        ),
    )
    assignment = created[0]
    timings.run(
        "sign_for",
        lambda: act.sign_for_assignment(assignment, actor=handler, now=t0 + timedelta(minutes=20)),
    )
    timings.run(
        "record_resolution",
        lambda: act.record_resolution(assignment, actor=handler, resolution="已更正数据", now=at(second, 14)),
    )
    timings.run(
        "give_feedback",
        lambda: act.give_feedback(
            case, actor=officer, feedback="已告知结果", solved=True, now=at(second, 15)
        ),
    )
    timings.run(
        "record_visit",
        lambda: act.record_visit(
            case, actor=officer, contacted=True, solved=True, satisfaction="satisfied", now=at(third, 10)
        ),
    )
    timings.run("close", lambda: act.close_case(case, actor=officer, now=at(third, 10, 5)))


def query_counts(days: list[date], cal: Any, org: dict[str, Any]) -> dict[str, int]:
    """Statements per action, taken from one extra case before the timed run (it also warms the caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, int] = {}

    class Counting(Timings):
        def run(self, kind: str, call: Callable[[], Any]) -> Any:
            with CaptureQueriesContext(connection) as captured:
                result = call()
            counts[kind] = len(captured)
            return result

    walk_case(0, days, cal, {**org, "cycle": True}, Counting())
    return counts


# ---- the run -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000, help="cases to walk (default 10000)")
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL URL; a database is created beside it (default SQLite)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bancheng-bench-") as tmp:
        var_dir = Path(tmp)
        with scratch_database(args.database_url or None, var_dir) as (url, where):
            os.environ["DJANGO_SETTINGS_MODULE"] = "bancheng.settings.local"
            os.environ["DATABASE_URL"] = url
            os.environ["BANCHENG_VAR_DIR"] = str(var_dir)
            os.environ["BANCHENG_SCHEDULER"] = "0"
            figures = run(args.cases, where)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 0 if figures["chain"]["breach"] is None else 1


def run(cases: int, where: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings

    # settings.local turns DEBUG on, which wraps every cursor to keep a log of its statements; production
    # does not, so neither does the timed run.
    settings.DEBUG = False

    from django.core.management import call_command
    from django.db import connection

    from bancheng.audit.chain import verify_chain
    from bancheng.audit.models import Event
    from bancheng.calendars.services import get_calendar
    from bancheng.demo.organization import build_organization, build_people
    from bancheng.policies.services import install_preset

    figures: dict[str, Any] = {"database": where, "vendor": connection.vendor, "cases": cases}
    if connection.vendor == "sqlite":
        figures["server_version"] = "SQLite " + connection.Database.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            figures["server_version"] = "PostgreSQL " + cursor.fetchone()[0]
    print(f"lifecycle_bench: {cases} cases on {where} ({figures['server_version']})", file=sys.stderr)

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    figures["migrate_s"] = time.perf_counter() - started
    started = time.perf_counter()
    install_preset("shenyang")
    units = build_organization("shenyang")
    people = build_people(units)
    figures["setup_s"] = time.perf_counter() - started

    cal = get_calendar()
    days = working_days_2026(cal)
    org = {
        "officer": people["officer"],
        "handler": people["handler"],
        "unit": units["DEP-1"],
        "cases": cases,
        "cycle": False,
    }
    figures["baseline_s"] = baseline(connection.vendor)
    figures["queries_per_action"] = query_counts(days, cal, org)

    events_before = Event.objects.count()
    timings = Timings()
    started = time.perf_counter()
    for i in range(cases):
        walk_case(i, days, cal, org, timings)
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    elapsed = time.perf_counter() - started
    events = Event.objects.count() - events_before
    figures["run"] = {"seconds": elapsed, "events": events}
    figures["actions"] = {
        kind: {"count": len(v), "mean_s": mean(v), "p95_s": p95(v), "total_s": sum(v)}
        for kind, v in timings.samples.items()
    }

    started = time.perf_counter()
    verification = verify_chain()
    figures["chain"] = {
        "checked": verification.checked,
        "seconds": time.perf_counter() - started,
        "breach": None if verification.breach is None else repr(verification.breach),
    }
    return figures


def report(f: dict[str, Any]) -> None:
    base = f["baseline_s"]["tx_insert_select"]
    run = f["run"]
    all_actions = list(f["actions"].values())
    per_action = sum(a["total_s"] for a in all_actions) / sum(a["count"] for a in all_actions)
    per_case = run["seconds"] / f["cases"]
    print(f"lifecycle_bench — {f['cases']} cases on {f['database']} ({f['server_version']})")
    print(f"  migrate {f['migrate_s']:.1f} s, preset + demo organization {f['setup_s']:.1f} s")
    print(
        f"  baseline: SELECT 1 {f['baseline_s']['select_1'] * 1e3:.3f} ms, "
        f"atomic() + INSERT + SELECT {base * 1e3:.3f} ms (mean of {BASELINE_ROUNDS})"
    )
    print()
    print(f"  {'action':<18} {'n':>6} {'mean ms':>8} {'p95 ms':>8} {'queries':>7} {'× baseline':>10}")
    for kind, a in f["actions"].items():
        print(
            f"  {kind:<18} {a['count']:>6} {a['mean_s'] * 1e3:>8.2f} {a['p95_s'] * 1e3:>8.2f} "
            f"{f['queries_per_action'].get(kind, 0):>7} {a['mean_s'] / base:>9.1f}×"
        )
    print(
        f"  {'every action':<18} {sum(a['count'] for a in all_actions):>6} {per_action * 1e3:>8.2f} "
        f"{'':>8} {sum(f['queries_per_action'].values()):>7} {per_action / base:>9.1f}×"
    )
    print()
    print(
        f"  {f['cases'] / run['seconds']:.1f} cases/s ({per_case * 1e3:.1f} ms per case = "
        f"{per_case / base:.0f}× the baseline transaction), {run['events'] / run['seconds']:.0f} events/s, "
        f"{run['seconds']:.1f} s in all"
    )
    chain = f["chain"]
    verdict = "intact" if chain["breach"] is None else f"BROKEN: {chain['breach']}"
    print(
        f"  verify_chain: {chain['checked']} events checked in {chain['seconds']:.2f} s "
        f"({chain['checked'] / chain['seconds']:.0f} events/s), chain {verdict}"
    )


if __name__ == "__main__":
    sys.exit(main())

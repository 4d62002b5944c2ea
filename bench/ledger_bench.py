"""Ledger export of N cases (default 1,000,000): the streaming ``write_ledger`` against a naive openpyxl
export, each timed and measured for peak memory in a process of its own, on the same database rows.

Run: ``python bench/ledger_bench.py [--rows N] [--database-url postgres://...|--sqlite] [--skip-naive]``.

The script makes a throw-away database (a PostgreSQL database next to the one the URL names, or a SQLite file
in a temporary directory), migrates it, loads the demo organization and cases through the real actions
(``bancheng demo``), then grows them to N cases with set-based ``INSERT ... SELECT`` (each pass copies the rows
so far under new numbers; every other case gets a resolved assignment to a department, so the units column is
read as in real life). That is benchmark fixture data, not product code. Then, each in a fresh Python process:

- ``streaming``: ``bancheng.ledger.exports.write_ledger(Case.objects.all(), shenyang layout, file.xlsx)``;
- ``naive``: what one writes without thinking about size: load every case with ``select_related`` and
  ``prefetch_related`` into a list, ``openpyxl.Workbook()``, ``ws.append`` each row, ``wb.save``.

Each child reports its wall time and its peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``).
The files are checked: the row count of each, and the first data rows of both are the same. The database is
dropped at the end, also on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PEAK_TARGET_MB = 300  # DESIGN.md "Speed targets": ledger export, 1,000,000 rows
SPEEDUP_TARGET = 3.0


@contextmanager
def scratch_database(url: str | None, workdir: Path) -> Iterator[str]:
    """Yield the DATABASE_URL of a new, empty database that is dropped afterwards."""
    if url is None:
        yield f"sqlite:///{workdir / 'ledger-bench.sqlite3'}"
        return
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"--database-url: only PostgreSQL URLs are supported, got {parts.scheme!r}")
    import psycopg

    name = f"bancheng_ledger_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _django(database_url: str, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["BANCHENG_VAR_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bancheng.settings.base"  # DEBUG off: no query log in memory
    import django

    django.setup()


def build(rows: int) -> dict[str, Any]:
    """Migrate, load the demo through the actions, grow to ``rows`` cases with set-based SQL."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from bancheng.cases.models import Assignment, Case
    from bancheng.org.models import Unit

    started = time.perf_counter()
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    case_table = Case._meta.db_table
    columns = [f.column for f in Case._meta.concrete_fields if f.column != "id"]
    copied = ", ".join(
        {"number": "'SY-BENCH-' || %s || '-' || id", "submission_key": "''"}.get(c, f'"{c}"') for c in columns
    )
    names = ", ".join(f'"{c}"' for c in columns)
    n = 0
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {case_table}")
        have = cur.fetchone()[0]
        while have < rows:
            n += 1
            take = min(have, rows - have)
            with transaction.atomic():
                cur.execute(
                    f"INSERT INTO {case_table} ({names}) SELECT {copied} FROM {case_table} "
                    f"WHERE id IN (SELECT id FROM {case_table} ORDER BY id LIMIT %s)",
                    [str(n), take],
                )
            have += take
        unit = Unit.objects.get(code="DEP-GJ")
        table = Assignment._meta.db_table
        with transaction.atomic():
            cur.execute(
                f"INSERT INTO {table} (case_id, unit_id, instructions, limit_amount, limit_unit, state, "
                f"transferred_at, transferred_by_id, resolution, resolved_at, return_reason, urge_count) "
                f"SELECT c.id, %s, '请核实并答复', 5, 'working_days', 'resolved', c.registered_at, c.officer_id, "
                f"'已答复', c.closed_at, '', 0 FROM {case_table} c "
                f"WHERE c.id %% 2 = 0 AND NOT EXISTS (SELECT 1 FROM {table} a WHERE a.case_id = c.id)",
                [unit.pk],
            )
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE")
    return {"cases": Case.objects.count(), "assignments": Assignment.objects.count(),
            "seconds": round(time.perf_counter() - started, 1), "passes": n}  # fmt: skip


def run_streaming(out: Path) -> int:
    from bancheng.cases.models import Case
    from bancheng.domain.policy import SHENYANG
    from bancheng.ledger.exports import write_ledger

    return write_ledger(Case.objects.all(), SHENYANG.ledger_layout, out)


def run_naive(out: Path) -> int:
    """The naive export: everything in lists first, then an ordinary openpyxl workbook, then save."""
    from openpyxl import Workbook

    from bancheng.cases.models import Case
    from bancheng.domain.ledger import LedgerRow, cell
    from bancheng.domain.lifecycle import CaseState
    from bancheng.domain.policy import SHENYANG
    from bancheng.policies.services import policy_of

    layout = SHENYANG.ledger_layout
    policies: dict[int, Any] = {}
    cases = list(
        Case.objects.select_related("officer", "branch")
        .prefetch_related("assignments__unit")
        .order_by("registered_at", "pk")
    )
    table = []
    for seq, c in enumerate(cases, start=1):
        policy = policies.get(c.policy_version_id) or policies.setdefault(
            c.policy_version_id, policy_of(c.policy_version_id)
        )
        klass = next((k for k in policy.classes if k.code == c.case_class), None)
        row = LedgerRow(
            seq=seq,
            number=c.number,
            registered_at=c.registered_at,
            officer=c.officer.full_name or c.officer.username,
            category=next((x.label for x in policy.categories if x.code == c.category), c.category),
            requester_name=c.requester_name,
            requester_phone=c.requester_phone,
            problem=c.problem,
            units=tuple(dict.fromkeys(a.unit.name for a in c.assignments.all() if a.state != "cancelled")),
            resolution=c.resolution or c.feedback,
            closed_at=c.closed_at,
            visit=next(
                (x.label for x in policy.satisfaction_scale if x.code == c.satisfaction), c.satisfaction
            ),
            remarks="" if c.state in {"closed", "archived"} else CaseState(c.state).label,
            case_class=klass.label if klass else "",
            class_limit=klass.feedback_limit.label if klass else "",
        )
        table.append([cell(col.source, row) for col in layout])
    book = Workbook()
    sheet = book.active
    sheet.append([col.label for col in layout])
    for values in table:
        sheet.append(values)
    book.save(out)
    return len(table)


def child(kind: str, out: Path, rows_wanted: int) -> None:
    if kind == "build":
        import logging

        logging.disable(logging.INFO)  # the demo's documents log every page they lay out
        print(json.dumps(build(rows_wanted)))
        return
    started = time.perf_counter()
    rows = {"streaming": run_streaming, "naive": run_naive}[kind](out)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"kind": kind, "rows": rows, "seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024, 1)}
        )
    )


def measure(kind: str, database_url: str, workdir: Path, rows: int = 0) -> dict[str, Any]:
    """Run one step in a fresh process. The parent never loads Django: on Linux a child's ``ru_maxrss``
    starts from its parent's at fork, so a fat parent would inflate every child's peak."""
    out = workdir / f"{kind}.xlsx"
    command = [sys.executable, __file__, "--child", kind, "--database-url-child", database_url]
    command += ["--workdir", str(workdir), "--rows", str(rows)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return {"kind": kind, "error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if kind == "build":
        return result
    result["file_mb"] = round(out.stat().st_size / 2**20, 1)
    return result


def check(workdir: Path, results: list[dict[str, Any]]) -> str:
    """The streaming file holds N rows after the headings, and its first rows equal the naive file's."""
    from openpyxl import load_workbook

    firsts = {}
    for r in results:
        if "error" in r:
            continue
        book = load_workbook(workdir / f"{r['kind']}.xlsx", read_only=True)
        sheet = book.worksheets[0]
        firsts[r["kind"]] = [
            list(v) for _, v in zip(range(50), sheet.iter_rows(values_only=True), strict=False)
        ]
        book.close()
    if len(firsts) == 2 and firsts["streaming"] != firsts["naive"]:
        return "first 50 rows DIFFER"
    return "first 50 rows identical" if len(firsts) == 2 else "streaming only"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--child", choices=["build", "streaming", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url-child", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.child:
        _django(args.database_url_child, Path(args.workdir))
        child(args.child, Path(args.workdir) / f"{args.child}.xlsx", args.rows)
        return
    url = None if args.sqlite else (args.database_url or "postgres://postgres@127.0.0.1:5432/postgres")
    workdir = Path(tempfile.mkdtemp(prefix="bancheng-ledger-bench-"))
    try:
        with scratch_database(url, workdir) as database_url:
            vendor = "sqlite" if url is None else "postgresql"
            print(f"building {args.rows:,} cases on {vendor} …", flush=True)
            data = measure("build", database_url, workdir, args.rows)
            if "error" in data:
                raise SystemExit(f"building the data failed: {data['error']}")
            print(f"data: {data}", flush=True)
            results = [measure("streaming", database_url, workdir)]
            print(results[-1], flush=True)
            if not args.skip_naive:
                results.append(measure("naive", database_url, workdir))
                print(results[-1], flush=True)
            verdict = check(workdir, results)
            report(args.rows, vendor, data, results, verdict)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(rows: int, vendor: str, data: dict[str, Any], results: list[dict[str, Any]], verdict: str) -> None:
    print()
    print(
        f"Ledger export, {rows:,} rows, shenyang layout, {vendor}; {platform.python_version()}, {os.cpu_count()} cores"
    )
    print(f"data: {data['cases']:,} cases, {data['assignments']:,} assignments, built in {data['seconds']} s")
    print("| export | rows | time | rows/s | peak memory (RSS) | file |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    by = {r["kind"]: r for r in results}
    for r in results:
        if "error" in r:
            print(f"| {r['kind']} | failed: {r['error']} | | | | |")
            continue
        print(
            f"| {r['kind']} | {r['rows']:,} | {r['seconds']:.1f} s | {r['rows'] / r['seconds']:,.0f} | "
            f"{r['peak_mb']:,.0f} MB | {r['file_mb']} MB |"
        )
    s = by.get("streaming", {})
    if "peak_mb" in s:
        print(
            f"peak memory target < {PEAK_TARGET_MB} MB: {'met' if s['peak_mb'] < PEAK_TARGET_MB else 'MISSED'}"
        )
    nv = by.get("naive", {})
    if "seconds" in s and "seconds" in nv:
        speedup = nv["seconds"] / s["seconds"]
        print(
            f"speed-up over naive: {speedup:.1f}x (target >= {SPEEDUP_TARGET}x: {'met' if speedup >= SPEEDUP_TARGET else 'MISSED'})"
        )
    print(f"check: {verdict}")


if __name__ == "__main__":
    main()

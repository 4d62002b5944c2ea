"""The officer's pages under 20 concurrent users, with 100,000 cases, on PostgreSQL and the production server.

Run: ``python bench/pages_bench.py [--cases N] [--requests N] [--database-url postgres://...]``. The script
creates a throw-away database next to the one the URL names, loads the demo organization and demo cases
(``bancheng demo``), grows them to N cases, starts ``bancheng serve`` (gunicorn, production settings) on a
free loopback port, signs 20 clients in as the demo case officer and times, one page at a time, the home
page, two filtered case lists and the case page. The database is dropped at the end, also on failure.

Growing to 100,000 cases through the actions would take most of an hour, so only a few hundred seed cases go
through the real actions (``bancheng.cases.actions``); the rest are copies of them made with set-based SQL
(new ids, numbers, requesters and dates; their assignments, deadlines, pauses, visits and events copied too,
so case pages have content). That is benchmark fixture data, not product code.

Every figure is also given as a ratio to a baseline measured the same way in the same run against the same
server: ``/healthz``, a bare Django view that runs ``SELECT 1``, requested by the same signed-in clients.
"""

from __future__ import annotations

import argparse
import http.client
import io
import itertools
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "banCheng-demo-2026"  # bancheng.demo.organization.DEMO_PASSWORD
LIST_TARGET_P95_S = (
    0.110  # DESIGN.md "Speed targets": a list page, 25 rows, filtered and sorted, 100,000 cases
)
CASE_TARGET_P50_S = 0.020  # DESIGN.md "Speed targets": the case page
PAGE_ROWS = 25
ROW = re.compile(rb'<tr>\s*<td><a href="/cases/\d+/">')
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

# Seed cases: what each one is walked to (by its index modulo 20). Old copies are made from the ended ones.
SEED_PATHS = (
    ["registered", "assessed", "transferred", "handling", "handling", "handling", "paused", "answered"]
    + ["visited", "out_of_scope", "withdrawn", "archived", "archived"]
    + ["closed"] * 7
)
ENDED = {"out_of_scope", "withdrawn", "closed", "archived"}
MATTERS = [
    ("住房公积金提取", "租房提取被系统退回，窗口说材料不全但说不清缺什么"),
    ("公积金贷款", "公积金贷款审批超过承诺时限仍无结果"),
    ("单位缴存登记", "单位开户材料被三次退回，每次说法不同"),
    ("异地转移接续", "转入申请提交两个月未到账，公积金中心与转出地互相推诿"),
    ("退休提取", "账户未封存无法销户提取"),
    ("缴存基数调整", "基数调整申请被退回，网厅提示信息不明确"),
    ("二手房公积金贷款", "评估价与成交价不一致，贷款额度核定有争议"),
    ("缴存证明打印", "自助机无法打印缴存证明，窗口让明天再来"),
    ("账户合并", "两个个人账户无法合并，需要原单位盖章但单位已注销"),
    ("贷款结清", "贷款结清后抵押未解除"),
    ("提前还款", "提前还款预约一直显示排队中"),
    ("购房提取", "外地购房提取被拒，没有告知依据"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "平",
]
# Fixture officers of the two other branches (the demo organization has its officers at HQ only).
BRANCH_OFFICERS = [("officer_hp", "何平", "HP"), ("officer_hn", "韩宁", "HN")]


# ---- the throw-away database -------------------------------------------------------------------------


@contextmanager
def scratch_database(url: str) -> Iterator[tuple[str, str]]:
    """Yield (DATABASE_URL, name) of a new, empty PostgreSQL database that is dropped afterwards."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"--database-url: only PostgreSQL URLs are supported, got {parts.scheme!r}")
    import psycopg

    name = f"bancheng_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), name
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---- the data ------------------------------------------------------------------------------------------


def at(day: date, hour: int, minute: int = 0) -> datetime:
    from bancheng.domain.calendar import TZ

    return datetime.combine(day, clock_time(hour, minute), tzinfo=TZ)


def fixture_officers(units: dict[str, Any]) -> list[Any]:
    from bancheng.org.choices import Role
    from bancheng.org.models import Staff

    made = []
    for username, full_name, branch in BRANCH_OFFICERS:
        staff = Staff(username=username, full_name=full_name, role=Role.CASE_OFFICER, unit=units[branch])
        staff.set_password(DEMO_PASSWORD)
        staff.save()
        made.append(staff)
    return made


def walk_seed(i: int, org: dict[str, Any]) -> str:
    """One seed case through the real actions, each in its own transaction, up to the state its index
    gives it. Registered 5–44 working days before the last working day, so every step is in the past."""
    from bancheng.cases import actions as act

    cal, policy, people, units = org["cal"], org["policy"], org["people"], org["units"]
    path = SEED_PATHS[i % len(SEED_PATHS)]
    # HQ 40 % (two officers), the two other branches 30 % each.
    officer = [people["officer"], people["officer2"], *org["branch_officers"]][
        [0, 1, 0, 1, 2, 2, 2, 3, 3, 3][i % 10]
    ]
    day0 = cal.add_working_days(org["today"], -(5 + (i * 7) % 40))
    day1, day2, day3 = (cal.add_working_days(day0, n) for n in (1, 2, 3))
    t0 = at(day0, 9) + timedelta(minutes=(i * 13) % 400)
    business, problem = MATTERS[i % len(MATTERS)]
    case = act.register_case(
        actor=officer,
        now=t0,
        channel=["onsite", "onsite", "phone", "online", "hotline"][i % 5],
        requester_name=SURNAMES[i % 20] + GIVEN[(i // 20) % 20],
        requester_phone=f"139{i:08d}",
        business=business,
        problem=problem,
    )
    if path == "registered":
        return path
    if path == "out_of_scope":
        act.rule_out_of_scope(
            case,
            actor=officer,
            reason=policy.out_of_scope_reasons[-1].code,
            guidance="属涉法涉诉事项，不在受理范围；已告知可向劳动人事争议仲裁委员会申请仲裁",
            now=t0 + timedelta(minutes=20),
        )
        return path
    classes = [c.code for c in policy.classes]
    act.assess_case(
        case,
        actor=officer,
        category=policy.categories[i % len(policy.categories)].code,
        nature="service",
        case_class=classes[i % len(classes)],
        disposal="transfer",
        now=t0 + timedelta(minutes=15),
    )
    if path == "assessed":
        return path
    if path == "withdrawn":
        act.withdraw_case(
            case, actor=officer, reason="诉求人已通过网厅自行办理，申请撤回", now=at(day1, 9, 30)
        )
        return path
    if path == "paused":
        act.pause_case(
            case,
            actor=officer,
            missing_materials=["单位出具的封存证明", "本人银行卡"],
            note="容缺受理，材料补齐后继续办理",
            now=t0 + timedelta(minutes=30),
        )
        return path
    unit, handler = [(units["DEP-1"], people["handler"]), (units["EXT-TAX"], people["handler2"])][i % 2]
    if i % 7 == 0:  # some cases go to two units at once
        unit2, handler2 = units["EXT-BANK"], people["handler3"]
        to = [act.TransferTo(unit.pk, "请核实情况并按期答复"), act.TransferTo(unit2.pk, "请协助出具流水")]
    else:
        unit2 = handler2 = None
        to = [act.TransferTo(unit.pk, "请核实情况并按期答复")]
    assignments = act.transfer_case(case, actor=officer, to=to, now=t0 + timedelta(minutes=30))
    if path == "transferred":
        return path
    pairs = list(zip(assignments, [handler, handler2], strict=False))
    for a, h in pairs:
        act.sign_for_assignment(a, actor=h, now=at(day0, 15, 30))
    if path == "handling":
        if i % 3 == 0:
            act.urge_unit(assignments[0], actor=officer, note="电话催办", now=at(day1, 9, 10))
        return path
    for a, h in pairs:
        act.record_resolution(a, actor=h, resolution="已核实并更正系统数据，已电话告知", now=at(day1, 14))
    act.give_feedback(case, actor=officer, feedback="已电话告知办理结果", solved=True, now=at(day1, 16))
    if path == "answered":
        return path
    act.record_visit(
        case, actor=officer, contacted=True, solved=True, satisfaction=org["satisfied"], now=at(day2, 10)
    )
    if path == "visited":
        return path
    act.close_case(case, actor=officer, now=at(day2, 10, 10))
    if path == "archived":
        act.archive_case(case, actor=officer, now=at(day3, 9))
    return path


def copy_select(model: Any, overrides: dict[str, str], source: str = "s") -> tuple[str, str]:
    """The column list and the SELECT list copying ``model`` rows from ``source``: times moved by
    ``p.shift_days`` days, the columns in ``overrides`` given by their expression, ``id`` left to its default."""
    from django.db import models

    columns, values = [], []
    for f in model._meta.concrete_fields:
        col = f.column
        if col in overrides:
            columns.append(col)
            values.append(overrides[col])
        elif col == "id":
            continue
        elif isinstance(f, models.DateTimeField):
            columns.append(col)
            values.append(f"{source}.{col} + make_interval(days => p.shift_days)")
        elif isinstance(f, models.DateField):
            columns.append(col)
            values.append(f"{source}.{col} + p.shift_days")
        else:
            columns.append(col)
            values.append(f"{source}.{col}")
    return ", ".join(f'"{c}"' for c in columns), ", ".join(values)


def new_hash(column: str) -> str:
    """A 64-hex hash unique to the copy, linking copied events to each other as the originals are linked."""
    return f"encode(sha256(convert_to(p.new_id::text || ':' || {column}, 'UTF8')), 'hex')"


def multiply(target: int, weeks: int) -> dict[str, int]:
    """Copy the seed cases (and their rows) until there are ``target`` cases, set-based. Copy n is moved
    ``n % weeks`` whole weeks back (weekdays stay weekdays); copies older than five weeks are made from
    ended seeds, except one in twenty (the old open backlog)."""
    from django.db import connection

    from bancheng.audit.models import Event, StreamHead
    from bancheng.cases.models import Assignment, Case, Deadline, FollowUpVisit, Pause
    from bancheng.policies.services import policy_of

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM cases_case")
        have = cur.fetchone()[0]
        missing = target - have
        if missing <= 0:
            return {"copied_cases": 0}
        # The demo's long 2022–2025 story is left out: copies of it would reach back to 2021.
        cur.execute("SELECT id, state FROM cases_case WHERE registered_on >= '2026-01-01' ORDER BY id")
        seeds = cur.fetchall()
        every = [pk for pk, _ in seeds]
        ended = [pk for pk, state in seeds if state in ENDED]
        cur.execute(
            """
            CREATE TEMP TABLE bench_plan AS
            SELECT g.n, -7 * (g.n %% %(weeks)s) AS shift_days,
                   CASE WHEN g.n %% %(weeks)s < 5 OR g.n %% 20 = 0
                        THEN (%(every)s::bigint[])[1 + (g.n / %(weeks)s) %% cardinality(%(every)s::bigint[])]
                        ELSE (%(ended)s::bigint[])[1 + (g.n / %(weeks)s) %% cardinality(%(ended)s::bigint[])]
                   END AS seed,
                   nextval(pg_get_serial_sequence('cases_case', 'id')) AS new_id
            FROM generate_series(1, %(missing)s) AS g(n)
            """,
            {"weeks": weeks, "every": every, "ended": ended, "missing": missing},
        )
        cur.execute("CREATE UNIQUE INDEX ON bench_plan (new_id)")
        cur.execute("CREATE INDEX ON bench_plan (seed)")
        names = "ARRAY[" + ",".join(f"'{s}'" for s in SURNAMES) + "]"
        given = "ARRAY[" + ",".join(f"'{g}'" for g in GIVEN) + "]"
        cols, vals = copy_select(
            Case,
            {
                "id": "p.new_id",
                "number": "'tmp-' || p.new_id",
                "requester_name": f"({names})[1 + p.new_id % 20] || ({given})[1 + (p.new_id / 20) % 20]",
                # ~1.4 cases per phone number: some requesters come back
                "requester_phone": "'13' || lpad(((p.new_id % 70001) * 7919 % 1000000000)::text, 9, '0')",
                "submission_key": "''",
            },
        )
        counts = {}
        cur.execute(
            f"INSERT INTO cases_case ({cols}) SELECT {vals} FROM bench_plan p JOIN cases_case s ON s.id = p.seed"
        )
        counts["cases"] = cur.rowcount
        cur.execute(
            """
            CREATE TEMP TABLE bench_amap AS
            SELECT nextval(pg_get_serial_sequence('cases_assignment', 'id')) AS new_aid, a.id AS old_aid, p.new_id
            FROM bench_plan p JOIN cases_assignment a ON a.case_id = p.seed
            """
        )
        cur.execute("CREATE UNIQUE INDEX ON bench_amap (old_aid, new_id)")
        cols, vals = copy_select(Assignment, {"id": "m.new_aid", "case_id": "p.new_id"})
        cur.execute(
            f"INSERT INTO cases_assignment ({cols}) SELECT {vals} FROM bench_amap m "
            "JOIN bench_plan p ON p.new_id = m.new_id JOIN cases_assignment s ON s.id = m.old_aid"
        )
        counts["assignments"] = cur.rowcount
        cols, vals = copy_select(Deadline, {"case_id": "p.new_id", "assignment_id": "m.new_aid"})
        cur.execute(
            f"INSERT INTO cases_deadline ({cols}) SELECT {vals} FROM bench_plan p "
            "JOIN cases_deadline s ON s.case_id = p.seed "
            "LEFT JOIN bench_amap m ON m.old_aid = s.assignment_id AND m.new_id = p.new_id"
        )
        counts["deadlines"] = cur.rowcount
        for model, key in ((Pause, "pauses"), (FollowUpVisit, "visits")):
            cols, vals = copy_select(model, {"case_id": "p.new_id"})
            table = model._meta.db_table
            cur.execute(
                f"INSERT INTO {table} ({cols}) SELECT {vals} FROM bench_plan p JOIN {table} s ON s.case_id = p.seed"
            )
            counts[key] = cur.rowcount
        cols, vals = copy_select(
            Event,
            {
                "case_id": "p.new_id",
                "stream": "'case:' || p.new_id",
                "hash": new_hash("s.hash"),
                "prev_hash": f"CASE WHEN s.prev_hash = '' THEN '' ELSE {new_hash('s.prev_hash')} END",
            },
        )
        cur.execute(
            f"INSERT INTO audit_event ({cols}) SELECT {vals} FROM bench_plan p "
            "JOIN audit_event s ON s.case_id = p.seed AND s.stream = 'case:' || p.seed"
        )
        counts["events"] = cur.rowcount
        cols, vals = copy_select(StreamHead, {"stream": "'case:' || p.new_id", "hash": new_hash("s.hash")})
        cur.execute(
            f"INSERT INTO audit_streamhead ({cols}) SELECT {vals} FROM bench_plan p "
            "JOIN audit_streamhead s ON s.stream = 'case:' || p.seed"
        )
        # Gap-free numbers per branch and year, in order of registration (seeds renumbered with the copies).
        prefix = policy_of(None).case_number_prefix
        cur.execute("UPDATE cases_case SET number = 'tmp-' || id WHERE number NOT LIKE 'tmp-%'")
        cur.execute(
            """
            UPDATE cases_case c SET number = n.number,
                   archive_number = CASE WHEN c.archive_number = '' THEN '' ELSE 'GD-' || n.number END
            FROM (SELECT c2.id, %(prefix)s || '-' || u.code || '-' || extract(year FROM c2.registered_on)
                         || '-' || lpad((row_number() OVER (PARTITION BY c2.branch_id,
                               extract(year FROM c2.registered_on) ORDER BY c2.registered_at, c2.id))::text, 5, '0')
                         AS number
                  FROM cases_case c2 JOIN org_unit u ON u.id = c2.branch_id) n
            WHERE n.id = c.id
            """,
            {"prefix": prefix},
        )
        cur.execute("DELETE FROM cases_casesequence")
        cur.execute(
            """
            INSERT INTO cases_casesequence (branch_id, year, last)
            SELECT branch_id, extract(year FROM registered_on)::int, count(*) FROM cases_case GROUP BY 1, 2
            """
        )
        # What the deadline sweep would have found by now: open clocks past their due time are overdue.
        cur.execute(
            """
            UPDATE cases_deadline SET status = 'overdue'
            WHERE met_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND due_at < now()
              AND status <> 'overdue'
            """
        )
        counts["marked_overdue"] = cur.rowcount
        cur.execute("DROP TABLE bench_plan, bench_amap")
    return counts


def build(cases: int, seeds: int) -> dict[str, Any]:
    """Migrate, load the demo, walk the seeds, multiply. Runs in this process with the bench's settings."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bancheng.calendars.services import get_calendar
    from bancheng.demo.organization import build_organization, build_people
    from bancheng.domain.calendar import TZ
    from bancheng.policies.services import policy_of

    (Path(os.environ["BANCHENG_VAR_DIR"]) / "static").mkdir(exist_ok=True)  # whitenoise warns without it
    figures: dict[str, Any] = {}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        figures["server_version"] = "PostgreSQL " + cursor.fetchone()[0]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())
    figures["demo_s"] = time.perf_counter() - started
    units = build_organization("shenyang")
    people = build_people(units)
    cal = get_calendar()
    policy = policy_of(None)
    scale = [c.code for c in policy.satisfaction_scale]
    org = {
        "cal": cal,
        "policy": policy,
        "people": people,
        "units": units,
        "branch_officers": fixture_officers(units),
        "today": cal.previous_working_day(timezone.now().astimezone(TZ).date()),
        "satisfied": next(c for c in scale if c in policy.closing_satisfaction),
    }
    started = time.perf_counter()
    for i in range(seeds):
        walk_seed(i, org)
    figures["seeds"] = seeds
    figures["seeds_s"] = time.perf_counter() - started
    started = time.perf_counter()
    first = date(2025, 1, 6)
    weeks = max(1, (org["today"] - first).days // 7 - 6)  # copies reach back to early January 2025
    figures["copied"] = multiply(cases, weeks)
    figures["multiply_s"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    figures["analyze_s"] = time.perf_counter() - started
    figures["data"] = describe_data(people["officer"])
    return figures


def describe_data(officer: Any) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count, Max, Min

    from bancheng.cases.models import Case
    from bancheng.cases.selectors import cases_visible_to

    with connection.cursor() as cursor:
        sizes = {}
        for table in ("cases_case", "cases_assignment", "cases_deadline", "audit_event"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            sizes[table] = cursor.fetchone()[0]
    span = Case.objects.aggregate(first=Min("registered_on"), last=Max("registered_on"))
    return {
        "rows": sizes,
        "registered": [span["first"].isoformat(), span["last"].isoformat()],
        "by_state": dict(Case.objects.order_by().values_list("state").annotate(n=Count("id"))),
        "by_branch": dict(Case.objects.order_by().values_list("branch__code").annotate(n=Count("id"))),
        "visible_to_officer": cases_visible_to(officer).count(),
    }


# ---- the pages -----------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    paths: list[str]
    rows: int | None = None  # the list pages must show this many rows
    target: str = ""  # "p95" or "p50" when DESIGN.md sets a target for it
    limit_s: float = 0.0


def pages(officer: Any, sample: int) -> list[Page]:
    """The pages to time, with case pks the officer may see (a fixed, spread sample)."""
    from bancheng.cases.selectors import cases_visible_to

    visible = list(cases_visible_to(officer).order_by("pk").values_list("pk", flat=True))
    step = max(1, len(visible) // sample)
    case_pks = visible[::step][:sample]
    text = urlencode({"text": "公积金", "category": "withdrawal", "sort": "-registered"})
    return [
        Page("baseline /healthz", ["/healthz"]),
        Page("home (officer)", ["/"]),
        Page(
            "list: state=handling",
            ["/cases/?state=handling&sort=-registered"],
            PAGE_ROWS,
            "p95",
            LIST_TARGET_P95_S,
        ),
        Page("list: text+category", [f"/cases/?{text}"], PAGE_ROWS, "p95", LIST_TARGET_P95_S),
        Page("case page", [f"/cases/{pk}/" for pk in case_pks], None, "p50", CASE_TARGET_P50_S),
    ]


def count_queries(officer: Any, page_list: list[Page]) -> dict[str, dict[str, Any]]:
    """Statements per page, taken in this process with Django's test client (same settings and data), with
    the time spent in SQL and the slowest SELECT of each page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)
    counts = {}
    for page in page_list:
        client.get(page.paths[0])  # warm the caches of this process
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.paths[0])
        assert response.status_code == 200, (page.paths[0], response.status_code)
        timed = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        selects = [q for q in timed if q["sql"].lstrip().upper().startswith("SELECT")]
        counts[page.name] = {
            "count": len(captured),
            "sql_s": sum(float(q["time"]) for q in timed),
            "slowest_s": float(selects[0]["time"]),
            "slowest_sql": selects[0]["sql"],
        }
    return counts


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


# ---- the clients ---------------------------------------------------------------------------------------


class BrowserClient:
    """A signed-in user: one connection (reopened when the server closes it), cookies kept by hand because
    production marks them Secure, which a cookie jar would not send over plain HTTP on loopback."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "User-Agent": "pages_bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        if response.will_close:
            self.conn.close()
        return response.status, data

    def sign_in(self, username: str, password: str) -> None:
        status, body = self.request("GET", "/login/")
        token = CSRF_FIELD.search(body)
        if status != 200 or token is None:
            raise RuntimeError(f"sign-in page: HTTP {status}, token {'found' if token else 'missing'}")
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
        status, _ = self.request("POST", "/login/", urlencode(form).encode())
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in as {username} failed: HTTP {status}")


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    failures: list[str] = field(default_factory=list)


def check(page: Page, status: int, body: bytes) -> str | None:
    if status != 200:
        return f"HTTP {status}"
    if page.rows is not None and len(ROW.findall(body)) != page.rows:
        return f"{len(ROW.findall(body))} rows, expected {page.rows}"
    return None


def load(clients: list[BrowserClient], page: Page, requests: int) -> Result:
    """``requests`` requests spread over the clients, each sending its next one as soon as the last came
    back (closed loop); the page's paths taken round-robin."""
    result = Result()
    counter = itertools.count()
    lock = threading.Lock()

    def worker(client: BrowserClient) -> None:
        mine: list[float] = []
        while (i := next(counter)) < requests:
            path = page.paths[i % len(page.paths)]
            started = time.perf_counter()
            try:
                status, body = client.request("GET", path)
            except OSError as error:
                with lock:
                    result.failures.append(f"{path}: {error!r}")
                break
            mine.append(time.perf_counter() - started)
            problem = check(page, status, body)
            if problem:
                with lock:
                    result.failures.append(f"{path}: {problem}")
        with lock:
            result.latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall_s = time.perf_counter() - started
    return result


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)]  # nearest rank


def summary(result: Result) -> dict[str, Any]:
    v = result.latencies
    return {
        "n": len(v),
        "p50_s": percentile(v, 50),
        "p95_s": percentile(v, 95),
        "p99_s": percentile(v, 99),
        "mean_s": sum(v) / len(v),
        "rps": len(v) / result.wall_s,
        "failures": len(result.failures),
        "first_failures": result.failures[:5],
    }


# ---- the server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(env: dict[str, str], workers: int, log: Path) -> Iterator[int]:
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "bancheng"),
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--no-scheduler",
    ]
    command += ["--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the server stopped (exit {process.returncode}); see {log}")
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer /healthz within 120 s; see {log}")
                time.sleep(0.5)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# ---- the run -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the database (default 100000)")
    parser.add_argument("--seeds", type=int, default=300, help="cases made through the actions (default 300)")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests per page (default 2000)")
    parser.add_argument("--users", type=int, default=20, help="concurrent signed-in clients (default 20)")
    parser.add_argument(
        "--single", type=int, default=200, help="requests per page from one client alone (default 200)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers (default 2 x cores + 1, as bancheng serve)",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/test",
        help="a PostgreSQL URL; a database is created beside it and dropped at the end",
    )
    parser.add_argument(
        "--commit",
        help="measure this commit's src/ (exported with git archive) instead of the working tree, "
        "e.g. HEAD while someone is editing src/",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the plan of each page's slowest statement"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bancheng-pages-bench-") as tmp:
        var_dir = Path(tmp) / "var"
        var_dir.mkdir()
        source = ROOT / "src"
        if args.commit:
            source = export_source(args.commit, Path(tmp) / "tree")
            sys.path.insert(0, str(source))
            os.environ["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(source), os.environ.get("PYTHONPATH")])
            )
        with scratch_database(args.database_url) as (url, name):
            os.environ.update(
                {
                    "DJANGO_SETTINGS_MODULE": "bancheng.settings.production",
                    "DATABASE_URL": url,
                    "BANCHENG_VAR_DIR": str(var_dir),
                    "BANCHENG_SECRET_KEY": secrets.token_urlsafe(40),
                    "BANCHENG_ALLOWED_HOSTS": "127.0.0.1,localhost",
                    "BANCHENG_SCHEDULER": "0",
                    "BANCHENG_LOG_LEVEL": "WARNING",
                }
            )
            print(
                f"pages_bench: {args.cases} cases in PostgreSQL database {name} (dropped afterwards)",
                file=sys.stderr,
            )
            started = time.perf_counter()
            figures = build(args.cases, min(args.seeds, args.cases))
            figures["build_s"] = time.perf_counter() - started
            figures.update(database=name, cases=args.cases, users=args.users, workers=args.workers)
            figures["source"] = f"{resolve(args.commit)} (git archive)" if args.commit else str(source)
            print(
                f"  data ready in {figures['build_s']:.0f} s: {json.dumps(figures['data'], ensure_ascii=False)}",
                file=sys.stderr,
            )
            figures["pages"] = measure(args, var_dir)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n")
    missed = misses(figures)
    for line in missed:
        print(f"MISSED: {line}")
    return 1 if missed else 0


def resolve(commit: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", commit], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def export_source(commit: str, into: Path) -> Path:
    """``src/`` of ``commit``, unpacked into ``into`` (the working tree is left alone)."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "archive", commit, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def measure(args: argparse.Namespace, var_dir: Path) -> dict[str, Any]:
    from django.db import connections

    from bancheng.org.models import Staff

    officer = Staff.objects.get(username="officer")
    page_list = pages(officer, 200)
    queries = count_queries(officer, page_list)
    connections.close_all()
    out: dict[str, Any] = {}
    with server(dict(os.environ), args.workers, var_dir / "serve.log") as port:
        clients = [BrowserClient(port) for _ in range(args.users)]
        for c in clients:
            c.sign_in("officer", DEMO_PASSWORD)
        for page in page_list:  # warm-up: every path of every page once per client
            for client in clients:
                for path in page.paths[:5]:
                    problem = check(page, *client.request("GET", path))
                    if problem:
                        raise RuntimeError(f"warm-up {path}: {problem}")
        for page in page_list:
            single = summary(load(clients[:1], page, args.single)) if args.single else None
            loaded = summary(load(clients, page, args.requests))
            out[page.name] = {
                "paths": page.paths[:1] + (["…"] if len(page.paths) > 1 else []),
                "distinct_paths": len(page.paths),
                "queries": queries[page.name]["count"],
                "in_process_sql_ms": queries[page.name]["sql_s"] * 1e3,
                "slowest_sql": queries[page.name]["slowest_sql"],
                "slowest_sql_ms": queries[page.name]["slowest_s"] * 1e3,
                "target": page.target,
                "limit_s": page.limit_s,
                "single": single,
                "loaded": loaded,
            }
            print(
                f"  {page.name}: p50 {loaded['p50_s'] * 1e3:.1f} ms, p95 {loaded['p95_s'] * 1e3:.1f} ms, "
                f"{loaded['rps']:.0f} req/s",
                file=sys.stderr,
            )
    if args.explain:
        for name, page in out.items():
            page["plan"] = explain(page["slowest_sql"])
            print(
                f"\n  slowest statement of {name} ({page['slowest_sql_ms']:.1f} ms):\n  {page['slowest_sql']}"
            )
            print("\n".join("    " + line for line in page["plan"]))
    return out


def misses(f: dict[str, Any]) -> list[str]:
    lines = []
    for name, page in f["pages"].items():
        loaded = page["loaded"]
        if loaded["failures"]:
            lines.append(f"{name}: {loaded['failures']} bad responses, e.g. {loaded['first_failures'][0]}")
        if page["target"]:
            value = loaded[f"{page['target']}_s"]
            if value > page["limit_s"]:
                lines.append(
                    f"{name}: {page['target']} {value * 1e3:.1f} ms > {page['limit_s'] * 1e3:.0f} ms "
                    f"under {f['users']} users"
                )
    return lines


def report(f: dict[str, Any]) -> None:
    data = f["data"]
    print(
        f"pages_bench — {data['rows']['cases_case']} cases ({data['registered'][0]} – {data['registered'][1]}), "
        f"{data['visible_to_officer']} visible to officer; {f['server_version']}; "
        f"bancheng serve, {f['workers']} workers; {f['users']} users"
    )
    print(f"  code: {f['source']}")
    print(f"  rows: {json.dumps(data['rows'])}")
    print(f"  by state: {json.dumps(data['by_state'])}; by branch: {json.dumps(data['by_branch'])}")
    print(
        f"  build {f['build_s']:.0f} s (demo {f['demo_s']:.0f} s, {f['seeds']} seeds through the actions "
        f"{f['seeds_s']:.0f} s, copies {f['multiply_s']:.0f} s, VACUUM ANALYZE {f['analyze_s']:.0f} s)"
    )
    base = f["pages"]["baseline /healthz"]
    print()
    header = f"  {'page':<22} {'q':>3} {'SQL ms':>6} {'1 user p50':>10} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>6}"
    print(header + f" {'p50×base':>8} {'p95×base':>8}  target")
    for name, p in f["pages"].items():
        lo, single = p["loaded"], p["single"]
        target = ""
        if p["target"]:
            ok = lo[f"{p['target']}_s"] <= p["limit_s"]
            target = f"{p['target']} ≤ {p['limit_s'] * 1e3:.0f} ms: {'met' if ok else 'MISSED'}"
        print(
            f"  {name:<22} {p['queries']:>3} {p['in_process_sql_ms']:>6.1f} {single['p50_s'] * 1e3 if single else 0:>8.1f}ms "
            f"{lo['p50_s'] * 1e3:>5.1f}ms {lo['p95_s'] * 1e3:>5.1f}ms {lo['p99_s'] * 1e3:>5.1f}ms {lo['rps']:>6.0f} "
            f"{lo['p50_s'] / base['loaded']['p50_s']:>7.1f}× {lo['p95_s'] / base['loaded']['p95_s']:>7.1f}×  {target}"
        )


if __name__ == "__main__":
    sys.exit(main())

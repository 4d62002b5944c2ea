"""The demo organization and cases for tests, built once per test session and copied into each test.

Building the demo through the actions (``bancheng demo``) takes a second or two: hundreds of audited actions.
Page tests need it in nearly every test, so ``load_demo`` builds it once per (database, preset, day, starting
state) inside a transaction that is rolled back, records the rows it added or changed in every table (and the
files it stored), and from then on writes those very rows into the test's database with a few bulk inserts.

Each test still gets its own copy inside its own transaction (rolled back at its end, or flushed for
transactional tests): nothing is shared between tests but the recorded rows. The copy is only used when the
database starts in the state the recording started from (the same row count and largest key in every table);
otherwise the demo is built again for that state. Rows are written as stored: no ``save()``, no signals, so no
second round of notifications or audit events; files the demo stored (archived case files) are written back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

__all__ = ["build_demo", "load_demo"]


def build_demo(preset: str = "shenyang") -> dict[str, Any]:
    """The demo as ``bancheng demo`` loads it (without its migrate step): returns the demo people by username."""
    from bancheng.calendars.services import get_calendar
    from bancheng.cases.models import Case
    from bancheng.demo.organization import build_organization, build_people
    from bancheng.demo.stories import Demo, build_cases
    from bancheng.domain.calendar import TZ
    from bancheng.policies.services import install_preset, policy_of

    version = install_preset(preset)
    units = build_organization(preset)
    people = build_people(units)
    if not Case.objects.exists():
        today = get_calendar().previous_working_day(timezone.now().astimezone(TZ).date())
        with transaction.atomic():
            build_cases(Demo(policy_of(version.pk), people, units, today))
    return people


def load_demo(preset: str = "shenyang", using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Load the demo organization and cases under ``preset`` into the test's database (recorded once, then
    copied); returns the demo people (Staff) by username, freshly read."""
    from bancheng.demo.organization import PEOPLE
    from bancheng.domain.calendar import TZ
    from bancheng.org.models import Staff

    connection = connections[using]
    tables = _tables(connection)
    key = (
        using,
        connection.settings_dict["NAME"],
        preset,
        timezone.now().astimezone(TZ).date(),
        _state(connection, tables),
    )
    recording = _recordings.get(key)
    if recording is None:
        recording = _recordings[key] = _record(preset, using, tables)
    recording.write(using)
    usernames = [person.username for person in PEOPLE]
    by_name = Staff.objects.using(using).in_bulk(usernames, field_name="username")
    return {name: by_name[name] for name in usernames}


@dataclass
class _TableCopy:
    model: type[models.Model]
    delete: list[Any]
    columns: list[str]
    rows: list[tuple[Any, ...]]


@dataclass
class _Recording:
    copies: list[_TableCopy]
    files: list[tuple[Any, str, bytes]] = field(default_factory=list)

    def write(self, using: str) -> None:
        connection = connections[using]
        qn = connection.ops.quote_name
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for copy in self.copies:
                meta = copy.model._meta
                if copy.delete:
                    marks = ", ".join(["%s"] * len(copy.delete))
                    pk = meta.pk.get_db_prep_value  # type: ignore[union-attr]
                    cursor.execute(
                        f"DELETE FROM {qn(meta.db_table)} WHERE {qn(meta.pk.column)} IN ({marks})",  # type: ignore[union-attr]
                        [pk(value, connection) for value in copy.delete],
                    )
            for copy in self.copies:
                if copy.rows:
                    meta = copy.model._meta
                    cols = ", ".join(qn(c) for c in copy.columns)
                    marks = ", ".join(["%s"] * len(copy.columns))
                    sql = f"INSERT INTO {qn(meta.db_table)} ({cols}) VALUES ({marks})"
                    cursor.executemany(sql, [_prepared(copy.model, row, connection) for row in copy.rows])
            inserted = [copy.model for copy in self.copies if copy.rows]
            for sql in connection.ops.sequence_reset_sql(no_style(), inserted):
                cursor.execute(sql)
        for storage, name, content in self.files:
            _write_file(storage, name, content)


_recordings: dict[tuple[Any, ...], _Recording] = {}


class _Rollback(Exception):
    pass


def _tables(connection: Any) -> list[type[models.Model]]:
    found = []
    existing = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped and meta.db_table in existing:
            found.append(model)
    return found


def _state(connection: Any, tables: list[type[models.Model]]) -> str:
    """The row count and largest key of every table, in one query: where the database starts from."""
    qn = connection.ops.quote_name
    parts = []
    for model in tables:
        pk = model._meta.pk
        largest = f"MAX({qn(pk.column)})" if isinstance(pk, models.IntegerField) else "NULL"
        parts.append(f"SELECT COUNT(*), {largest} FROM {qn(model._meta.db_table)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _values(model: type[models.Model], using: str) -> dict[Any, tuple[Any, ...]]:
    fields = model._meta.local_concrete_fields
    objects = model._base_manager.using(using).order_by("pk")
    return {obj.pk: tuple(getattr(obj, f.attname) for f in fields) for obj in objects}


def _record(preset: str, using: str, tables: list[type[models.Model]]) -> _Recording:
    before = {model: _values(model, using) for model in tables}
    copies: list[_TableCopy] = []
    files: list[tuple[Any, str, bytes]] = []
    try:
        with transaction.atomic(using=using):
            build_demo(preset)
            for model in tables:
                fields = model._meta.local_concrete_fields
                was, now = before[model], _values(model, using)
                delete = [pk for pk, row in was.items() if now.get(pk) != row]
                rows = [row for pk, row in now.items() if was.get(pk) != row]
                if delete or rows:
                    copies.append(_TableCopy(model, delete, [f.column for f in fields], rows))
                for index, f in enumerate(fields):
                    if isinstance(f, models.FileField):
                        for row in rows:
                            name = str(row[index] or "")
                            if name:
                                with f.storage.open(name, "rb") as fh:
                                    files.append((f.storage, name, fh.read()))
            raise _Rollback
    except _Rollback:
        pass
    return _Recording(copies, files)


def _prepared(model: type[models.Model], row: tuple[Any, ...], connection: Any) -> list[Any]:
    return [
        f.get_db_prep_save(value, connection)
        for f, value in zip(model._meta.local_concrete_fields, row, strict=True)
    ]


def _write_file(storage: Any, name: str, content: bytes) -> None:
    from django.core.files.base import ContentFile

    try:
        path = storage.path(name)
    except NotImplementedError:
        storage.delete(name)
        storage.save(name, ContentFile(content))
        return
    from pathlib import Path

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)

"""Indexes on the anchor time of each rolled-up item, so the live part of a figure (today and later, or days
not rolled up yet) is an index range scan, never a scan of every row. Created here, next to the roll-ups
that need them, as plain SQL (both PostgreSQL and SQLite understand it)."""

from django.db import migrations

INDEXES = [
    ("stats_live_deadline_due", "cases_deadline", "due_at"),
    ("stats_live_visit_at", "cases_followupvisit", "visited_at"),
    ("stats_live_notice_issued", "cases_supervisionnotice", "issued_at"),
]


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial"), ("cases", "0007_alter_deadline_kind")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})", f"DROP INDEX IF EXISTS {name}"
        )
        for name, table, column in INDEXES
    ]

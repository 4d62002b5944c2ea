"""Indexes for the supervision board's live parts: assignments returned in a period, notices still issued."""

from django.db import migrations

INDEXES = [
    ("stats_live_assignment_returned", "cases_assignment", "returned_at"),
    ("stats_live_notice_state", "cases_supervisionnotice", "state"),
]


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_live_tail_indexes")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})", f"DROP INDEX IF EXISTS {name}"
        )
        for name, table, column in INDEXES
    ]

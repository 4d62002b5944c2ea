from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.search.actions import index_pending, reindex
from bancheng.search.sources import sources


class Command(BaseCommand):
    help = "全文检索: `bancheng search reindex [--kind case|article|item]` rebuilds the search index."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        rebuild = sub.add_parser("reindex", help="rebuild the index of one kind or of all kinds")
        rebuild.add_argument("--kind", default="", help="case, article or item (default: all)")
        rebuild.add_argument(
            "--changed-only", action="store_true", help="rewrite only rows whose text or permissions changed"
        )
        sub.add_parser(
            "pending", help="index what batch paths marked pending (what the search_index job does)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "pending":
            counts = index_pending()
            self.stdout.write(f"pending={counts['pending']} written={counts['written']}")
            return
        kind = options["kind"]
        if kind and kind not in sources():
            raise CommandError(f"unknown kind {kind!r}; one of: {', '.join(sources())}", returncode=2)
        counts = reindex(kind or None, force=not options["changed_only"])
        for name, written in counts.items():
            self.stdout.write(f"{name}: {written} rows written or removed")

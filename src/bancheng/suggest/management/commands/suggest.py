from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bancheng.domain import suggest as rules
from bancheng.suggest.actions import train_models
from bancheng.suggest.choices import Kind


class Command(BaseCommand):
    help = (
        "智能建议: `bancheng suggest train [--min-samples N] [--kind category|unit] [--force] [--dry-run]` "
        "trains the category and handling-unit suggestion models on the assessed cases; "
        "`bancheng suggest demo-history [--count N]` adds realistic closed demo cases (demo only) and trains."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        train = sub.add_parser("train", help="train the suggestion models")
        train.add_argument("--min-samples", type=int, default=rules.DEFAULT_MIN_SAMPLES)
        train.add_argument("--kind", choices=[k.value for k in Kind])
        train.add_argument("--force", action="store_true", help="train even when nothing is new")
        train.add_argument("--dry-run", action="store_true")
        history = sub.add_parser("demo-history", help="add closed demo cases to learn from, then train")
        history.add_argument("--count", type=int, default=120)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "demo-history":
            from bancheng.suggest.demo import build_history

            added = build_history(count=options["count"], out=self.stdout.write)
            self.stdout.write(f"已添加 {added} 件历史诉求件 (added {added} closed demo cases)")
            options = {**options, "kind": None, "force": False, "dry_run": False, "min_samples": 30}
        kinds = (Kind(options["kind"]),) if options.get("kind") else (Kind.CATEGORY, Kind.UNIT)
        results = train_models(
            kinds=kinds,
            min_samples=max(2, options["min_samples"]),
            force=options["force"],
            dry_run=options["dry_run"],
        )
        for result in results:
            self.stdout.write(result.message)

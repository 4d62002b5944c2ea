from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.audit.chain import verify_chain


class Command(BaseCommand):
    help = "审计链校验: `bancheng audit verify` checks every event of the hash-chained audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="verify the hash chain of every event")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.breach is None:
            self.stdout.write(f"OK: {result.checked} events checked, chain intact")
            return
        b = result.breach
        where = f"event id={b.event_id} " if b.event_id is not None else ""
        raise CommandError(
            f"BROKEN: {where}stream={b.stream} seq={b.seq}: {b.reason} ({result.checked} events verified before it)",
            returncode=1,
        )

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bancheng.domain.policy import PRESETS
from bancheng.policies.services import active_policy_version, install_preset


class Command(BaseCommand):
    help = "规则: `bancheng policy install PRESET` publishes a preset as the policy in force (idempotent); `bancheng policy show` prints the policy in force."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        install = sub.add_parser("install", help="publish a preset's policy (shenyang, shanting, putuo)")
        install.add_argument("preset", choices=sorted(PRESETS))
        sub.add_parser("show", help="the policy version in force")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "install":
            version = install_preset(options["preset"])
            self.stdout.write(
                f"现行规则：{version.name}（第 {version.version} 版，预设 {options['preset']}）"
            )
            return
        version = active_policy_version()
        self.stdout.write(f"现行规则：{version.name}（第 {version.version} 版）")

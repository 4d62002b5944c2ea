from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from bancheng.calendars.services import get_calendar
from bancheng.cases.models import Case
from bancheng.demo.organization import DEMO_PASSWORD, PEOPLE, build_organization, build_people
from bancheng.demo.stories import Demo, build_cases
from bancheng.domain.calendar import TZ
from bancheng.domain.policy import PRESETS
from bancheng.policies.services import install_preset, policy_of
from bancheng.suggest.demo import train_after_demo


class Command(BaseCommand):
    help = "Load the demo organization and demo cases in every state under a preset (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", default="shenyang", choices=sorted(PRESETS))

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        preset = options["preset"]
        version = install_preset(preset)
        units = build_organization(preset)
        people = build_people(units)
        if Case.objects.exists():
            self.stdout.write("演示数据已存在，未重复加载 (demo cases already loaded)")
        else:
            cal = get_calendar()
            today = cal.previous_working_day(timezone.now().astimezone(TZ).date())
            with transaction.atomic():
                count = build_cases(Demo(policy_of(version.pk), people, units, today))
            self.stdout.write(f"已加载 {count} 个演示诉求件 (loaded {count} demo cases), preset {preset}")
            train_after_demo(self.stdout.write)
        self.stdout.write(f"演示账号 (demo accounts), password: {DEMO_PASSWORD}")
        for person in PEOPLE:
            staff = people[person.username]
            self.stdout.write(f"  {person.username:<10} {staff.display_name}  {staff.get_role_display()}")

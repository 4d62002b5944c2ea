"""``bancheng api token create|revoke|list``: manage API tokens from the command line."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.api import tokens
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.org.models import Unit


class Command(BaseCommand):
    help = "管理接口令牌：api token create|revoke|list"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        token = sub.add_parser("token", help="接口令牌")
        verbs = token.add_subparsers(dest="verb", required=True)
        create = verbs.add_parser("create", help="新建令牌（令牌只显示一次）")
        create.add_argument("--name", required=True)
        create.add_argument("--role", required=True, choices=[r.value for r in tokens.TOKEN_ROLES])
        create.add_argument("--unit", default="", help="所在单位的代码")
        create.add_argument("--expires", default="", help="到期日期 YYYY-MM-DD")
        revoke = verbs.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("id", type=int)
        verbs.add_parser("list", help="列出令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['verb']}")(options)
        except DomainError as error:
            raise CommandError(f"{error.message}（{error.code}）") from None

    def _create(self, options: dict[str, Any]) -> None:
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"单位“{options['unit']}”不存在")
        expires = None
        if options["expires"]:
            try:
                expires = datetime.strptime(options["expires"], "%Y-%m-%d").replace(tzinfo=TZ)
            except ValueError:
                raise CommandError("到期日期格式应为 YYYY-MM-DD") from None
        created = tokens.create_token(name=options["name"], role=options["role"], unit=unit, expires=expires)
        self.stdout.write(f"令牌 {created.token.pk}（{created.token.name}）已创建，只显示这一次：")
        self.stdout.write(created.secret)

    def _revoke(self, options: dict[str, Any]) -> None:
        token = tokens.revoke_token(options["id"])
        self.stdout.write(f"已吊销令牌 {token.pk}（{token.name}）")

    def _list(self, options: dict[str, Any]) -> None:
        for t in tokens.list_tokens():
            state = "已吊销" if t.revoked else "有效"
            unit = t.unit.code if t.unit else "-"
            self.stdout.write(f"{t.pk}\t{t.name}\t{t.prefix}…\t{t.role}\t{unit}\t{state}")

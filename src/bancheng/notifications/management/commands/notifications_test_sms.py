from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bancheng.domain.masking import mask_phone
from bancheng.notifications.gateways import DeliveryError, current_settings, sms_gateway


class Command(BaseCommand):
    help = (
        "Send one test SMS through the configured gateway (not recorded in the outbox) to check its settings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("phone")
        parser.add_argument("--text", default="【办成】短信网关测试，收到即表示配置正确。")

    def handle(self, *args: Any, **options: Any) -> None:
        config = current_settings()
        try:
            provider_id = sms_gateway(config).send(options["phone"], options["text"])
        except DeliveryError as failed:
            raise CommandError(f"发送失败：{failed}") from None
        self.stdout.write(
            f"已通过{config.get_sms_kind_display()}发送至 {mask_phone(options['phone'])}，回执：{provider_id or '无'}"
        )

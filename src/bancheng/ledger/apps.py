from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "bancheng.ledger"
    verbose_name = "台账"

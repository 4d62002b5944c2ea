from django.db import models


class FilingFile(models.TextChoices):
    """The two attachments of a weekly filing (seed 000: 附件1 台账, 附件2 受理单)."""

    LEDGER = "ledger", "台账（附件1）"
    FORMS = "forms", "受理单（附件2）"

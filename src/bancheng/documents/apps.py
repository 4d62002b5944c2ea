import logging

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "bancheng.documents"
    verbose_name = "表单与案卷"

    def ready(self) -> None:
        # WeasyPrint logs every rendering step at INFO; a busy window would flood the log with them.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

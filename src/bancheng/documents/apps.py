from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "bancheng.documents"
    verbose_name = "表单与案卷"

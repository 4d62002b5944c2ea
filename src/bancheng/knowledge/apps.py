from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "bancheng.knowledge"
    verbose_name = "知识库"

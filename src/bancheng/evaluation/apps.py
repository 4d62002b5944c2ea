from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "bancheng.evaluation"
    verbose_name = "单位考核"

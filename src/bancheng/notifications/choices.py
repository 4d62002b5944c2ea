from django.db import models


class Channel(models.TextChoices):
    IN_APP = "in_app", "站内消息"
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class MessageState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败，待重试"
    DEAD = "dead", "已放弃"


class SmsGatewayKind(models.TextChoices):
    LOGGING = "logging", "仅写入日志（不实际发送）"
    HTTP = "http", "HTTP 短信网关"


class BodyFormat(models.TextChoices):
    JSON = "json", "JSON"
    FORM = "form", "表单（application/x-www-form-urlencoded）"

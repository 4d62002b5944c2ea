from django.db import models

from bancheng.domain.deadlines import DeadlineStatus
from bancheng.domain.lifecycle import AssignmentState, CaseState

CASE_STATE_CHOICES = [(s.value, s.label) for s in CaseState]
ASSIGNMENT_STATE_CHOICES = [(s.value, s.label) for s in AssignmentState]
DEADLINE_STATUS_CHOICES = [(s.value, s.label) for s in DeadlineStatus]


class Channel(models.TextChoices):
    ONSITE = "onsite", "现场"
    PHONE = "phone", "电话"
    ONLINE = "online", "平台"
    HOTLINE = "hotline", "12345"


class RequesterKind(models.TextChoices):
    PERSON = "person", "个人"
    ENTERPRISE = "enterprise", "企业"


class DeadlineKind(models.TextChoices):
    FEEDBACK = "feedback", "反馈时限"
    PROMPT_TRANSFER = "prompt_transfer", "即时转办"
    ASSIGNMENT = "assignment", "承办时限"
    NOTICE_ANSWER = "notice_answer", "督办答复时限"
    RESPONSE = "response", "现场响应时限"
    RECTIFICATION = "rectification", "差评整改时限"
    PLATFORM = "platform", "12345平台时限"


class Outcome(models.TextChoices):
    SOLVED = "solved", "已解决"
    NOT_SOLVED = "not_solved", "未能解决（已说明依据）"
    NEGATIVE_FILING = "negative_filing", "否定备案"


class ExtensionState(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


class NoticeState(models.TextChoices):
    ISSUED = "issued", "已下达"
    ANSWERED = "answered", "已答复"


class DocumentKind(models.TextChoices):
    MATERIAL = "material", "诉求人材料"
    RESOLUTION = "resolution", "办理结果材料"
    OTHER = "other", "其他"

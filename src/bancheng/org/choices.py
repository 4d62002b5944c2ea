from django.db import models


class UnitKind(models.TextChoices):
    CENTER = "center", "中心"
    BRANCH = "branch", "管理部/分中心"
    CENTER_OFFICE = "center_office", "中心办公室"
    CUSTOMER_SERVICE = "customer_service", "客户服务部"
    LEADERSHIP_GROUP = "leadership_group", "领导小组"
    DEPARTMENT = "department", "业务部门"
    EXTERNAL = "external", "外部单位"


class Role(models.TextChoices):
    CASE_OFFICER = "case_officer", "办理专员"
    HANDLER = "handler", "承办人"
    UNIT_HEAD = "unit_head", "部门负责人"
    CENTER_OFFICE = "center_office", "中心办公室"
    CUSTOMER_SERVICE = "customer_service", "客户服务部"
    LEADER = "leader", "领导小组"
    AUDITOR = "auditor", "审计员"
    ADMIN = "admin", "系统管理员"

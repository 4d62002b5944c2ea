from __future__ import annotations

from django.conf import settings
from django.db import models

from bancheng.cases.choices import (
    ASSIGNMENT_STATE_CHOICES,
    CASE_STATE_CHOICES,
    DEADLINE_STATUS_CHOICES,
    Channel,
    DeadlineKind,
    DocumentKind,
    ExtensionState,
    NoticeState,
    Outcome,
    RequesterKind,
)
from bancheng.domain.deadlines import Limit, LimitUnit

STAFF = settings.AUTH_USER_MODEL


class Case(models.Model):
    """诉求件: one report of business that could not be done, from registration to archive
    ("one case, one file"). Rows are written only by ``bancheng.cases.actions``."""

    number = models.CharField("编号", max_length=40, unique=True)
    branch = models.ForeignKey(
        "org.Unit", verbose_name="受理单位", on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField("受理日期")
    registered_at = models.DateTimeField("受理时间")
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    officer = models.ForeignKey(STAFF, verbose_name="首问负责人", on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField("诉求人", max_length=100)
    requester_phone = models.CharField("联系电话", max_length=40)
    requester_kind = models.CharField("诉求人类型", max_length=16, choices=RequesterKind.choices)
    requester_enterprise = models.CharField("企业名称", max_length=200, blank=True)
    special_needs = models.CharField("特殊需求", max_length=200, blank=True)
    business = models.CharField("所办事项", max_length=200)
    service_item = models.ForeignKey(
        "catalog.ServiceItem",
        verbose_name="服务事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    problem = models.TextField("反映内容")
    external_number = models.CharField("外部工单号", max_length=64, blank=True)
    submission_key = models.CharField("提交标识", max_length=64, blank=True, editable=False)

    state = models.CharField("状态", max_length=16, choices=CASE_STATE_CHOICES)
    paused = models.BooleanField("挂起", default=False)
    escalation_level = models.PositiveSmallIntegerField("处理层级", default=0)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion", verbose_name="规则版本", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField("事项分类", max_length=40, blank=True)
    nature = models.CharField("问题性质", max_length=40, blank=True)
    case_class = models.CharField("问题类型", max_length=40, blank=True)
    disposal = models.CharField("处理方式", max_length=40, blank=True)
    assessed_at = models.DateTimeField("研判时间", null=True, blank=True)
    out_of_scope_reason = models.CharField("不予受理原因", max_length=40, blank=True)
    guidance = models.TextField("解释与指引", blank=True)

    outcome = models.CharField("办理结果", max_length=20, choices=Outcome.choices, blank=True)
    resolution = models.TextField("解决方案", blank=True)
    feedback = models.TextField("反馈内容", blank=True)
    feedback_basis = models.TextField("政策依据", blank=True)
    feedback_at = models.DateTimeField("反馈时间", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=32, blank=True)
    visited_at = models.DateTimeField("回访时间", null=True, blank=True)
    close_reason = models.TextField("销号说明", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    archive_number = models.CharField("档案号", max_length=40, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)

    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "诉求件"
        verbose_name_plural = "诉求件"
        indexes = [
            models.Index(fields=["branch", "state", "registered_on"]),
            models.Index(fields=["officer", "state"]),
            # The lists' default order (newest first) within a branch's or an officer's cases.
            models.Index(fields=["branch", "-registered_at", "-id"], name="case_branch_newest"),
            models.Index(fields=["officer", "-registered_at", "-id"], name="case_officer_newest"),
            models.Index(fields=["-registered_at", "-id"], name="case_newest"),
            models.Index(fields=["requester_phone"]),
            models.Index(fields=["state", "registered_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="case_submission_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def stream(self) -> str:
        return f"case:{self.pk}"


class CaseSequence(models.Model):
    """The last case number given by one branch in one year; locked only for that branch."""

    branch = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["branch", "year"], name="case_sequence_branch_year")]


class Assignment(models.Model):
    """转办: one part of a case transferred to one handling unit, with its instructions and deadline.
    Its clock starts when the unit signs for it (签收)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey("org.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        STAFF, verbose_name="承办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    instructions = models.TextField("办理要求")
    limit_amount = models.PositiveIntegerField("时限")
    limit_unit = models.CharField("时限单位", max_length=20)
    state = models.CharField("状态", max_length=16, choices=ASSIGNMENT_STATE_CHOICES)
    transferred_at = models.DateTimeField("转办时间")
    transferred_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    resolution = models.TextField("办理结果", blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    return_reason = models.TextField("退单原因", blank=True)
    returned_at = models.DateTimeField("退单时间", null=True, blank=True)
    urge_count = models.PositiveSmallIntegerField("催办次数", default=0)

    class Meta:
        verbose_name = "转办任务"
        verbose_name_plural = "转办任务"
        indexes = [models.Index(fields=["unit", "state"])]

    @property
    def limit(self) -> Limit:
        return Limit(self.limit_amount, LimitUnit(self.limit_unit))


class Deadline(models.Model):
    """A time limit on a case or an assignment. ``due_at`` is derived from ``started_at``, the limit, the
    working time of completed pauses and the approved extensions, so it can be recomputed when the
    calendar changes. ``original_due_at`` keeps the first due date."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    kind = models.CharField("类型", max_length=20, choices=DeadlineKind.choices)
    limit_amount = models.PositiveIntegerField()
    limit_unit = models.CharField(max_length=20)
    cap_days = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField("起算时间")
    pause_minutes = models.PositiveIntegerField("挂起顺延（工作分钟）", default=0)
    extensions = models.JSONField("已批准延期", default=list)
    paused_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField("到期时间")
    original_due_at = models.DateTimeField("原定到期时间")
    provisional = models.BooleanField("暂定", default=False)
    status = models.CharField("状态", max_length=16, choices=DEADLINE_STATUS_CHOICES)
    met_at = models.DateTimeField("完成时间", null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # a late assignment deadline the sweep has supervised (its automatic notice issued): not checked again
    supervised_at = models.DateTimeField("自动督办时间", null=True, blank=True)

    class Meta:
        verbose_name = "时限"
        verbose_name_plural = "时限"
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(  # the sweep: open running clocks by due date
                fields=["due_at"],
                name="deadline_sweep_open",
                condition=models.Q(
                    met_at=None, cancelled_at=None, paused_at=None, status__in=["on_track", "due_soon"]
                ),
            ),
            models.Index(  # the sweep: late open clocks that may need a notice or an escalation
                fields=["kind", "due_at"],
                name="deadline_sweep_late",
                condition=models.Q(met_at=None, cancelled_at=None, status="overdue"),
            ),
            models.Index(  # the sweep: late assignments not yet supervised (a no-change rerun reads none)
                fields=["due_at"],
                name="deadline_sweep_unsupervised",
                condition=models.Q(
                    kind="assignment", met_at=None, cancelled_at=None, status="overdue", supervised_at=None
                ),
            ),
        ]

    @property
    def limit(self) -> Limit:
        return Limit(self.limit_amount, LimitUnit(self.limit_unit))

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.cancelled_at is None


class Extension(models.Model):
    """延期: a request for a new deadline with its reason, decided by someone the policy allows."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extension_requests")
    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="extension_requests")
    requested_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    reason = models.TextField("延期理由")
    extra_amount = models.PositiveIntegerField("延长")
    extra_unit = models.CharField(max_length=20)
    state = models.CharField(max_length=16, choices=ExtensionState.choices, default=ExtensionState.REQUESTED)
    decided_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    old_due_at = models.DateTimeField(null=True, blank=True)
    new_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"


class Pause(models.Model):
    """容缺受理 / 挂起: the case waits for the requester's materials; ``missing_materials`` is the
    one-time notice (一次告知) of everything that is missing."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="pauses")
    paused_at = models.DateTimeField()
    paused_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    missing_materials = models.JSONField("缺少的材料", default=list)
    note = models.TextField(blank=True)
    resumed_at = models.DateTimeField(null=True, blank=True)
    resumed_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "挂起记录"
        verbose_name_plural = "挂起记录"


class SupervisionNotice(models.Model):
    """问题督办单: a formal notice from the center office to a unit that is late with an assignment."""

    number = models.CharField("督办单编号", max_length=40, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="被督办单位", on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(  # None: issued automatically by the sweep in the center office's name
        STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    overdue_deadline = models.OneToOneField(  # the late assignment deadline an automatic notice chases
        "Deadline", null=True, blank=True, on_delete=models.PROTECT, related_name="auto_notice"
    )
    escalated_at = models.DateTimeField("逾期未答复提级时间", null=True, blank=True)
    content = models.TextField("督办事项")
    requirement = models.TextField("督办要求")
    state = models.CharField(max_length=16, choices=NoticeState.choices, default=NoticeState.ISSUED)
    answered_by = models.ForeignKey(STAFF, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField("落实情况", blank=True)

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"


class NoticeSequence(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)


class FollowUpVisit(models.Model):
    """回访: three answers from the requester after feedback: contacted? solved? how satisfied?"""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="visits")
    visited_at = models.DateTimeField()
    visited_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    contacted = models.BooleanField("已联系")
    solved = models.BooleanField("已解决")
    satisfaction = models.CharField("满意度", max_length=32)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"


class NegativeFiling(models.Model):
    """否定备案: a matter that truly cannot be done, filed with its legal basis and the explanation given."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="negative_filings")
    filed_at = models.DateTimeField()
    filed_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    legal_basis = models.TextField("法律政策依据")
    explanation = models.TextField("解释说明")


class Referral(models.Model):
    """线索移送: a misconduct lead passed to the discipline inspection body."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    referred_at = models.DateTimeField()
    referred_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    body = models.CharField("移送机关", max_length=100)
    content = models.TextField("线索内容")


class Document(models.Model):
    """An attachment of a case: the requester's materials, a unit's resolution papers, other evidence.
    Stored once with its checksum; served only to users who may see the case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField("类别", max_length=20, choices=DocumentKind.choices)
    file = models.FileField("文件", upload_to="cases/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(STAFF, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class SavedFilter(models.Model):
    """A case list filter a user keeps under a name, to open again with one click."""

    owner = models.ForeignKey(STAFF, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField("名称", max_length=60)
    query = models.CharField("筛选条件", max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "常用筛选"
        verbose_name_plural = "常用筛选"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_filter_owner_name")]

    def __str__(self) -> str:
        return self.name

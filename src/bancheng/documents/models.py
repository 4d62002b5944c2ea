from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from bancheng.domain.errors import DomainError

STAFF = settings.AUTH_USER_MODEL


class FormTemplate(models.Model):
    """A Word template of a printed form uploaded by an administrator. Each accepted upload is a new version;
    the newest accepted one is in force (without any, the built-in default template is used)."""

    form_code = models.CharField("表单", max_length=32)
    version = models.PositiveIntegerField("版本")
    file = models.FileField("模板文件", upload_to="documents/templates/")
    original_name = models.CharField("文件名", max_length=200)
    checksum = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(STAFF, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间")
    in_force = models.BooleanField("现行", default=True)

    class Meta:
        verbose_name = "表单模板"
        verbose_name_plural = "表单模板"
        ordering = ["form_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["form_code", "version"], name="form_template_code_version"),
            models.UniqueConstraint(
                fields=["form_code"], condition=models.Q(in_force=True), name="form_template_one_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form_code} v{self.version}"


class CaseFile(models.Model):
    """立卷归档: the frozen file of an archived case: one PDF (cover with the archive number, every form, the
    timeline, feedback, visit and the attachment list) and a ZIP of the original attachments, each with its
    SHA-256. Written once inside the archive action's transaction, never updated."""

    case = models.OneToOneField(
        "cases.Case", verbose_name="诉求件", on_delete=models.PROTECT, related_name="case_file"
    )
    archive_number = models.CharField("档案号", max_length=40)
    pdf = models.FileField("案卷 PDF", upload_to="casefiles/%Y/")
    pdf_sha256 = models.CharField(max_length=64)
    zip = models.FileField("附件 ZIP", upload_to="casefiles/%Y/")
    zip_sha256 = models.CharField(max_length=64)
    attachments = models.JSONField("附件清单", default=list)
    created_by = models.ForeignKey(
        STAFF, verbose_name="立卷人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("立卷时间")

    class Meta:
        verbose_name = "案卷"
        verbose_name_plural = "案卷"

    def __str__(self) -> str:
        return self.archive_number

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise DomainError("casefile.frozen", "案卷已封存，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DomainError("casefile.frozen", "案卷已封存，不能删除")

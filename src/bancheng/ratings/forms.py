"""The forms of the bad-rating loop. Each posts back the case version it showed (a stale form is refused)."""

from __future__ import annotations

from typing import Any

from bancheng.cases.forms import VersionedForm, choice, text, yes_no
from bancheng.org.models import Unit


class VerifyForm(VersionedForm):
    note = text("核实情况", rows=3, help_text="与诉求人核实差评的经过和结论")
    needs_rectification = choice(
        "核实结论",
        [
            ("", "请选择"),
            ("yes", "情况属实，需要整改"),
            ("no", "答复无误，已解释说明，无需整改"),
        ],
    )

    def arguments(self) -> dict[str, Any]:
        return {
            "note": self.cleaned_data["note"],
            "needs_rectification": self.cleaned_data["needs_rectification"] == "yes",
        }


class AssignForm(VersionedForm):
    unit_id = choice("整改单位", [])
    requirement = text("整改要求", rows=3)

    def setup(self) -> None:
        units = Unit.objects.filter(active=True).order_by("name").values_list("pk", "name")
        self.fields["unit_id"].choices = [("", "请选择"), *((str(pk), name) for pk, name in units)]
        if self.policy is not None:
            limit = self.policy.rectify_limit.label
            self.fields["requirement"].help_text = f"整改时限：{limit}（自交办时起算）"

    def arguments(self) -> dict[str, Any]:
        return {"unit_id": int(self.cleaned_data["unit_id"]), "requirement": self.cleaned_data["requirement"]}


class RectificationForm(VersionedForm):
    rectification = text("整改结果", rows=3)


class FeedbackForm(VersionedForm):
    feedback = text("向诉求人反馈的整改情况", rows=3)


class RevisitForm(VersionedForm):
    contacted = yes_no("是否联系到诉求人")
    solved = yes_no("问题是否解决")
    satisfaction = choice("满意度", [])
    comment = text("诉求人意见", rows=2, required=False)

    def setup(self) -> None:
        assert self.policy is not None
        self.fields["satisfaction"].choices = [("", "请选择")] + [
            (c.code, c.label) for c in self.policy.satisfaction_scale
        ]


class AppealForm(VersionedForm):
    reason = text("申诉理由", rows=3, help_text="说明该评价为何属于误评")
    evidence = text(
        "佐证材料说明", rows=2, required=False, help_text="如通话录音时间、办理记录，可另行上传附件"
    )


class DecideForm(VersionedForm):
    approved = choice(
        "复核结论", [("", "请选择"), ("yes", "申诉成立（该差评不计入统计）"), ("no", "申诉不成立，驳回")]
    )
    note = text("复核意见", rows=3)

    def arguments(self) -> dict[str, Any]:
        return {"approved": self.cleaned_data["approved"] == "yes", "note": self.cleaned_data["note"]}

"""Registration and assessment: 受理 and 研判."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from bancheng.audit.chain import append_event
from bancheng.calendars.services import get_calendar
from bancheng.cases import deadlines as dl
from bancheng.cases import permissions
from bancheng.cases.actions._base import case_action, resolve_now
from bancheng.cases.choices import Channel, DeadlineKind, Outcome, RequesterKind
from bancheng.cases.models import Case
from bancheng.cases.numbers import next_case_number
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.domain.lifecycle import CaseAction, CaseState
from bancheng.org.models import Unit
from bancheng.org.services import branch_of
from bancheng.policies.services import active_policy_version, policy_of

PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,18}[0-9]$")


def _validate_registration(fields: dict[str, Any]) -> None:
    problems: dict[str, str] = {}
    if fields["channel"] not in Channel.values:
        problems["channel"] = "请选择反映渠道"
    if not fields["requester_name"].strip():
        problems["requester_name"] = "请填写诉求人姓名或企业名称"
    if not PHONE.match(fields["requester_phone"].strip()):
        problems["requester_phone"] = "请填写正确的联系电话"
    if fields["requester_kind"] not in RequesterKind.values:
        problems["requester_kind"] = "请选择诉求人类型"
    if fields["requester_kind"] == RequesterKind.ENTERPRISE and not fields["requester_enterprise"].strip():
        problems["requester_enterprise"] = "企业诉求请填写企业名称"
    if not fields["business"].strip():
        problems["business"] = "请填写所办事项"
    if not fields["problem"].strip():
        problems["problem"] = "请填写“办不成事”情况"
    if problems:
        raise DomainError("case.invalid", "登记信息不完整或有误", {"fields": problems})


def register_case(
    *,
    actor: Any,
    channel: str,
    requester_name: str,
    requester_phone: str,
    business: str,
    problem: str,
    requester_kind: str = RequesterKind.PERSON,
    requester_enterprise: str = "",
    special_needs: str = "",
    external_number: str = "",
    branch: Unit | None = None,
    submission_key: str = "",
    request_type: str = "",
    service_item: Any = None,
    now: datetime | None = None,
) -> Case:
    """受理: record a case and accept responsibility for it. The registering officer becomes the
    first-contact officer (首问负责人). Gives the next number of the branch and year. Event ``register``.

    ``submission_key`` makes a retried submission (a double click, a resent form, an API retry) return the
    case the first one created instead of creating a second.

    A 12345 hotline case (channel ``hotline``) with the platform's 诉求类型 ``request_type`` also gets the
    platform's own deadline (kind ``platform``) under the policy's ``hotline_limits``, from registration.

    ``service_item`` (a ``catalog.ServiceItem``, active) is the catalog's item the requester tried; the case
    keeps it and the event names its code. Without a typed 所办事项 the item's name is used."""
    permissions.require(actor, CaseAction.REGISTER)
    if service_item is not None:
        if not service_item.is_active:
            message = "该服务事项已停用，请重新选择"
            raise DomainError("case.inactive_service_item", message, {"fields": {"service_item": message}})
        if not business.strip():
            business = service_item.name
    fields = {
        "channel": channel,
        "requester_name": requester_name,
        "requester_phone": requester_phone,
        "requester_kind": requester_kind,
        "requester_enterprise": requester_enterprise,
        "special_needs": special_needs,
        "business": business,
        "problem": problem,
        "external_number": external_number,
    }
    _validate_registration(fields)
    submission_key = submission_key.strip()[:64]
    earlier = _submitted(submission_key)
    if earlier is not None:
        return earlier
    try:
        return _create_case(
            actor, fields, branch, submission_key, resolve_now(now), request_type, service_item
        )
    except IntegrityError:
        earlier = _submitted(submission_key)
        if earlier is None:
            raise
        return earlier


def _submitted(submission_key: str) -> Case | None:
    if not submission_key:
        return None
    return Case.objects.filter(submission_key=submission_key).first()


def _create_case(
    actor: Any,
    fields: dict[str, Any],
    branch: Unit | None,
    submission_key: str,
    when: datetime,
    request_type: str = "",
    service_item: Any = None,
) -> Case:
    channel = fields["channel"]
    home = branch or branch_of(actor.unit)
    with transaction.atomic():
        version = active_policy_version()
        policy = policy_of(version.pk)
        local_day = when.astimezone(TZ).date()
        case = Case.objects.create(
            number=next_case_number(home, local_day.year, policy.case_number_prefix),
            branch=home,
            registered_on=local_day,
            registered_at=when,
            officer=actor,
            state=CaseState.REGISTERED.value,
            policy_version=version,
            updated_at=when,
            submission_key=submission_key,
            service_item=service_item,
            **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
        )
        data: dict[str, Any] = {"policy_version": version.version}
        if service_item is not None:
            data["service_item"] = service_item.code
        platform_limit = policy.hotline_limit(request_type) if channel == Channel.HOTLINE else None
        if platform_limit is not None:
            platform = dl.open_deadline(
                get_calendar(),
                case=case,
                kind=DeadlineKind.PLATFORM,
                start=when,
                limit=platform_limit,
                now=when,
                due_soon_minutes=policy.due_soon_minutes,
            )
            data["deadlines"] = [dl.describe(platform)]
        if channel == Channel.HOTLINE and request_type:
            data["request_type"] = request_type  # the platform's 诉求类型, shown beside both clocks
        append_event(
            stream=case.stream,
            action=CaseAction.REGISTER.value,
            at=when,
            actor=actor,
            case=case,
            after={"number": case.number, "state": case.state, "channel": channel, "branch": home.code},
            data=data,
        )
    return case


def assess_case(
    case: Case | int,
    *,
    actor: Any,
    category: str,
    nature: str,
    case_class: str,
    disposal: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """研判: in scope; sets category, nature, class and disposal under the policy in force now (the case
    keeps that version), opens the feedback deadline counted from registration, and, when the disposal
    is a transfer, the prompt-transfer deadline. Event ``assess``."""
    with case_action(case, CaseAction.ASSESS, actor=actor, now=now, expected_version=expected_version) as ctx:
        version = active_policy_version()
        policy = policy_of(version.pk)
        klass = policy.case_class(case_class)
        policy.category(category)
        policy.nature(nature)
        if disposal not in {d.code for d in policy.disposals}:
            raise DomainError("case.unknown_disposal", "请选择处理方式", {"disposal": disposal})
        level = max(ctx.case.escalation_level, klass.handled_at_level, 1 if disposal == "escalate" else 0)
        ctx.set(
            policy_version_id=version.pk,
            category=category,
            nature=nature,
            case_class=case_class,
            disposal=disposal,
            assessed_at=ctx.now,
            escalation_level=min(level, policy.max_escalation_level),
        )
        cal = get_calendar()
        feedback = dl.open_deadline(
            cal,
            case=ctx.case,
            kind=DeadlineKind.FEEDBACK,
            start=ctx.case.registered_at,
            limit=klass.feedback_limit,
            cap_days=policy.calendar_cap_days,
            now=ctx.now,
            due_soon_minutes=policy.due_soon_minutes,
        )
        ctx.data["deadlines"] = [dl.describe(feedback)]
        if disposal == "transfer":
            prompt = dl.open_deadline(
                cal,
                case=ctx.case,
                kind=DeadlineKind.PROMPT_TRANSFER,
                start=ctx.case.registered_at,
                limit=policy.prompt_transfer_limit,
                now=ctx.now,
                due_soon_minutes=policy.due_soon_minutes,
            )
            ctx.data["deadlines"].append(dl.describe(prompt))
        ctx.data["policy_version"] = version.version


def rule_out_of_scope(
    case: Case | int,
    *,
    actor: Any,
    reason: str,
    guidance: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """不予受理: 信访, 纪检监察, 涉法涉诉 and matters the law forbids are out of scope. The reason is
    recorded, the requester is told why and pointed to the right body. Event ``rule_out_of_scope``."""
    with case_action(
        case, CaseAction.RULE_OUT_OF_SCOPE, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        ctx.policy.out_of_scope_reason(reason)
        if not guidance.strip():
            raise DomainError("case.guidance_required", "请填写向诉求人所作的解释说明和指引（应到何处反映）")
        ctx.set(out_of_scope_reason=reason, guidance=guidance.strip(), closed_at=ctx.now)


def resolve_on_the_spot(
    case: Case | int,
    *,
    actor: Any,
    resolution: str,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """当场办结: simple, clear, solved at the window with the requester present, so the result is told at
    once (seed 000 四(一) 当场办理). Meets the feedback deadline. Event ``resolve_on_the_spot``."""
    with case_action(
        case, CaseAction.RESOLVE_ON_THE_SPOT, actor=actor, now=now, expected_version=expected_version
    ) as ctx:
        if not resolution.strip():
            raise DomainError("case.resolution_required", "请填写当场答复情况")
        ctx.set(
            outcome=Outcome.SOLVED.value,
            resolution=resolution.strip(),
            feedback=resolution.strip(),
            feedback_at=ctx.now,
        )
        ctx.data["deadlines"] = meet_case_deadlines(ctx.cal, ctx.case, ctx.now)


def meet_case_deadlines(cal: Any, case: Case, at: datetime) -> list[dict[str, object]]:
    """The requester has the answer: the feedback deadline (and a hotline case's platform deadline) is met;
    an untaken prompt transfer lapses."""
    changed = []
    for deadline in case.deadlines.filter(assignment=None, met_at=None, cancelled_at=None):
        if deadline.kind in (DeadlineKind.FEEDBACK, DeadlineKind.PLATFORM):
            dl.meet(cal, deadline, at=at)
        else:
            dl.cancel(deadline, at=at)
        changed.append(dl.describe(deadline))
    return changed

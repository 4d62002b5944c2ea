"""Publishing policies and reading the one in force."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bancheng.audit.chain import SYSTEM_STREAM, append_event
from bancheng.domain.errors import DomainError
from bancheng.domain.policy import Policy, policy_from_dict, policy_to_dict, preset
from bancheng.policies.models import PolicyVersion


def active_policy_version() -> PolicyVersion:
    version = PolicyVersion.objects.filter(active=True).first()
    if version is None:
        raise DomainError("policy.none_active", "尚未发布现行政策，请先安装预设（bancheng demo 或管理后台）")
    return version


def policy_of(version_id: int | None) -> Policy:
    """The policy of a version (the active one when ``None``). Versions never change, so the parsed
    policy is cached by the version's unique id (not its primary key, which a rolled-back insert may
    hand out again)."""
    if version_id is None:
        version = active_policy_version()
        return _parsed(str(version.uid), version.pk)
    try:
        uid = PolicyVersion.objects.values_list("uid", flat=True).get(pk=version_id)
    except PolicyVersion.DoesNotExist:
        raise DomainError("policy.not_found", "政策版本不存在", {"version": version_id}) from None
    return _parsed(str(uid), version_id)


@lru_cache(maxsize=64)
def _parsed(uid: str, version_id: int) -> Policy:
    return policy_from_dict(PolicyVersion.objects.values_list("data", flat=True).get(pk=version_id))


def publish_policy(policy: Policy, *, actor: Any = None, note: str = "") -> PolicyVersion:
    """Publish ``policy`` as the new version in force; the previous one stays for the cases assessed
    under it. Refused with ``policy.invalid`` when it has problems."""
    problems = policy.problems()
    if problems:
        raise DomainError("policy.invalid", "；".join(problems), {"problems": problems})
    with transaction.atomic():
        PolicyVersion.objects.select_for_update().filter(active=True).update(active=False)
        last = PolicyVersion.objects.aggregate(m=Max("version"))["m"] or 0
        version = PolicyVersion.objects.create(
            version=last + 1,
            preset=policy.preset,
            name=policy.name,
            data=policy_to_dict(policy),
            note=note,
            published_at=timezone.now(),
            published_by=actor,
            active=True,
        )
        append_event(
            stream=SYSTEM_STREAM,
            action="publish_policy",
            at=version.published_at,
            actor=actor,
            data={"version": version.version, "preset": policy.preset, "note": note},
        )
        return version


def install_preset(code: str, *, actor: Any = None) -> PolicyVersion:
    """Make preset ``code`` the policy in force, and apply its calendar settings (a 5+2 hall serves on
    weekends). Idempotent: when the version in force already holds exactly this preset, nothing changes."""
    from bancheng.calendars.services import set_weekend_service

    policy = preset(code)
    current = PolicyVersion.objects.filter(active=True).first()
    with transaction.atomic():
        if current is not None and current.data == policy_to_dict(policy):
            version = current
        else:
            version = publish_policy(policy, actor=actor, note=f"安装预设 {code}")
        set_weekend_service(policy.weekend_service, actor=actor)
    return version

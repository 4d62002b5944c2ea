"""What the public pages do: take an online report, find a case by number and phone, rate through a
one-time link. Each write goes through the case actions (``register_case``, ``attach_document``,
``record_visit``); nothing here writes a case row."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from bancheng.cases import actions as act
from bancheng.cases.actions.documents import check_upload
from bancheng.cases.choices import Channel, DocumentKind
from bancheng.cases.models import Case
from bancheng.domain.errors import DomainError
from bancheng.org.choices import Role
from bancheng.org.models import Staff
from bancheng.org.services import branch_of
from bancheng.portal.links import open_link, use_link

RESUBMIT_WINDOW = timedelta(minutes=10)
MAX_FILES = 5


def intake_officer() -> Staff:
    """Who takes the online reports (网上受理值守专员): the case officer named by
    ``BANCHENG_PORTAL_OFFICER`` (a username), else the first active case officer. An absent officer's A/B
    backup takes over. The officer becomes the first-contact officer of every online case they take."""
    name = str(getattr(settings, "BANCHENG_PORTAL_OFFICER", "") or "")
    officers = Staff.objects.filter(is_active=True, role=Role.CASE_OFFICER).select_related("unit", "backup")
    officer = officers.filter(username=name).first() if name else None
    if officer is None:
        officer = officers.filter(absent=False).order_by("pk").first() or officers.order_by("pk").first()
    if officer is None:
        raise DomainError("portal.no_officer", "网上反映暂不可用，请拨打服务电话或到窗口反映")
    if officer.absent and officer.backup is not None and officer.backup.is_active:
        return officer.backup
    return officer


def max_files() -> int:
    return int(getattr(settings, "BANCHENG_PORTAL_MAX_FILES", MAX_FILES))


def check_uploads(uploads: list[Any]) -> None:
    """The registration's own checks on each file (type by extension and content, size), and a count."""
    if len(uploads) > max_files():
        raise DomainError("portal.too_many_files", f"附件最多 {max_files()} 个", {"field": "attachments"})
    for upload in uploads:
        check_upload(upload)


def recently_reported(data: dict[str, Any], now: datetime) -> Case | None:
    """The online case of the same phone, business and problem reported minutes ago: the form sent again
    after a reload (with a new submission key) is that case, not a second one."""
    return (
        Case.objects.filter(
            channel=Channel.ONLINE,
            registered_at__gte=now - RESUBMIT_WINDOW,
            requester_phone=data["requester_phone"].strip(),
            business=data["business"].strip(),
            problem=data["problem"].strip(),
        )
        .order_by("-registered_at")
        .first()
    )


def report_case(data: dict[str, Any], uploads: list[Any], *, submission_key: str, now: datetime) -> Case:
    """网上反映: the case and its materials together, or neither, registered by the intake officer with
    channel ``online``. A resubmission (same key, or the same report within ten minutes) returns the case
    the first submission created."""
    check_uploads(uploads)
    earlier = recently_reported(data, now)
    if earlier is not None:
        return earlier
    officer = intake_officer()
    with transaction.atomic():
        case = act.register_case(
            actor=officer,
            channel=Channel.ONLINE,
            branch=branch_of(officer.unit),
            submission_key=submission_key,
            now=now,
            **data,
        )
        if case.documents.exists():
            return case
        for upload in uploads:
            act.attach_document(case, actor=officer, upload=upload, kind=DocumentKind.MATERIAL, now=now)
    return case


def _same_phone(a: str, b: str) -> bool:
    def digits(s: str) -> str:
        return "".join(c for c in s if c.isdigit())[-11:]

    return bool(digits(a)) and digits(a) == digits(b)


def find_case(number: str, phone: str) -> Case | None:
    """The case with this number whose requester has this phone; ``None`` for an unknown number and for
    a wrong phone alike (the page must not tell which)."""
    case = Case.objects.filter(number=number.strip().upper()).select_related("branch").first()
    if case is None or not _same_phone(case.requester_phone, phone):
        return None
    return case


def _visit_actor(case: Case) -> Staff:
    """The follow-up visit is recorded as taken by the case's first-contact officer (who is answerable for
    it), or by the intake officer when that officer can no longer act."""
    officer = case.officer
    if officer is not None and officer.is_active and officer.role == Role.CASE_OFFICER:
        return officer
    return intake_officer()


def rate_case(
    token: str, *, contacted: bool, solved: bool, satisfaction: str, comment: str, now: datetime
) -> Case:
    """评价: the requester's answers become the follow-up visit (``record_visit``: a bad rating opens the
    bad-rating loop there); the link is used once, in the same transaction."""
    with transaction.atomic():
        link = open_link(token, now)
        use_link(link, now)  # locks the invitation: a second, simultaneous submit waits and is refused
        act.record_visit(
            link.case.pk,
            actor=_visit_actor(link.case),
            contacted=contacted,
            solved=solved,
            satisfaction=satisfaction,
            comment=f"（诉求人网上评价）{comment.strip()}" if comment.strip() else "（诉求人网上评价）",
            now=now,
        )
    return link.case

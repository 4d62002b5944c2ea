"""The weekly detection of recurring problems: group the window's cases (``similarity`` and the rule of
``domain/recurring.py``), store the groups (a group found again is updated, not duplicated), record the run
and tell the center office about new groups. The cases are only read."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from bancheng.audit.chain import append_event
from bancheng.domain import recurring as rules
from bancheng.domain.calendar import TZ
from bancheng.notifications.choices import Channel
from bancheng.notifications.services import enqueue_many
from bancheng.org.choices import Role
from bancheng.policies.services import policy_of
from bancheng.recurring import selectors, similarity
from bancheng.recurring.models import RecurringGroup, RecurringMember, RecurringRun
from bancheng.text.segment import words

log = logging.getLogger(__name__)

RECURRING_STREAM = "recurring"
NOTICE_TEMPLATE = "recurring_groups_found"
RUN_WEEKDAY = 0  # Monday
RUN_FROM = clock(7, 0)  # Monday morning, Asia/Shanghai
FETCH_CHUNK = 5000
MAX_TEXT = 2000


@dataclass
class FoundGroup:
    """A group as detected this week, before it is stored."""

    case_ids: list[int]
    requesters: int
    terms: list[str]
    trend: list[int]
    continues: int | None = None


@dataclass
class Detection:
    week_start: date
    rule: rules.Rule
    case_count: int = 0
    groups: list[FoundGroup] = field(default_factory=list)
    seconds: float = 0.0
    already: bool = False
    new_groups: int = 0
    continued_groups: int = 0
    notified: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "already_detected": int(self.already),
            "cases": self.case_count,
            "groups": len(self.groups),
            "new": self.new_groups,
            "continued": self.continued_groups,
            "notified": self.notified,
        }


def current_rule() -> rules.Rule:
    return policy_of(None).recurring_rule()


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, clock(0), tzinfo=TZ)


def find_groups(week_start: date, rule: rules.Rule) -> Detection:
    """Group the cases registered in the window ending with the week of ``week_start`` (read-only)."""
    started = time.perf_counter()
    first, end = rules.window(week_start, rule.lookback_weeks)
    ids: list[int] = []
    members: list[rules.Member] = []
    days: list[date] = []
    docs: list[list[str]] = []
    rows = selectors.window_rows(_local_midnight(first), _local_midnight(end))
    for pk, business, problem, phone, name, day in rows:
        ids.append(pk)
        members.append(rules.Member(str(pk), rules.requester_key(phone, name)))
        days.append(day)
        docs.append(words(f"{business} {problem[:MAX_TEXT]}"))
    found = similarity.components(docs, rule.similarity)
    groups = rules.groups_from_components(members, found.groups(), rule.min_requesters)
    detection = Detection(week_start, rule, case_count=len(ids))
    for group in groups:
        detection.groups.append(
            FoundGroup(
                case_ids=[ids[i] for i in group.members],
                requesters=group.requesters,
                terms=found.terms(group.members),
                trend=rules.trend((days[i] for i in group.members), week_start, rule.lookback_weeks),
            )
        )
    _match_earlier(detection)
    detection.seconds = time.perf_counter() - started
    return detection


def _match_earlier(detection: Detection) -> None:
    """Mark the groups that continue a group stored for an earlier week (mostly the same cases)."""
    first, _ = rules.window(detection.week_start, detection.rule.lookback_weeks)
    earlier_ids = list(
        RecurringGroup.objects.filter(week_start__lt=detection.week_start, week_start__gte=first).values_list(
            "pk", flat=True
        )
    )
    previous: dict[int, set[int]] = {pk: set() for pk in earlier_ids}
    rows = RecurringMember.objects.filter(group_id__in=earlier_ids).values_list("group_id", "case_id")
    for group_id, case_id in rows.iterator(chunk_size=FETCH_CHUNK):
        previous[group_id].add(case_id)
    current = [frozenset(g.case_ids) for g in detection.groups]
    matched = rules.continued_from({k: frozenset(v) for k, v in previous.items()}, current)
    for index, key in matched.items():
        detection.groups[index].continues = key


def detect_week(
    week_start: date, *, now: datetime, dry_run: bool = False, rule: rules.Rule | None = None
) -> Detection:
    """Detect the recurring problems of the week of ``week_start`` (a Monday) and store them: new groups are
    created (status 待研判), groups continuing an earlier week's are updated (status kept), the run is
    recorded and every active center office user gets one in-app message when there are new groups.
    Idempotent per week: a week already detected is left as it was (``already``), also when two runs race
    (the unique run row decides). ``dry_run`` detects and writes nothing. Event ``detect_recurring``."""
    rules.parse_week(rules.week_code(week_start))  # a Monday of a real ISO week
    rule = rule or current_rule()
    if RecurringRun.objects.filter(week_start=week_start).exists():
        return Detection(week_start, rule, already=True)
    detection = find_groups(week_start, rule)
    detection.new_groups = sum(1 for g in detection.groups if g.continues is None)
    detection.continued_groups = len(detection.groups) - detection.new_groups
    if dry_run:
        return detection
    first, end = rules.window(week_start, rule.lookback_weeks)
    try:
        with transaction.atomic():
            run = RecurringRun.objects.create(
                week_start=week_start,
                ran_at=now,
                window_first=first,
                window_end=end,
                settings=asdict(rule),
                case_count=detection.case_count,
                group_count=len(detection.groups),
                new_groups=detection.new_groups,
                continued_groups=detection.continued_groups,
                seconds=round(detection.seconds, 3),
            )
            stored = [_store(group, week_start, now) for group in detection.groups]
            detection.notified = _notify(detection, now)
            if detection.notified:
                run.notified = detection.notified
                run.save(update_fields=["notified"])
            append_event(
                stream=RECURRING_STREAM,
                action="detect_recurring",
                at=now,
                data={
                    "week": rules.week_code(week_start),
                    "settings": asdict(rule),
                    "cases": detection.case_count,
                    "groups": [g.pk for g in stored],
                    "new": detection.new_groups,
                    "continued": detection.continued_groups,
                    "notified": detection.notified,
                },
            )
    except IntegrityError:
        if not RecurringRun.objects.filter(week_start=week_start).exists():
            raise
        return Detection(week_start, rule, already=True)
    return detection


def _store(found: FoundGroup, week_start: date, now: datetime) -> RecurringGroup:
    entry = {
        "week": rules.week_code(week_start),
        "cases": len(found.case_ids),
        "requesters": found.requesters,
    }
    if found.continues is None:
        group = RecurringGroup.objects.create(
            first_week=week_start,
            week_start=week_start,
            label="、".join(found.terms),
            terms=found.terms,
            case_count=len(found.case_ids),
            requester_count=found.requesters,
            trend=found.trend,
            history=[entry],
            created_at=now,
            updated_at=now,
        )
    else:
        group = RecurringGroup.objects.select_for_update().get(pk=found.continues)
        group.week_start = week_start
        group.label = "、".join(found.terms)
        group.terms = found.terms
        group.case_count = len(found.case_ids)
        group.requester_count = found.requesters
        group.trend = found.trend
        group.history = [*group.history, entry]
        group.updated_at = now
        group.save(
            update_fields=[
                "week_start",
                "label",
                "terms",
                "case_count",
                "requester_count",
                "trend",
                "history",
                "updated_at",
            ]
        )
    known = set(
        RecurringMember.objects.filter(group=group, case_id__in=found.case_ids).values_list(
            "case_id", flat=True
        )
    )
    if known:
        RecurringMember.objects.filter(group=group, case_id__in=known).update(last_week=week_start)
    RecurringMember.objects.bulk_create(
        [
            RecurringMember(group=group, case_id=pk, last_week=week_start)
            for pk in found.case_ids
            if pk not in known
        ],
        batch_size=2000,
    )
    return group


def center_office_users() -> list[Any]:
    return list(get_user_model().objects.filter(role=Role.CENTER_OFFICE, is_active=True).order_by("pk"))


def _notify(detection: Detection, now: datetime) -> int:
    """One in-app message per center office user for a week with new groups (the dedupe key names the week,
    so a message is never sent twice)."""
    if not detection.new_groups:
        return 0
    week = rules.week_code(detection.week_start)
    values = {"week": rules.week_label(detection.week_start), "group_count": str(detection.new_groups)}
    pending = [
        {
            "channel": Channel.IN_APP,
            "template_code": NOTICE_TEMPLATE,
            "values": values,
            "dedupe_key": f"recurring:{week}:{user.pk}",
            "now": now,
            "recipient": user,
        }
        for user in center_office_users()
    ]
    return enqueue_many(pending)


def due_week(now: datetime) -> date | None:
    """The week the job detects at ``now``: the week just ended, from Monday 07:00 (Asia/Shanghai)."""
    local = timezone.localtime(now, TZ)
    week = rules.last_ended_week(local)
    opens = datetime.combine(week + timedelta(days=7), RUN_FROM, tzinfo=TZ)
    return week if local >= opens else None


def run_weekly(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """The periodic job: detect the week just ended once it is Monday morning; later runs that week find the
    run recorded and do nothing."""
    week = due_week(now)
    if week is None:
        return {"already_detected": 0, "cases": 0, "groups": 0, "new": 0, "continued": 0, "notified": 0}
    return detect_week(week, now=now, dry_run=dry_run).counts()

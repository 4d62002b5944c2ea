"""The periodic jobs: each app declares its own in ``<app>/jobs.py`` with ``@periodic``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

JobFunction = Callable[..., dict[str, int]]


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: int
    fn: JobFunction

    def slot(self, now: datetime) -> datetime:
        """The start of the period ``now`` falls in, counted in local time (Asia/Shanghai), so a daily job's
        slot starts at local midnight."""
        offset = int(timezone.localtime(now).utcoffset().total_seconds())  # type: ignore[union-attr]
        local = int(now.timestamp()) + offset
        return datetime.fromtimestamp(local - local % self.every_seconds - offset, tz=UTC)

    @property
    def description(self) -> str:
        """The first line of the job's docstring."""
        lines = (self.fn.__doc__ or "").strip().splitlines()
        return lines[0] if lines else ""


_REGISTRY: dict[str, Job] = {}


def periodic(name: str, every_seconds: int) -> Callable[[JobFunction], JobFunction]:
    """Register ``fn(now, *, dry_run=False) -> counts`` to run once every ``every_seconds``."""
    if every_seconds <= 0:
        raise ValueError(f"job {name!r}: every_seconds must be positive")

    def register(fn: JobFunction) -> JobFunction:
        existing = _REGISTRY.get(name)
        if existing is not None and _qualified(existing.fn) != _qualified(fn):
            raise ValueError(f"job {name!r} is already registered by {_qualified(existing.fn)}")
        _REGISTRY[name] = Job(name, every_seconds, fn)
        return fn

    return register


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def jobs() -> dict[str, Job]:
    """The registered jobs by name, in name order."""
    return dict(sorted(_REGISTRY.items()))


def autodiscover() -> None:
    """Import ``<app>.jobs`` of every installed app that has one, so its ``@periodic`` jobs register."""
    autodiscover_modules("jobs")


def _qualified(fn: JobFunction) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"

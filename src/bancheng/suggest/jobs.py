"""The periodic job of the suggestions: retrain each night on the history, when it has changed."""

from __future__ import annotations

from datetime import datetime

from bancheng.jobs.registry import periodic
from bancheng.suggest.actions import train_models


@periodic("suggest_train", every_seconds=86400)
def train_suggestions(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Nightly: retrain the category and unit suggestion models when assessed or transferred cases (or
    overrides) were added since the last model; too little history is skipped, not an error."""
    results = train_models(now=now, dry_run=dry_run)
    return {
        "trained": sum(1 for r in results if r.status == "trained"),
        "unchanged": sum(1 for r in results if r.status == "unchanged"),
        "too_few": sum(1 for r in results if r.status == "too_few"),
    }

"""The demo's search index: built once the demo's cases, articles and catalog items exist, so that the demo's
search box finds them (the demo is recorded inside one transaction, before any after-commit indexing)."""

from __future__ import annotations

from typing import Any

from bancheng.search.actions import reindex


def build_search_index(demo: Any) -> dict[str, int]:
    return reindex()

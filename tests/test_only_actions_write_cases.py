"""STYLE.md: nothing but the actions writes a Case, an Assignment or an Event."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "bancheng"
ACTION_MODULES = {
    "cases/actions",
    "cases/deadlines.py",
    "cases/numbers.py",
    "cases/recompute.py",
    "audit/chain.py",
}
# Modules of the cases app that write rows of their own models, never a Case, an Assignment or an Event.
OWN_ROWS_ONLY = {
    "cases/saved_filters.py",  # SavedFilter: a user's named list filter
    "stats/rollups.py",  # DailyRollup, RollupCoverage: reads the case rows, writes only its roll-ups
}
GUARDED_MODELS = re.compile(r"from bancheng\.(cases|audit)\.models import")
WRITES = re.compile(r"\.(save|delete|update|create|bulk_create|bulk_update|get_or_create|update_or_create)\(")


def _is_action_module(path: Path, root: Path) -> bool:
    relative = path.relative_to(root).as_posix()
    return any(relative == allowed or relative.startswith(allowed + "/") for allowed in ACTION_MODULES)


def writes_outside_actions(root: Path = SRC) -> list[str]:
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or _is_action_module(path, root):
            continue
        if path.relative_to(root).as_posix() in OWN_ROWS_ONLY:
            continue
        text = path.read_text(encoding="utf-8")
        if not GUARDED_MODELS.search(text):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if WRITES.search(line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return offenders


def test_no_module_outside_the_actions_writes_case_rows():
    assert writes_outside_actions() == []


def test_the_check_catches_a_view_that_writes_a_case(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "views.py").write_text(
        "from bancheng.cases.models import Case\nCase.objects.filter().update(state='closed')\n"
    )
    assert writes_outside_actions(tmp_path) == [
        "cases/views.py:2: Case.objects.filter().update(state='closed')"
    ]

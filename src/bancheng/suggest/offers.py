"""The suggestion offered on the case's own forms: at assessment the suggested category is pre-selected
with a note, at transfer the suggested unit comes first. Nothing is offered when there is no model, the
form is being re-shown after a post, or the suggestion is not among the form's choices."""

from __future__ import annotations

import logging
from typing import Any

from bancheng.suggest import learning, selectors

log = logging.getLogger(__name__)


def _suggestion(case: Any) -> Any:
    if case is None:
        return None
    try:
        return selectors.suggest(learning.case_text(case.business, case.problem))
    except Exception:  # a broken model must never stop an assessment or a transfer
        log.exception("suggestion for case %s failed", getattr(case, "pk", None))
        return None


def offer_category(form: Any) -> None:
    """Pre-select the suggested category of an unbound assessment form, with 系统建议：…（置信度 xx%）."""
    if form.is_bound or form.case is None or form.case.category:
        return
    suggestion = _suggestion(form.case)
    top = suggestion.category if suggestion else None
    if top is None or top.code not in {str(code) for code, _ in form.fields["category"].choices}:
        return
    form.initial.setdefault("category", top.code)
    form.fields["category"].help_text = top.note
    form.suggested_category = top


def offer_unit(form: Any) -> None:
    """Put the suggested handling unit first on an unbound transfer form (first transfer only), marked
    （系统建议）, with the note above the units."""
    if form.is_bound or form.case is None or form.case.assignments.exists():
        return
    suggestion = _suggestion(form.case)
    top = suggestion.unit if suggestion else None
    if top is None:
        return
    first = [u for u in form.targets if u.code == top.code]
    if not first:
        return
    form.targets = first + [u for u in form.targets if u.code != top.code]
    field = form.fields["units"]
    field.label_from_instance = lambda unit: (
        f"{unit.name}（系统建议）" if unit.code == top.code else unit.name
    )
    form.suggestion_note = top.note
    form.suggested_unit = top

"""What a closed case says, turned into an article's first draft, with the requester's personal data
removed (``bancheng.domain.redaction``).

- problem (问题): what the requester reported;
- cause (原因): what stood in the way: the materials the one-time notices listed, the units' earlier findings,
  returned transfers, an out-of-scope ruling, the explanation of a negative filing;
- solution (解决办法): what got it done: an on-the-spot resolution, how the window helped (the notes of its
  pauses and resumptions), each unit's final resolution, the guidance given, the feedback;
- policy basis (政策依据): the basis given with the feedback, a negative filing's legal basis, the reason a case
  was closed as compliant.
Categories and service item come from the case's assessment.

Besides the requester's data, the names of other people written without a form of address (邻居李秀英) are
removed: ``bancheng.text.names`` finds them in all the texts of the case, and every text is redacted with all of
them, so a name the tagger recognises in one sentence goes from the others too. Home addresses are one of the
redaction's own patterns."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bancheng.domain.lifecycle import CaseAction
from bancheng.domain.redaction import KnownPerson, redact
from bancheng.policies.services import policy_of
from bancheng.text.names import person_names


@dataclass(frozen=True)
class ArticleFields:
    """The text and categories of an article, as a form or the drafting gives them."""

    title: str
    problem: str
    cause: str = ""
    solution: str = ""
    policy_basis: str = ""
    categories: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "problem": self.problem,
            "cause": self.cause,
            "solution": self.solution,
            "policy_basis": self.policy_basis,
            "categories": list(self.categories),
        }


@dataclass(frozen=True)
class Draft:
    fields: ArticleFields
    service_item_ids: tuple[int, ...]
    removed: dict[str, int] = field(default_factory=dict)


def known_person(case: Any) -> KnownPerson:
    """The requester of ``case`` as the redaction knows them."""
    return KnownPerson(
        names=tuple(n for n in [case.requester_name] if n),
        phones=tuple(p for p in [case.requester_phone] if p),
        enterprises=tuple(e for e in [case.requester_enterprise] if e),
    )


def _lines(items: list[str]) -> str:
    items = [i.strip() for i in items if i and i.strip()]
    if len(items) <= 1:
        return items[0] if items else ""
    return "\n".join(f"{n}. {text}" for n, text in enumerate(items, start=1))


def _label(choices: Any, code: str) -> str:
    return next((c.label for c in choices if c.code == code), code)


def draft_from_case(case: Any) -> Draft:
    """The first draft of an article about ``case``: its text redacted, its category and service item."""
    policy = policy_of(case.policy_version_id)
    assignments = list(case.assignments.select_related("unit").order_by("transferred_at", "pk"))
    last_of_unit = {}
    for a in assignments:
        if a.resolution.strip():
            last_of_unit[a.unit_id] = a.pk
    cause: list[str] = []
    solution: list[str] = []
    basis: list[str] = []

    for pause in case.pauses.order_by("paused_at", "pk"):
        if pause.missing_materials:
            cause.append("一次告知所缺材料：" + "、".join(pause.missing_materials))
    for a in assignments:
        if a.return_reason.strip():
            cause.append(f"{a.unit.name}退回转办：{a.return_reason.strip()}")
        if a.resolution.strip() and last_of_unit[a.unit_id] != a.pk:
            cause.append(f"{a.unit.name}：{a.resolution.strip()}")
    if case.out_of_scope_reason:
        cause.append("不属于受理范围：" + _label(policy.out_of_scope_reasons, case.out_of_scope_reason))
    filings = list(case.negative_filings.order_by("filed_at", "pk"))
    cause.extend(f.explanation for f in filings)

    if case.resolution.strip() and not assignments:  # with transfers it gathers the units' resolutions
        solution.append("当场办结：" + case.resolution.strip())
    notes = [p.note for p in case.pauses.order_by("paused_at", "pk") if p.note.strip()]
    resumed = case.events.filter(stream=case.stream, action=CaseAction.RESUME.value).order_by("seq")
    notes += [str(e.data.get("note", "")) for e in resumed]
    solution.extend("窗口协助：" + n.strip() for n in notes if n.strip())
    for a in assignments:
        if a.resolution.strip() and last_of_unit[a.unit_id] == a.pk:
            solution.append(f"{a.unit.name}：{a.resolution.strip()}")
    if case.guidance.strip():
        solution.append("解释与指引：" + case.guidance.strip())
    if case.feedback.strip() and case.feedback.strip() != case.resolution.strip():  # on the spot: the same
        solution.append("反馈结果：" + case.feedback.strip())

    basis.append(case.feedback_basis)
    basis.extend(f.legal_basis for f in filings)
    if case.close_reason.strip():
        basis.append(case.close_reason)

    texts = {
        "title": case.business,
        "problem": case.problem,
        "cause": _lines(cause),
        "solution": _lines(solution),
        "policy_basis": _lines(basis),
    }
    known = known_person(case)
    names = tuple(dict.fromkeys(n for text in texts.values() for n in person_names(text)))
    removed: Counter[str] = Counter()

    def clean(text: str) -> str:
        result = redact(text, known, names=names)
        removed.update(result.removed)
        return result.text

    cleaned = {key: clean(text) for key, text in texts.items()}
    fields = ArticleFields(
        **{**cleaned, "title": cleaned["title"][:200]},
        categories=(case.category,) if case.category else (),
    )
    items = (case.service_item_id,) if getattr(case, "service_item_id", None) else ()
    return Draft(fields, items, dict(removed))

"""Printing a case's forms: A4 PDF (WeasyPrint, the Noto CJK fonts embedded) and DOCX (docxtpl, from the Word
template in force). Both are fed by the same form fields (``bancheng.documents.fields``).

Public interface (other apps call these):
``render_form_pdf``, ``render_forms_pdf`` (several cases' forms in one PDF, one per page), ``render_form_docx``.
Form codes: ``intake``, ``transfer``, ``supervision_notice``, ``one_time_notice``, ``feedback_letter``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import segno
from django.template.loader import render_to_string

from bancheng.documents import fields as f
from bancheng.documents.fields import FormData
from bancheng.domain.errors import DomainError
from bancheng.domain.policy import Policy
from bancheng.policies.services import policy_of

CSS_PATH = Path(__file__).resolve().parent / "pdf" / "forms.css"


@dataclass(frozen=True)
class FormOffer:
    """One form a case can print now: its code, title and the assignment / notice it is about."""

    code: str
    title: str
    assignment: Any = None
    notice: Any = None

    @property
    def target(self) -> str:
        if self.assignment is not None:
            return f"?assignment={self.assignment.pk}"
        if self.notice is not None:
            return f"?notice={self.notice.pk}"
        return ""

    @property
    def subtitle(self) -> str:
        if self.assignment is not None:
            return self.assignment.unit.name
        if self.code == f.SUPERVISION_NOTICE and self.notice is not None:
            return f"{self.notice.number} · {self.notice.unit.name}"
        if self.code == f.ONE_TIME_NOTICE and self.notice is not None:
            return f.when(self.notice.paused_at)
        return ""


def forms_of_case(case: Any, policy: Policy | None = None) -> list[FormOffer]:
    """The forms a case offers: its preset's forms (the transfer form once per assignment) plus the
    supervision notice, one-time notice and feedback letter where the case has that data."""
    policy = policy or policy_of(case.policy_version_id)
    codes = [form.code for form in policy.forms if form.code in f.SPECS]
    for extra in (f.SUPERVISION_NOTICE, f.ONE_TIME_NOTICE, f.FEEDBACK_LETTER):
        if extra not in codes:
            codes.append(extra)
    offers: list[FormOffer] = []
    for code in codes:
        title = f.title_of(policy, code)
        if code == f.INTAKE:
            offers.append(FormOffer(code, title))
        elif code == f.TRANSFER:
            for a in case.assignments.select_related("unit").order_by("pk"):
                offers.append(FormOffer(code, title, assignment=a))
        elif code == f.SUPERVISION_NOTICE:
            for n in case.notices.select_related("unit").order_by("pk"):
                offers.append(FormOffer(code, title, notice=n))
        elif code == f.ONE_TIME_NOTICE:
            for p in case.pauses.order_by("pk"):
                if p.missing_materials:
                    offers.append(FormOffer(code, title, notice=p))
        elif code == f.FEEDBACK_LETTER and case.feedback_at is not None:
            offers.append(FormOffer(code, title))
    return offers


def form_fields(
    case: Any, form_code: str, *, assignment: Any = None, notice: Any = None, masked: bool = False
) -> FormData:
    """The form's fields for a case; ``assignment`` for a transfer form, ``notice`` (a SupervisionNotice or,
    for the one-time notice, a Pause) for the notices. Without one, the case's only / latest one is used."""
    f.spec(form_code)
    policy = policy_of(case.policy_version_id)
    if form_code == f.INTAKE:
        return f.intake_fields(case, policy, masked=masked)
    if form_code == f.TRANSFER:
        if assignment is None:
            found = list(case.assignments.all()[:2])
            if len(found) != 1:
                raise DomainError("form.assignment", "请选择该诉求件的一项转办任务")
            assignment = found[0]
        return f.transfer_fields(case, policy, assignment, masked=masked)
    if form_code == f.SUPERVISION_NOTICE:
        notice = notice if notice is not None else case.notices.order_by("-pk").first()
        return f.supervision_notice_fields(case, policy, notice, masked=masked)
    if form_code == f.ONE_TIME_NOTICE:
        notice = notice if notice is not None else case.pauses.order_by("-pk").first()
        return f.one_time_notice_fields(case, policy, notice, masked=masked)
    return f.feedback_letter_fields(case, policy, masked=masked)


# ---- PDF ---------------------------------------------------------------------------------------------


def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=3, border=2))


def sheet(data: FormData) -> dict[str, Any]:
    """What the HTML template needs for one form: its rows of cells with their values filled in."""
    form = f.spec(data.code)
    rows = []
    for row in form.layout:
        cells = []
        for c in row:
            lines = []
            for prefix, name in c.parts:
                value = data.values.get(name, "")
                if prefix or value:
                    lines.append({"prefix": prefix, "value": value})
            cells.append({"label": c.label, "lines": lines, "wide": len(row) == 1})
        rows.append(cells)
    return {
        "data": data,
        "rows": rows,
        "qr": qr_data_uri(data.progress_url) if form.qr and data.progress_url else "",
    }


def html_to_pdf(html: str) -> bytes:
    """HTML of our own templates to PDF. Only ``data:`` URLs are fetched (the QR code): a form never reaches
    for a file or the network, whatever text a case carries.

    Rendering is a pure function of the HTML (the stylesheet is fixed), and it is the slow step (about half a
    second a page with the CJK fonts), so the last few results are kept: a form printed twice, or the same
    case file built again (the demo, loaded once per test), is laid out once per process."""
    return _rendered(html)


@lru_cache(maxsize=32)
def _rendered(html: str) -> bytes:
    from weasyprint import HTML, URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[_stylesheet()]))


@cache
def _stylesheet() -> Any:
    from weasyprint import CSS

    return CSS(filename=str(CSS_PATH))


def render_sheets_pdf(sheets: Iterable[FormData]) -> bytes:
    html = render_to_string("documents/pdf/forms.html", {"sheets": [sheet(d) for d in sheets]})
    return html_to_pdf(html)


def render_form_pdf(
    case: Any, form_code: str, *, assignment: Any = None, notice: Any = None, masked: bool = False
) -> bytes:
    """One form of one case as an A4 PDF."""
    return render_sheets_pdf(
        [form_fields(case, form_code, assignment=assignment, notice=notice, masked=masked)]
    )


def render_forms_pdf(cases: Iterable[Any], form_code: str = f.INTAKE, *, masked: bool = False) -> bytes:
    """Several cases' forms in one PDF, one form per page (the weekly filing's intake forms). For the transfer
    form every assignment of each case gets its page; a case without the form's data is skipped."""
    sheets: list[FormData] = []
    for case in cases:
        if form_code == f.TRANSFER:
            for a in case.assignments.select_related("unit", "handler").order_by("pk"):
                sheets.append(form_fields(case, form_code, assignment=a, masked=masked))
            continue
        try:
            sheets.append(form_fields(case, form_code, masked=masked))
        except DomainError:
            continue
    if not sheets:
        raise DomainError("form.empty", "没有可打印的表单")
    return render_sheets_pdf(sheets)


# ---- DOCX --------------------------------------------------------------------------------------------


def render_form_docx(
    case: Any, form_code: str, *, assignment: Any = None, notice: Any = None, masked: bool = False
) -> bytes:
    """One form of one case as a Word document, from the template in force (the administrator's newest
    accepted upload, or the default)."""
    from bancheng.documents.templates_docx import render_docx, template_in_force

    data = form_fields(case, form_code, assignment=assignment, notice=notice, masked=masked)
    return render_docx(template_in_force(form_code), data)

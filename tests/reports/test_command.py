"""`bancheng report generate`: a month or a quarter, optionally a branch, written as PDF and Word."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader

from bancheng.reports.models import AnalysisReport


def run(*args):
    out = io.StringIO()
    call_command("report", "generate", *args, "--at", "2026-11-02T09:00", stdout=out)
    return out.getvalue()


def test_a_month_is_generated_and_written_as_pdf_and_docx(october, tmp_path):
    pdf, docx = tmp_path / "out.pdf", tmp_path / "out.docx"
    out = run("--month", "2026-10", "--pdf", str(pdf), "--docx", str(docx))
    assert "研判通报（2026年10月）" in out and "受理 4 件" in out and "草稿" in out
    assert "研判通报（2026年10月）" in PdfReader(pdf).pages[0].extract_text().replace(" ", "")
    assert Document(str(docx)).paragraphs[0].text == "“办不成事”反映窗口研判通报（2026年10月）"
    report = AnalysisReport.objects.get()
    assert report.generated_by is None and report.period_kind == "month"


def test_a_quarter_of_a_branch(october):
    out = run("--quarter", "2026Q4", "--branch", "HQ")
    assert "2026年第四季度" in out and "直属管理部" in out


def test_a_bad_month_or_branch_is_a_clear_error(org):
    with pytest.raises(CommandError, match="无法识别的月份"):
        run("--month", "2026-13")
    with pytest.raises(CommandError, match="没有代码为 NOPE 的单位"):
        run("--month", "2026-10", "--branch", "NOPE")
    assert not AnalysisReport.objects.exists()

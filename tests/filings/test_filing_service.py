"""file_week: one branch's week filed to the center office, once, with its ledger and intake forms."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from bancheng.audit.chain import verify_chain
from bancheng.audit.models import Event
from bancheng.domain.errors import DomainError, PermissionDenied
from bancheng.filings.models import WeeklyFiling
from bancheng.filings.services import file_week
from tests.filings.conftest import DEADLINE, MONDAY_OPENING, WEEK
from tests.support import shanghai

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "filings"


def ledger_phones(filing):
    with filing.ledger.open("rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("联系方式")
    return sorted(str(row[column]) for row in rows[1:] if any(v is not None for v in row))


def pdf_text(filing):
    with filing.forms.open("rb") as handle:
        data = handle.read()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages), data


def test_the_filed_ledger_holds_exactly_the_branchs_cases_of_the_week_with_full_phones(org, week_cases):
    filing = file_week(org.unit("HQ"), WEEK, now=MONDAY_OPENING)
    assert ledger_phones(filing) == ["13800000001", "13800000002"]
    assert filing.case_numbers == [week_cases["hq_1"].number, week_cases["hq_2"].number]
    assert filing.case_count == 2


def test_the_filed_intake_forms_hold_each_cases_number(org, week_cases):
    filing = file_week(org.unit("HQ"), WEEK, now=MONDAY_OPENING)
    text, data = pdf_text(filing)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACTS / "intake-forms-HQ.pdf", "wb") as out:
        out.write(data)
    assert week_cases["hq_1"].number in text
    assert week_cases["hq_2"].number in text
    assert week_cases["hq_before"].number not in text
    assert week_cases["hq_after"].number not in text


def test_the_files_checksums_match_what_is_stored(org, week_cases):
    import hashlib

    filing = file_week(org.unit("HQ"), WEEK, now=MONDAY_OPENING)
    with filing.ledger.open("rb") as ledger, filing.forms.open("rb") as forms:
        assert hashlib.sha256(ledger.read()).hexdigest() == filing.ledger_sha256
        assert hashlib.sha256(forms.read()).hexdigest() == filing.forms_sha256


def test_filing_on_the_monday_is_on_time_and_sets_the_deadline(org, week_cases):
    filing = file_week(org.unit("HQ"), WEEK, now=MONDAY_OPENING)
    assert filing.due_at == DEADLINE
    assert not filing.late and filing.automatic and filing.filed_by is None


def test_filing_after_close_of_business_is_late(org, week_cases):
    filing = file_week(org.unit("HQ"), WEEK, actor=org.officer, now=DEADLINE + timedelta(minutes=1))
    assert filing.late and not filing.automatic and filing.filed_by == org.officer


def test_filing_a_week_twice_returns_the_first_filing(org, week_cases):
    first = file_week(org.unit("HQ"), WEEK, actor=org.officer, now=MONDAY_OPENING)
    again = file_week(org.unit("HQ"), WEEK, actor=org.officer2, now=DEADLINE + timedelta(days=1))
    assert again.pk == first.pk and again.filed_by == org.officer and not again.late
    assert WeeklyFiling.objects.count() == 1


def test_a_week_without_cases_files_an_empty_ledger_and_no_forms(org):
    filing = file_week(org.unit("HN"), WEEK, now=MONDAY_OPENING)
    assert filing.case_count == 0 and ledger_phones(filing) == []
    assert not filing.forms and filing.forms_sha256 == ""


def test_a_week_that_has_not_ended_cannot_be_filed(org):
    with pytest.raises(DomainError) as refused:
        file_week(org.unit("HQ"), WEEK, now=shanghai(2026, 11, 22, 23, 59))
    assert refused.value.code == "filing.week_not_ended"
    assert not WeeklyFiling.objects.exists()


def test_a_week_must_start_on_a_monday(org):
    with pytest.raises(DomainError) as refused:
        file_week(org.unit("HQ"), WEEK + timedelta(days=1), now=MONDAY_OPENING)
    assert refused.value.code == "filing.bad_week"


def test_only_branches_file(org):
    with pytest.raises(DomainError) as refused:
        file_week(org.unit("DEP-GJ"), WEEK, now=MONDAY_OPENING)
    assert refused.value.code == "filing.not_branch"


@pytest.mark.parametrize("username", ["handler", "unithead", "leader", "auditor", "service"])
def test_roles_other_than_the_window_cannot_file(org, username):
    with pytest.raises(PermissionDenied) as refused:
        file_week(org.unit("HQ"), WEEK, actor=org.people[username], now=MONDAY_OPENING)
    assert refused.value.code == "filing.forbidden"
    assert not WeeklyFiling.objects.exists()


def test_an_officer_cannot_file_another_branch(org):
    with pytest.raises(PermissionDenied):
        file_week(org.unit("HP"), WEEK, actor=org.officer, now=MONDAY_OPENING)


def test_the_center_office_files_for_any_branch(org, week_cases):
    filing = file_week(org.unit("HP"), WEEK, actor=org.office, now=MONDAY_OPENING)
    assert ledger_phones(filing) == ["13900000003"]


def test_a_filing_cannot_be_changed_or_deleted(org):
    filing = file_week(org.unit("HQ"), WEEK, now=MONDAY_OPENING)
    filing.case_count = 99
    with pytest.raises(DomainError):
        filing.save()
    with pytest.raises(DomainError):
        filing.delete()
    assert WeeklyFiling.objects.get().case_count == 0


def test_filing_appends_a_chained_event(org, week_cases):
    filing = file_week(org.unit("HQ"), WEEK, actor=org.officer, now=MONDAY_OPENING)
    event = Event.objects.get(stream="filing")
    assert event.action == "file_week" and event.actor == org.officer
    assert event.data["filing"] == filing.pk and event.data["cases"] == 2
    assert event.data["ledger_sha256"] == filing.ledger_sha256
    assert verify_chain().breach is None


def test_the_holiday_week_is_due_on_the_next_working_day(org):
    # Week 2026-09-28..10-04; Monday 10-05 starts the National Day holiday, Thursday 10-08 is working.
    filing = file_week(org.unit("HQ"), shanghai(2026, 9, 28).date(), now=shanghai(2026, 10, 7, 12, 0))
    assert filing.due_at == shanghai(2026, 10, 8, 17, 0) and not filing.late


def test_under_the_putuo_preset_the_ledger_is_filed_in_its_layout(putuo_org):
    case = putuo_org.register(shanghai(2026, 11, 18, 10, 0), requester_phone="13700000009")
    filing = file_week(putuo_org.unit("HQ"), WEEK, now=MONDAY_OPENING)
    with filing.ledger.open("rb") as handle:
        rows = list(
            openpyxl.load_workbook(io.BytesIO(handle.read())).worksheets[0].iter_rows(values_only=True)
        )
    assert rows[0][0] == "编号"
    assert [row[0] for row in rows[1:] if row[0]] == [case.number]
    assert case.number in pdf_text(filing)[0]

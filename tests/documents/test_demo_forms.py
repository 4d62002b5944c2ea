"""Done when an officer can print every form for a demo case: every form the case page offers, for every
demo case, downloads as PDF and Word."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from bancheng.cases.selectors import cases_visible_to
from bancheng.documents.forms import forms_of_case
from bancheng.org.models import Staff
from tests.documents.reading import pdf_text


@pytest.fixture
def demo(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {s.username: s for s in Staff.objects.all()}


def test_the_officer_prints_every_form_of_every_demo_case(client, demo):
    officer = demo["officer"]
    client.force_login(officer)
    printed = set()
    for case in cases_visible_to(officer).order_by("pk"):
        page = client.get(f"/cases/{case.pk}/").content.decode()
        for o in forms_of_case(case):
            for fmt in ("pdf", "docx"):
                url = f"/documents/cases/{case.pk}/forms/{o.code}.{fmt}{o.target}"
                assert f'href="{url}"' in page
                response = client.get(url)
                assert response.status_code == 200, url
                if fmt == "pdf":
                    assert case.number in pdf_text(response.content)
            printed.add(o.code)
    assert printed == {"intake", "transfer", "supervision_notice", "one_time_notice", "feedback_letter"}


def test_the_archived_demo_case_has_a_case_file_that_checks(demo, capsys):
    call_command("casefile", "check")
    assert "every checksum matches" in capsys.readouterr().out

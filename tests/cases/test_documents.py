import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from bancheng.audit.models import Event
from bancheng.cases import actions as act
from bancheng.cases.models import Document
from bancheng.domain.errors import DomainError, PermissionDenied
from tests.support import shanghai

T0 = shanghai(2026, 3, 2, 9, 0)
PDF = b"%PDF-1.4 a small scan"


def pdf(name="身份证.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_attaching_a_file_stores_it_with_its_checksum_and_records_the_event(org):
    case = org.register(T0)
    document = act.attach_document(case, actor=org.officer, upload=pdf(), now=T0)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.file.read() == PDF
    event = Event.objects.filter(case=case, action="attach").get()
    assert event.data["sha256"] == document.sha256 and event.data["name"] == "身份证.pdf"


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("run.exe", b"MZ..."), "document.type"),
        (SimpleUploadedFile("empty.pdf", b""), "document.empty"),
        (SimpleUploadedFile("fake.pdf", b"not a pdf"), "document.mislabelled"),
    ],
)
def test_a_disallowed_file_is_refused_and_nothing_is_written(org, upload, code):
    case = org.register(T0)
    with pytest.raises(DomainError) as refused:
        act.attach_document(case, actor=org.officer, upload=upload, now=T0)
    assert refused.value.code == code
    assert not Document.objects.exists()
    assert not Event.objects.filter(action="attach").exists()


@override_settings(BANCHENG_MAX_UPLOAD_MB=1)
def test_a_file_over_the_size_limit_is_refused(org):
    case = org.register(T0)
    with pytest.raises(DomainError) as refused:
        act.attach_document(case, actor=org.officer, upload=pdf(content=PDF + b"0" * 1024 * 1024), now=T0)
    assert refused.value.code == "document.too_big"


def test_a_unit_attaches_only_to_its_own_assignment(org):
    case = org.in_handling(T0, "DEP-1")
    assignment = case.assignments.get()
    with pytest.raises(PermissionDenied):
        act.attach_document(case, actor=org.handler, upload=pdf(), now=T0)
    document = act.attach_document(case, actor=org.handler, upload=pdf(), assignment=assignment, now=T0)
    assert document.assignment == assignment


def test_materials_can_arrive_while_the_case_is_paused(org):
    case = org.assessed(T0)
    act.pause_case(case, actor=org.officer, missing_materials=["离职证明"], now=T0)
    act.attach_document(case, actor=org.officer, upload=pdf("离职证明.pdf"), now=T0)
    assert case.documents.count() == 1

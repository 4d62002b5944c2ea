"""立卷归档: archiving freezes the case file (PDF and ZIP with checksums); `bancheng casefile check`
recomputes them."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from bancheng.cases import actions as act
from bancheng.documents.models import CaseFile
from bancheng.domain.errors import DomainError
from tests.documents.conftest import build_full_case
from tests.documents.reading import pdf_fonts, pdf_text, save_png_pages
from tests.support import shanghai

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archived_case(org):
    case = build_full_case(org)
    act.attach_document(
        case,
        actor=org.officer,
        upload=SimpleUploadedFile("身份证复印件.png", PNG, content_type="image/png"),
        now=shanghai(2026, 3, 6, 11, 0),
    )
    act.attach_document(
        case,
        actor=org.handler,
        upload=SimpleUploadedFile("核实说明.txt", "已核实".encode(), content_type="text/plain"),
        assignment=case.assignments.order_by("pk").first(),
        kind="resolution",
        now=shanghai(2026, 3, 6, 11, 5),
    )
    act.archive_case(case, actor=org.officer, now=shanghai(2026, 3, 9, 9, 0))
    case.refresh_from_db()
    return case


@pytest.fixture
def archived(preset_org):
    return archived_case(preset_org)


def read(stored) -> bytes:
    with stored.open("rb") as fh:
        return fh.read()


def test_archiving_stores_the_case_file_with_its_checksums(archived):
    case_file = CaseFile.objects.get(case=archived)
    assert case_file.archive_number == archived.archive_number == f"GD-{archived.number}"
    assert sha(read(case_file.pdf)) == case_file.pdf_sha256
    assert sha(read(case_file.zip)) == case_file.zip_sha256
    event = archived.events.get(action="archive")
    assert event.data["case_file"]["pdf_sha256"] == case_file.pdf_sha256
    assert event.data["case_file"]["zip_sha256"] == case_file.zip_sha256
    assert event.data["case_file"]["attachments"] == 2


def test_the_case_file_pdf_has_the_cover_every_form_the_timeline_and_the_attachment_list(
    archived, preset_org
):
    case_file = CaseFile.objects.get(case=archived)
    data = read(case_file.pdf)
    text = pdf_text(data)
    assert archived.archive_number in text and "“办不成事”诉求件案卷" in text
    for form in preset_org.policy.forms:
        assert form.label in text
    for unit in archived.assignments.select_related("unit"):
        assert unit.unit.name in text
    for label in ("受理", "研判", "转办", "挂起", "签收", "归档", "办理过程", "结果反馈与回访", "附件清单"):
        assert label in text
    assert "已电话告知办理结果" in text and "欧阳娜娜" in text
    for doc in archived.documents.all():
        assert doc.original_name in text
        assert doc.sha256 in text.replace("\n", "").replace(" ", "")
    assert all(embedded == "yes" for _, embedded in pdf_fonts(data))
    save_png_pages(data, f"{preset_org.policy.preset}-casefile")


def test_the_zip_holds_the_original_attachments_and_their_checksums(archived):
    case_file = CaseFile.objects.get(case=archived)
    with zipfile.ZipFile(io.BytesIO(read(case_file.zip))) as z:
        names = z.namelist()
        manifest = z.read("SHA256SUMS.txt").decode()
        contents = {n: z.read(n) for n in names if n != "SHA256SUMS.txt"}
    assert sorted(contents) == ["attachments/001-身份证复印件.png", "attachments/002-核实说明.txt"]
    assert contents["attachments/001-身份证复印件.png"] == PNG
    assert contents["attachments/002-核实说明.txt"] == "已核实".encode()
    for name, data in contents.items():
        assert f"{sha(data)}  {name}" in manifest


def test_an_archived_case_refuses_new_attachments(archived, preset_org):
    before = archived.documents.count()
    with pytest.raises(DomainError):
        act.attach_document(
            archived,
            actor=preset_org.officer,
            upload=SimpleUploadedFile("迟到的材料.txt", b"late", content_type="text/plain"),
            now=shanghai(2026, 3, 10, 9, 0),
        )
    assert archived.documents.count() == before


def test_a_stored_case_file_cannot_be_changed_or_deleted(archived):
    case_file = CaseFile.objects.get(case=archived)
    case_file.pdf_sha256 = "0" * 64
    with pytest.raises(DomainError) as refused:
        case_file.save()
    assert refused.value.code == "casefile.frozen"
    with pytest.raises(DomainError):
        case_file.delete()
    assert CaseFile.objects.get(case=archived).pdf_sha256 == sha(read(case_file.pdf))


def test_an_archived_case_cannot_be_archived_again(archived, preset_org):
    with pytest.raises(DomainError):
        act.archive_case(archived, actor=preset_org.officer, now=shanghai(2026, 3, 10, 9, 0))
    assert CaseFile.objects.filter(case=archived).count() == 1


def test_a_failing_case_file_leaves_the_case_unarchived(preset_org, monkeypatch):
    case = build_full_case(preset_org)

    def broken(html):
        raise OSError("disk full")

    monkeypatch.setattr("bancheng.documents.casefile.html_to_pdf", broken)
    with pytest.raises(OSError):
        act.archive_case(case, actor=preset_org.officer, now=shanghai(2026, 3, 9, 9, 0))
    case.refresh_from_db()
    assert case.state == "closed" and case.archive_number == ""
    assert not CaseFile.objects.filter(case=case).exists()
    assert not case.events.filter(action="archive").exists()


def test_an_attachment_changed_since_upload_stops_the_archive(preset_org):
    case = build_full_case(preset_org)
    doc = act.attach_document(
        case,
        actor=preset_org.officer,
        upload=SimpleUploadedFile("材料.txt", b"original", content_type="text/plain"),
        now=shanghai(2026, 3, 6, 11, 0),
    )
    with open(doc.file.path, "wb") as fh:
        fh.write(b"tampered")
    with pytest.raises(DomainError) as refused:
        act.archive_case(case, actor=preset_org.officer, now=shanghai(2026, 3, 9, 9, 0))
    assert refused.value.code == "casefile.attachment_changed"
    assert not CaseFile.objects.filter(case=case).exists()


def test_the_check_command_passes_on_intact_case_files(archived, capsys):
    call_command("casefile", "check")
    assert "OK: 1 case files checked" in capsys.readouterr().out


def test_the_check_command_fails_after_the_stored_pdf_is_tampered_with(archived, capsys):
    case_file = CaseFile.objects.get(case=archived)
    with open(case_file.pdf.path, "ab") as fh:
        fh.write(b"%tampered")
    with pytest.raises(CommandError) as failed:
        call_command("casefile", "check", "--case", archived.number)
    assert failed.value.returncode == 1
    err = capsys.readouterr().err
    assert archived.number in err and "案卷 PDF" in err and "校验值不符" in err


def test_the_check_command_reports_a_missing_zip(archived, capsys):
    case_file = CaseFile.objects.get(case=archived)
    case_file.zip.storage.delete(case_file.zip.name)
    with pytest.raises(CommandError):
        call_command("casefile", "check")
    assert "附件 ZIP" in capsys.readouterr().err


def test_the_check_command_reports_a_changed_attachment_of_an_archived_case(archived, capsys):
    doc = archived.documents.first()
    with open(doc.file.path, "wb") as fh:
        fh.write(b"changed later")
    with pytest.raises(CommandError):
        call_command("casefile", "check")
    assert doc.original_name in capsys.readouterr().err

"""Attachments through the API: multipart uploads go through the page's form and action (same type and size
checks, same event), and files come back with the page's visibility."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bancheng.cases.models import Case, Document
from tests.api.test_actions import assessed
from tests.api.test_api import NEW_CASE, error_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="材料.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def upload(client, secret, path, files, **fields):
    return client.post(path, {"attachments": files, **fields}, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_multipart_upload_attaches_the_file_as_the_page_does(api, client, token_for):
    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    done = upload(
        client,
        secret,
        f"/api/v1/cases/{case['id']}/attachments",
        [pdf(), pdf("第二页.pdf", PDF + b"2")],
        kind="material",
        expected_version=case["version"],
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert [e["action"] for e in body["timeline"][-2:]] == ["attach", "attach"]
    stored = Document.objects.filter(case_id=case["id"]).order_by("pk")
    assert [d.original_name for d in stored] == ["材料.pdf", "第二页.pdf"]
    assert {d.kind for d in stored} == {"material"}

    listed = api("get", f"/api/v1/cases/{case['id']}/documents", secret).json()["attachments"]
    assert [a["name"] for a in listed] == ["材料.pdf", "第二页.pdf"]
    got = client.get(listed[0]["url"], HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    assert b"".join(got.streaming_content) == PDF


def test_the_pages_type_and_size_rules_refuse_in_chinese_and_attach_nothing(api, client, token_for, settings):
    settings.BANCHENG_MAX_UPLOAD_MB = 1
    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    path = f"/api/v1/cases/{case['id']}/attachments"

    wrong_type = upload(client, secret, path, [pdf(), SimpleUploadedFile("run.exe", b"MZ\x90\x00")])
    assert wrong_type.status_code == 422
    error = error_of(wrong_type)
    assert error["code"] == "document.type" and "不支持的文件类型" in error["message"]

    fake_png = upload(client, secret, path, [SimpleUploadedFile("照片.png", b"not a picture")])
    assert error_of(fake_png)["code"] == "document.mislabelled"

    too_big = upload(client, secret, path, [pdf("大.pdf", PDF + b"0" * (1024 * 1024 + 1))])
    assert too_big.status_code == 422
    assert error_of(too_big)["code"] == "document.too_big" and "超过 1 MB" in error_of(too_big)["message"]

    bad_kind = upload(client, secret, path, [pdf()], kind="nonsense")
    assert error_of(bad_kind)["code"] == "form.invalid"

    no_file = client.post(path, {"kind": "material"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert no_file.status_code == 422 and error_of(no_file)["code"] == "request.invalid"

    assert not Document.objects.filter(case_id=case["id"]).exists()


def test_an_upload_larger_than_the_in_memory_body_limit_is_accepted(api, client, token_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # the auth's NUL check must not read the body
    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    big = pdf("扫描件.pdf", PDF + b"x" * (200 * 1024))
    done = upload(client, secret, f"/api/v1/cases/{case['id']}/attachments", [big])
    assert done.status_code == 200, done.content
    assert Document.objects.get(case_id=case["id"]).size == len(PDF) + 200 * 1024


def test_a_stale_version_is_a_conflict(api, client, token_for):
    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    stale = upload(
        client,
        secret,
        f"/api/v1/cases/{case['id']}/attachments",
        [pdf()],
        expected_version=case["version"] - 1,
    )
    assert stale.status_code == 409


def test_a_unit_uploads_resolution_papers_to_its_own_assignment_only(api, client, token_for, demo):
    officer = token_for("officer")
    case = assessed(api, officer)
    api(
        "post",
        f"/api/v1/cases/{case['id']}/actions/transfer",
        officer,
        json={
            "expected_version": case["version"],
            "units": [demo["handler"].unit.pk],
            "instructions": "请办理",
        },
    )
    assignment = Case.objects.get(pk=case["id"]).assignments.get()
    path = f"/api/v1/cases/{case['id']}/assignment/{assignment.pk}/attachments"

    assert upload(client, token_for("handler2"), path, [pdf()]).status_code == 404
    done = upload(client, token_for("handler"), path, [pdf("办理结果.pdf")])
    assert done.status_code == 200, done.content
    document = Document.objects.get(case_id=case["id"])
    assert (document.assignment_id, document.kind) == (assignment.pk, "resolution")

    own = client.get(
        f"/api/v1/cases/{case['id']}/documents/{document.pk}",
        HTTP_AUTHORIZATION=f"Bearer {token_for('handler')}",
    )
    assert own.status_code == 200
    unknown = client.get(
        f"/api/v1/cases/{case['id']}/documents/{document.pk + 999}", HTTP_AUTHORIZATION=f"Bearer {officer}"
    )
    assert unknown.status_code == 404 and error_of(unknown)["code"] == "document.not_found"


def test_the_attach_action_as_json_points_to_the_upload_endpoint(api, token_for):
    secret = token_for("officer")
    case = api("post", "/api/v1/cases", secret, json=NEW_CASE).json()
    refused = api("post", f"/api/v1/cases/{case['id']}/actions/attach", secret, json={})
    assert refused.status_code == 422
    error = error_of(refused)
    assert error["code"] == "action.needs_files"
    assert error["details"]["upload"] == f"/api/v1/cases/{case['id']}/attachments"


def test_the_openapi_document_describes_the_multipart_upload(client):
    doc = client.get("/api/v1/openapi.json").json()
    body = doc["paths"]["/api/v1/cases/{case_id}/attachments"]["post"]["requestBody"]["content"]
    schema = body["multipart/form-data"]["schema"]
    assert "attachments" in str(schema)
    assert "/api/v1/cases/{case_id}/documents/{document_id}" in doc["paths"]

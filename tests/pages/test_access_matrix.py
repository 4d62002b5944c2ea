"""Who may see and do what, as a matrix of role × page and role × action: forbidden is a 403 page (or, for a
case outside the user's scope, the same 404 as a case that does not exist), never a 500, never a leak."""

import pytest

from bancheng.cases.models import Case
from bancheng.cases.selectors import cases_visible_to

ROLES = ["officer", "handler", "unithead", "handler2", "office", "service", "leader", "auditor", "admin"]
WINDOW = {"officer", "office", "service"}
REVEALERS = {"officer", "handler", "unithead", "handler2", "office", "service"}


def a_case_outside(user):
    """A case the user may not see; for an officer, one registered at another branch."""
    outside = Case.objects.exclude(pk__in=cases_visible_to(user).values("pk")).first()
    if outside is None:
        from bancheng.cases.actions import register_case
        from bancheng.org.models import Staff, Unit

        other = Unit.objects.filter(kind="branch").exclude(pk=user.unit_id).first()
        register_case(
            actor=Staff.objects.get(username="office"),
            branch=other,
            channel="phone",
            requester_name="李四",
            requester_phone="13700002222",
            business="异地转移",
            problem="转出地不受理",
        )
        outside = Case.objects.exclude(pk__in=cases_visible_to(user).values("pk")).first()
    return outside


def results(response):
    """The list's results, without the filter form that echoes the query."""
    page = response.content.decode()
    return page[page.index('id="results"') :]


@pytest.mark.parametrize("username", ROLES)
def test_home_and_list_open_for_every_role(as_user, username):
    client = as_user(username)
    assert client.get("/").status_code == 200
    assert client.get("/cases/").status_code == 200
    assert client.get("/cases/export.csv").status_code == 200


@pytest.mark.parametrize("username", ROLES)
def test_only_the_window_may_open_the_registration_form(as_user, username):
    status = as_user(username).get("/cases/new/").status_code
    assert status == (200 if username in WINDOW else 403)


@pytest.mark.parametrize("username", ["officer", "handler", "unithead", "handler2"])
def test_a_case_outside_the_users_scope_is_not_found(as_user, demo, username):
    outside = a_case_outside(demo[username])
    assert outside is not None
    client = as_user(username)
    assert client.get(f"/cases/{outside.pk}/").status_code == 404
    assert client.get(f"/cases/{outside.pk}/act/escalate/").status_code == 404
    assert client.post(f"/cases/{outside.pk}/reveal/").status_code == 404


@pytest.mark.parametrize("username", ["handler", "unithead", "handler2"])
def test_a_unit_sees_in_lists_search_and_export_only_the_cases_transferred_to_it(as_user, demo, username):
    user = demo[username]
    outside = a_case_outside(user)
    client = as_user(username)
    for url in ["/cases/", f"/cases/?number={outside.number}", f"/cases/?phone={outside.requester_phone}"]:
        assert f'/cases/{outside.pk}/"' not in results(client.get(url)), url
    export = b"".join(client.get(f"/cases/export.csv?number={outside.number}").streaming_content).decode()
    assert outside.number not in export
    visible = set(cases_visible_to(user).values_list("number", flat=True))
    listed = b"".join(client.get("/cases/export.csv").streaming_content).decode()
    rows = [line.split(",")[0] for line in listed.splitlines()[1:] if line]
    assert set(rows) == visible


@pytest.mark.parametrize("username", ROLES)
def test_revealing_personal_data_is_for_the_roles_that_need_it_and_is_logged(as_user, demo, username):
    from bancheng.audit.models import Event

    user = demo[username]
    case = cases_visible_to(user).first()
    before = Event.objects.filter(stream="access").count()
    response = as_user(username).post(f"/cases/{case.pk}/reveal/")
    if username in REVEALERS:
        assert response.status_code == 200
        assert case.requester_phone in response.content.decode()
        assert Event.objects.filter(stream="access", actor=user, case=case).count() == 1
    else:
        assert response.status_code == 403
        assert Event.objects.filter(stream="access").count() == before


@pytest.mark.parametrize("username", ROLES)
def test_lists_and_exports_mask_personal_data_for_every_role(as_user, demo, username):
    user = demo[username]
    case = cases_visible_to(user).first()
    client = as_user(username)
    assert case.requester_phone not in client.get("/cases/").content.decode()
    export = b"".join(client.get("/cases/export.csv").streaming_content).decode()
    assert case.requester_phone not in export


ACTION_ROLES = {
    "escalate": {"officer", "office", "service", "unithead"},
    "withdraw": WINDOW,
    "give_feedback": WINDOW,
    "archive": WINDOW,
}


@pytest.mark.parametrize("code", sorted(ACTION_ROLES))
@pytest.mark.parametrize("username", ["officer", "office", "service", "leader", "auditor", "admin"])
def test_an_action_page_is_forbidden_to_roles_that_may_not_take_it(as_user, demo, username, code):
    user = demo[username]
    case = cases_visible_to(user).first()
    client = as_user(username)
    response = client.get(f"/cases/{case.pk}/act/{code}/")
    assert response.status_code == (200 if username in ACTION_ROLES[code] else 403)
    posted = client.post(f"/cases/{case.pk}/act/{code}/", {"version": case.version, "reason": "x"})
    assert posted.status_code != 500
    if username not in ACTION_ROLES[code]:
        assert posted.status_code == 403
        assert Case.objects.get(pk=case.pk).version == case.version


@pytest.mark.parametrize("username", ["auditor", "admin"])
def test_readers_see_no_action_buttons(as_user, demo, username):
    user = demo[username]
    client = as_user(username)
    for case in cases_visible_to(user)[:15]:
        assert "/act/" not in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_leader_is_offered_only_referral_deescalation_and_extension_decisions(as_user, demo):
    import re

    client = as_user("leader")
    offered = set()
    for case in Case.objects.all():
        offered |= set(re.findall(r"/act/([a-z_]+)/", client.get(f"/cases/{case.pk}/").content.decode()))
    assert offered and offered <= {"refer", "deescalate", "approve_extension", "reject_extension"}


def test_signed_out_visitors_are_sent_to_sign_in(client, demo):
    case = Case.objects.first()
    for url in ["/", "/cases/", f"/cases/{case.pk}/", "/cases/new/", "/cases/export.csv"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_an_unknown_action_is_not_found(as_user, demo):
    case = Case.objects.first()
    assert as_user("office").get(f"/cases/{case.pk}/act/explode/").status_code == 404


@pytest.fixture
def documents(demo):
    """A case transferred to the handler's unit with three files: the requester's material, the handler's
    unit's resolution paper, and another unit's paper."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bancheng.cases import actions as act
    from bancheng.org.models import Unit

    officer = demo["officer"]
    case = act.register_case(
        actor=officer,
        channel="onsite",
        requester_name="周八",
        requester_phone="13500004444",
        business="提取",
        problem="材料被退回",
    )
    act.assess_case(
        case,
        actor=officer,
        category="withdrawal",
        nature="service",
        case_class="difficult",
        disposal="transfer",
    )
    other = Unit.objects.get(code="EXT-BANK")
    mine, theirs = act.transfer_case(
        case,
        actor=officer,
        to=[act.TransferTo(demo["handler"].unit_id, "请核实"), act.TransferTo(other.pk, "请核实")],
    )

    def pdf(name):
        return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode())

    return {
        "case": case,
        "material": act.attach_document(case, actor=officer, upload=pdf("material.pdf")),
        "mine": act.attach_document(case, actor=demo["handler"], upload=pdf("mine.pdf"), assignment=mine),
        "theirs": act.attach_document(
            case, actor=demo["handler3"], upload=pdf("theirs.pdf"), assignment=theirs
        ),
    }


ATTACHMENT_ACCESS = {
    "officer": {"material", "mine", "theirs"},
    "office": {"material", "mine", "theirs"},
    "service": {"material", "mine", "theirs"},
    "leader": {"material", "mine", "theirs"},
    "auditor": {"material", "mine", "theirs"},
    "admin": {"material", "mine", "theirs"},
    "handler": {"material", "mine"},
    "unithead": {"material", "mine"},
    "handler2": set(),
}


@pytest.mark.parametrize("username", sorted(ATTACHMENT_ACCESS))
def test_attachments_are_served_only_to_those_who_may_see_them(as_user, documents, username):
    client = as_user(username)
    case = documents["case"]
    page = client.get(f"/cases/{case.pk}/")
    for name in ["material", "mine", "theirs"]:
        url = f"/cases/{case.pk}/documents/{documents[name].pk}/"
        allowed = name in ATTACHMENT_ACCESS[username]
        assert client.get(url).status_code == (200 if allowed else 404), name
        assert (url in page.content.decode()) == allowed, name

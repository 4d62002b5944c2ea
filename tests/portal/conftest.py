import pytest
from django.core import signing

from bancheng.portal.challenge import SALT


def answer_of(token: str) -> str:
    data = signing.loads(token, salt=SALT)
    return str(data["a"] + data["b"])


@pytest.fixture
def report_data(client):
    """A filled report form with a solved challenge, fetched from the page like a person would."""

    def make(**changes):
        page = client.get("/portal/report/")
        form = page.context["form"]
        token = form.initial["challenge"]
        data = {
            "token": form.initial["token"],
            "challenge": token,
            "answer": answer_of(token),
            "business": "住房公积金提取",
            "problem": "提取申请被退回三次，每次说法不同",
            "requester_kind": "person",
            "requester_enterprise": "",
            "requester_name": "李四光",
            "requester_phone": "13900001111",
            "consent": "on",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    return make

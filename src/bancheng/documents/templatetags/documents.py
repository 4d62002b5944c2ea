"""The case page's print links: ``{% case_forms case user as forms %}``."""

from __future__ import annotations

from typing import Any

from django import template

from bancheng.documents import access
from bancheng.documents.forms import forms_of_case
from bancheng.documents.models import CaseFile

register = template.Library()


@register.simple_tag
def case_forms(case: Any, user: Any) -> list[Any]:
    """The forms of the case this user may print."""
    return [
        o
        for o in forms_of_case(case)
        if access.may_print(user, o.code, assignment=o.assignment, notice=o.notice)
    ]


@register.simple_tag
def case_file_of(case: Any, user: Any) -> CaseFile | None:
    """The case file of an archived case, when this user may open it."""
    if case.state != "archived" or not access.may_open_case_file(user):
        return None
    return CaseFile.objects.filter(case=case).first()


@register.simple_tag
def prints_masked(user: Any) -> bool:
    return getattr(user, "role", None) in access.MASKED

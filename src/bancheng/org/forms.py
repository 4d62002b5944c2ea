"""The forms of the organization pages. They parse and say what is missing; the rules (no loop in the tree,
no backup who is the person themself, unique codes and usernames) live in ``org.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation

from bancheng.domain.errors import DomainError
from bancheng.org.choices import Role, UnitKind
from bancheng.org.models import Staff, Unit

REQUIRED = {"required": "此项为必填项"}
PICK = {**REQUIRED, "invalid_choice": "请选择列表中的一项"}


def show_refusal(form: forms.Form, error: DomainError) -> None:
    """Put a service's refusal on the field it names, else on the whole form; a policy's list of problems
    becomes one error per problem."""
    field = error.details.get("field")
    problems = error.details.get("problems")
    if isinstance(problems, list) and problems:
        for problem in problems:
            form.add_error(None, str(problem))
    elif isinstance(field, str) and field in form.fields:
        form.add_error(field, error.message)
    else:
        form.add_error(None, error.message)


def _text(
    label: str, *, required: bool = True, max_length: int = 100, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={**REQUIRED, "max_length": f"不能超过 {max_length} 个字"},
    )


class UnitForm(forms.Form):
    code = _text("代码", max_length=32, help_text="唯一，例如 DEP-GJ；用于编号和对外交换")
    name = _text("名称")
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择"), *UnitKind.choices], error_messages=PICK)
    parent = forms.ModelChoiceField(
        label="上级单位",
        queryset=Unit.objects.order_by("code"),
        required=False,
        empty_label="（无，顶级单位）",
        error_messages=PICK,
    )
    phone = _text("联系电话", required=False, max_length=40)
    address = _text("地址", required=False, max_length=200)
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        if unit is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(unit, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.fields["parent"].label_from_instance = lambda u: f"{u.code} {u.name}"  # type: ignore[attr-defined]


# Django's Chinese catalogue lacks some of the validators' newer messages; ours, by the validator's code.
PASSWORD_MESSAGES = {
    "password_too_short": "密码太短，至少需要 {min_length} 个字符",
    "password_too_common": "密码太常见，容易被猜中",
    "password_entirely_numeric": "密码不能全部是数字",
    "password_too_similar": "密码与登录名或姓名太相似",
}


def _password_errors(password: str, candidate: Staff) -> list[str]:
    """The password validators' complaints, always in Chinese whatever the browser asked for."""
    with translation.override("zh-hans"):
        try:
            password_validation.validate_password(password, user=candidate)
        except ValidationError as error:
            found = []
            for item in error.error_list:
                template = PASSWORD_MESSAGES.get(item.code or "")
                params = item.params if isinstance(item.params, dict) else {}
                found.append(template.format(**params) if template else " ".join(item.messages))
            return found
    return []


class StaffForm(forms.Form):
    username = _text("登录名", max_length=150)
    full_name = _text("姓名", max_length=50)
    unit = forms.ModelChoiceField(
        label="所在单位", queryset=Unit.objects.order_by("code"), required=False, error_messages=PICK
    )
    role = forms.ChoiceField(label="角色", choices=[("", "请选择"), *Role.choices], error_messages=PICK)
    phone = _text("电话", required=False, max_length=40)
    backup = forms.ModelChoiceField(
        label="备岗人员（A、B 备岗）",
        queryset=Staff.objects.order_by("username"),
        required=False,
        empty_label="（无）",
        help_text="本人暂时离岗时，由备岗人员查看并办理其诉求件，记录为代办",
        error_messages=PICK,
    )
    absent = forms.BooleanField(label="暂时离岗", required=False)
    is_active = forms.BooleanField(label="账号启用", required=False, initial=True)

    def __init__(self, *args: Any, staff: Staff | None = None, **kwargs: Any) -> None:
        if staff is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(staff, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.fields["unit"].label_from_instance = lambda u: f"{u.code} {u.name}"  # type: ignore[attr-defined]
        self.fields["backup"].label_from_instance = lambda s: f"{s.display_name}（{s.username}）"  # type: ignore[attr-defined]

    def clean_backup(self) -> Staff | None:
        backup: Staff | None = self.cleaned_data.get("backup")
        if backup is not None and self.staff is not None and backup.pk == self.staff.pk:
            raise ValidationError("备岗人员不能是本人")
        return backup


class PasswordFields(forms.Form):
    """A new password, typed twice and checked against the deployment's password policy."""

    password1 = forms.CharField(
        label="密码", widget=forms.PasswordInput, strip=False, error_messages=REQUIRED
    )
    password2 = forms.CharField(
        label="再次输入密码", widget=forms.PasswordInput, strip=False, error_messages=REQUIRED
    )

    def candidate(self) -> Staff:
        return Staff(
            username=self.cleaned_data.get("username", ""), full_name=self.cleaned_data.get("full_name", "")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second:
            if first != second:
                self.add_error("password2", "两次输入的密码不一致")
            else:
                for message in _password_errors(first, self.candidate()):
                    self.add_error("password1", message)
        return data


class NewStaffForm(PasswordFields, StaffForm):
    """A new person: the staff fields and a first password."""


class SetPasswordForm(PasswordFields):
    def __init__(self, *args: Any, staff: Staff, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff

    def candidate(self) -> Staff:
        return self.staff

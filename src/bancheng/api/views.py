"""The set-up page for API tokens: administrators create them (the secret is shown once) and revoke them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bancheng.api import tokens
from bancheng.domain.errors import DomainError
from bancheng.org.models import Unit
from bancheng.org.permissions import require_admin


class TokenForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, help_text="调用方系统的名称，如“12345 平台对接”")
    role = forms.ChoiceField(label="角色", choices=[(r.value, r.label) for r in tokens.TOKEN_ROLES])
    unit = forms.ModelChoiceField(
        label="所在单位", queryset=Unit.objects.all(), required=False, empty_label="（无）"
    )
    expires = forms.DateTimeField(
        label="到期时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": "时间格式应为 年-月-日 时:分"},
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    secret = None
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                created = tokens.create_token(created_by=request.user, **form.cleaned_data)
            except DomainError as error:
                field = error.details.get("field")
                form.add_error(field if field in form.fields else None, error.message)
                status = 400
            else:
                secret = created.secret
                form = TokenForm()
        else:
            status = 400
    else:
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": tokens.list_tokens()},
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    token = tokens.revoke_token(pk)
    messages.success(request, f"已吊销令牌“{token.name}”")
    return redirect("api:tokens")

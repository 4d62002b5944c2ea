"""The notification pages: my messages (the bell's list), the message log, templates and gateway settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bancheng.domain.errors import DomainError
from bancheng.domain.masking import mask_phone
from bancheng.notifications import permissions, selectors, services
from bancheng.notifications.choices import Channel, MessageState
from bancheng.notifications.forms import GatewaySettingsForm, TemplateForm
from bancheng.notifications.gateways import current_settings
from bancheng.notifications.models import MessageTemplate
from bancheng.notifications.templating import DEFAULTS, PLACEHOLDERS

PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """我的消息: the signed-in person's own in-app messages, newest first."""
    page = Paginator(selectors.inbox_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def bell(request: HttpRequest) -> HttpResponse:
    """The header's bell with the unread count, loaded by htmx after the page, so a page pays no query for it
    and the bell pays one COUNT."""
    return render(request, "notifications/_bell_count.html", {"unread": selectors.unread_count(request.user)})


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.mark_read(pk, actor=request.user, now=timezone.now())
    except DomainError:
        raise Http404 from None
    return redirect(request.POST["next"] if _safe(request) else "notifications:inbox")


def _safe(request: HttpRequest) -> bool:
    target = request.POST.get("next", "")
    return target.startswith("/") and not target.startswith("//")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user, now=timezone.now())
    messages.success(request, f"已将 {count} 条消息标为已读")
    return redirect("notifications:inbox")


@login_required
def log(request: HttpRequest) -> HttpResponse:
    """发送记录: every message with its state and attempts; phones masked, bodies not shown."""
    permissions.require_log(request.user)
    state = request.GET.get("state", "") if request.GET.get("state") in MessageState.values else ""
    channel = request.GET.get("channel", "") if request.GET.get("channel") in Channel.values else ""
    page = Paginator(selectors.message_log(state, channel), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "message": m,
            "to": mask_phone(m.to_phone) if m.to_phone else (m.recipient.display_name if m.recipient else ""),
            "label": DEFAULTS[m.template_code].label if m.template_code in DEFAULTS else m.template_code,
        }
        for m in page
    ]
    return render(
        request,
        "notifications/log.html",
        {
            "page": page,
            "rows": rows,
            "states": MessageState.choices,
            "channels": Channel.choices,
            "state": state,
            "channel": channel,
        },
    )


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    permissions.require_admin(request.user)
    edited = {t.code: t for t in MessageTemplate.objects.select_related("updated_by")}
    rows = [{"default": d, "edited": edited.get(code)} for code, d in DEFAULTS.items()]
    return render(request, "notifications/templates.html", {"rows": rows})


@login_required
def template_edit(request: HttpRequest, code: str) -> HttpResponse:
    permissions.require_admin(request.user)
    default = DEFAULTS.get(code)
    if default is None:
        raise Http404
    subject, body = services.template_text(code)
    form = TemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST":
        if request.POST.get("reset"):
            services.reset_template(code)
            messages.success(request, f"“{default.label}”已恢复默认内容")
            return redirect("notifications:templates")
        if form.is_valid():
            try:
                services.save_template(
                    code,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    actor=request.user,
                    now=timezone.now(),
                )
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, f"“{default.label}”已保存")
                return redirect("notifications:templates")
    return render(
        request,
        "notifications/template_edit.html",
        {"default": default, "form": form, "placeholders": PLACEHOLDERS.items()},
    )


@login_required
def gateway_settings(request: HttpRequest) -> HttpResponse:
    permissions.require_admin(request.user)
    config = current_settings()
    had_secret = bool(config.sms_secret)  # the form's validation clears the field on the instance
    form = GatewaySettingsForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if values["sms_kind"] == "http" and not (values["sms_secret"] or had_secret):
            form.add_error("sms_secret", "使用 HTTP 短信网关时请填写签名密钥")
        else:
            services.save_gateway_settings(values, actor=request.user, now=timezone.now())
            messages.success(request, "发送设置已保存")
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form, "secret_set": had_secret})

"""The auditor's pages: the whole audit trail, filtered and exported, and a check of the hash chain."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from bancheng.audit.chain import verify_chain
from bancheng.audit.selectors import audit_events, require_audit_reader

PAGE_SIZE = 50


class EventFilterForm(forms.Form):
    stream = forms.CharField(label="记录流", required=False, help_text="如 case:12、access、org、system")
    action = forms.CharField(label="动作代码", required=False)
    actor = forms.CharField(label="操作人", required=False)
    day_from = forms.DateField(
        label="日期从",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日"},
    )
    day_to = forms.DateField(
        label="至",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日"},
    )


def _events(request: HttpRequest) -> tuple[EventFilterForm, Any]:
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, audit_events(request.user, **{k: v for k, v in filters.items() if v})


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require_audit_reader(request.user)
    form, events = _events(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/events.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def event_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered events as CSV, for the auditor's own records (personal data stays out: events hold
    codes, ids and staff names, not requesters' data)."""
    require_audit_reader(request.user)
    _, events = _events(request)
    writer = csv.writer(_Echo())

    def lines() -> Any:
        yield "\ufeff" + writer.writerow(
            ["时间", "记录流", "序号", "动作", "操作人", "代理", "诉求件", "前", "后", "数据", "哈希"]
        )
        for e in events.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    e.at.isoformat(),
                    e.stream,
                    e.seq,
                    e.action,
                    e.actor_name,
                    e.acting_for_name,
                    e.case.number if e.case else "",
                    e.before,
                    e.after,
                    e.data,
                    e.hash,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-events.csv"'
    return response


@login_required
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    require_audit_reader(request.user)
    return render(request, "audit/_verification.html", {"result": verify_chain()})

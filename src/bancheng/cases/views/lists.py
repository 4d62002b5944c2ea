"""The case list: filters, sorting, pagination, and an export of exactly what the list shows."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from bancheng.cases import selectors as sel
from bancheng.cases.choices import CASE_STATE_CHOICES, DEADLINE_STATUS_CHOICES, Channel
from bancheng.cases.models import Case
from bancheng.cases.saved_filters import forget_filter, save_filter, saved_filters_of
from bancheng.dashboard.drill import BadDrill, narrow
from bancheng.domain.calendar import TZ
from bancheng.domain.errors import DomainError
from bancheng.domain.hotline import REQUEST_TYPES
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.org.choices import UnitKind
from bancheng.org.models import Unit
from bancheng.policies.services import policy_of

PAGE_SIZE = 25
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: a broad filter over a hundred thousand cases does not read them
    all just to say how many there are. Past the cap the list says "超过 1000 件" and its export has all."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: COUNT_CAP + 1].count()  # type: ignore[union-attr]

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP


ANY = [("", "全部")]


class CaseFilterForm(forms.Form):
    number = forms.CharField(label="编号", required=False)
    requester = forms.CharField(label="诉求人", required=False)
    phone = forms.CharField(label="电话", required=False)
    text = forms.CharField(label="内容关键词", required=False)
    category = forms.ChoiceField(label="事项分类", required=False)
    case_class = forms.ChoiceField(label="问题类型", required=False)
    state = forms.ChoiceField(label="状态", required=False, choices=ANY + CASE_STATE_CHOICES)
    unit = forms.ModelChoiceField(
        label="承办单位", required=False, queryset=Unit.objects.none(), empty_label="全部"
    )
    branch = forms.ModelChoiceField(
        label="受理单位", required=False, queryset=Unit.objects.none(), empty_label="全部"
    )
    deadline_status = forms.ChoiceField(
        label="时限状态", required=False, choices=ANY + DEADLINE_STATUS_CHOICES
    )
    channel = forms.ChoiceField(label="渠道", required=False, choices=ANY + list(Channel.choices))
    request_type = forms.ChoiceField(
        label="诉求类型（12345）",
        required=False,
        choices=ANY + [(kind, kind) for kind in REQUEST_TYPES],
    )
    registered_from = forms.DateField(
        label="受理日期从",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日"},
    )
    registered_to = forms.DateField(
        label="至",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 年-月-日"},
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("-registered", "受理时间（新→旧）"),
            ("registered", "受理时间（旧→新）"),
            ("-updated", "最近更新"),
            ("number", "编号"),
            ("state", "状态"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy = policy_of(None)
        self.fields["category"].choices = ANY + [(c.code, c.label) for c in policy.categories]
        self.fields["case_class"].choices = ANY + [(c.code, c.label) for c in policy.classes]
        self.fields["unit"].queryset = Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.EXTERNAL])
        self.fields["branch"].queryset = Unit.objects.filter(kind=UnitKind.BRANCH)

    def case_filter(self) -> sel.CaseFilter:
        d = self.cleaned_data
        return sel.CaseFilter(
            number=d["number"],
            requester=d["requester"],
            phone=d["phone"],
            text=d["text"],
            category=d["category"],
            case_class=d["case_class"],
            state=d["state"],
            unit=d["unit"].pk if d["unit"] else None,
            branch=d["branch"].pk if d["branch"] else None,
            deadline_status=d["deadline_status"],
            channel=d["channel"],
            request_type=d["request_type"],
            registered_from=d["registered_from"],
            registered_to=d["registered_to"],
        )


PANELS = {
    "mine": lambda user, cases, today: cases.filter(pk__in=sel.cases_owned_by(user).values("pk")),
    "due_today": lambda user, cases, today: sel.cases_due_on(cases, today).filter(
        state__in=sel.OPEN_STATE_VALUES
    ),
    "overdue": lambda user, cases, today: sel.cases_overdue(cases).filter(state__in=sel.OPEN_STATE_VALUES),
    "waiting": lambda user, cases, today: sel.cases_waiting_for_materials(cases),
    "escalated": lambda user, cases, today: cases.filter(pk__in=sel.cases_escalated_to(user).values("pk")),
    # 重办≥3次 (bancheng.ratings): reopened at least the policy's number of times
    "reopened": lambda user, cases, today: cases.filter(
        reopen_count__gte=policy_of(None).reopen_flag_threshold
    ),
}
PANEL_TITLES = {
    "mine": "我负责的在办件",
    "due_today": "今日到期",
    "overdue": "已超期",
    "waiting": "等待补齐材料",
    "escalated": "提级到我",
    "reopened": "多次重办",
}


def _filtered(request: HttpRequest) -> tuple[CaseFilterForm, QuerySet[Case], str]:
    form = CaseFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        cases = sel.search_cases(request.user, form.case_filter(), form.cleaned_data["sort"] or "-registered")
    else:
        cases = sel.search_cases(request.user, sel.CaseFilter())
    panel = request.GET.get("panel", "")
    if panel in PANELS:
        today = timezone.now().astimezone(TZ).date()
        cases = PANELS[panel](request.user, cases, today)
    # A figure of the supervision board or the dashboard: the cases behind it (bancheng.dashboard.drill).
    try:
        drill = narrow(cases, request.GET, now=timezone.now())
    except BadDrill as error:
        messages.error(request, f"筛选条件无效：{error}")
        return form, cases.none(), panel
    if drill is not None:
        request.drill_title = drill.title  # type: ignore[attr-defined]
        cases = drill.cases
    return form, cases, panel


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    form, cases, panel = _filtered(request)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "cases/_list_results.html" if request.htmx else "cases/list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "panel_title": PANEL_TITLES.get(panel, "") or getattr(request, "drill_title", ""),
            "saved": saved_filters_of(request.user),
            "reopen_at": form.policy.reopen_flag_threshold,  # the case table's 重办 flag (bancheng.ratings)
        },
    )


@login_required
@require_POST
def filter_save(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    try:
        saved = save_filter(request.user, request.POST.get("name", ""), query)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('cases:list')}?{query}")
    messages.success(request, f"已保存常用筛选“{saved.name}”")
    return redirect(f"{reverse('cases:list')}?{saved.query}")


@login_required
@require_POST
def filter_forget(request: HttpRequest, pk: int) -> HttpResponse:
    forget_filter(request.user, pk)
    messages.success(request, "已删除常用筛选")
    return redirect("cases:list")


class _Echo:
    def write(self, value: str) -> str:
        return value


EXPORT_HEADINGS = [
    "编号",
    "受理日期",
    "渠道",
    "诉求人",
    "联系电话",
    "所办事项",
    "反映内容",
    "事项分类",
    "问题类型",
    "状态",
    "首问负责人",
    "受理单位",
]


def _export_rows(cases: QuerySet[Case]) -> Any:
    yield EXPORT_HEADINGS
    for c in cases.iterator(chunk_size=500):
        yield [
            c.number,
            c.registered_on.isoformat(),
            c.get_channel_display(),
            mask_name(c.requester_name),
            mask_phone(c.requester_phone),
            c.business,
            c.problem,
            c.category,
            c.case_class,
            c.get_state_display(),
            c.officer.display_name,
            c.branch.name,
        ]


@login_required
def case_export(request: HttpRequest) -> StreamingHttpResponse:
    """The rows the list shows (all pages), as CSV with masked personal data, streamed."""
    _, cases, _ = _filtered(request)
    writer = csv.writer(_Echo())
    stamp = timezone.now().astimezone(TZ).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        ("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(_export_rows(cases))
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.csv"'
    return response

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from bancheng.cases import selectors
from bancheng.domain.lifecycle import CaseState


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required(login_url="admin:login")
def home(request: HttpRequest) -> HttpResponse:
    """An overview of the cases the user may see, until the workspace pages arrive."""
    visible = selectors.cases_visible_to(request.user)
    counts = dict(visible.order_by().values_list("state").annotate(n=Count("id", distinct=True)))
    rows = [(state.label, counts.get(state.value, 0)) for state in CaseState]
    overdue = selectors.overdue_deadlines(visible).count()
    return render(
        request, "cases/home.html", {"rows": rows, "total": sum(counts.values()), "overdue": overdue}
    )

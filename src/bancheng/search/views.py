"""The search page /search/?q=: one box, hits of every kind the user may see, highlighted, paged.
Bad input (an over-long query, a page out of range) is said in Chinese; nothing is written."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bancheng.search.choices import Kind
from bancheng.search.forms import SearchForm
from bancheng.search.selectors import KINDS, SearchPage, query_groups, search

PAGE_SIZE = 20


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = SearchPage()
    query, kind, number = "", "", 1
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"] or ""
        kind = form.cleaned_data["kind"] or ""
        number = form.cleaned_data["page"] or 1
        if query:
            kinds = (kind,) if kind else KINDS
            result = search(
                request.user, query, kinds=kinds, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
            )
    pages = max(1, -(-result.total // PAGE_SIZE))
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "q": query,
            "kind": kind,
            "kinds": [("", "全部"), *Kind.choices],
            "labels": dict(Kind.choices),
            "result": result,
            "words": [group[0] for group in query_groups(query)] if query else [],
            "page_number": number,
            "first_rank": (number - 1) * PAGE_SIZE + 1,
            "pages": pages,
            "has_previous": number > 1,
            "has_next": number < pages,
        },
    )

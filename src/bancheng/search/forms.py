from __future__ import annotations

from django import forms

from bancheng.search.choices import Kind

MAX_QUERY = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label="检索",
        max_length=MAX_QUERY,
        required=False,
        strip=True,
        error_messages={"max_length": "检索内容过长，请不超过%(limit_value)d个字"},
    )
    kind = forms.ChoiceField(
        label="范围",
        choices=[("", "全部"), *Kind.choices],
        required=False,
        error_messages={"invalid_choice": "检索范围不正确，请从列表中选择"},
    )
    page = forms.IntegerField(
        min_value=1,
        max_value=50,
        required=False,
        error_messages={
            "invalid": "页码不正确",
            "min_value": "页码不正确",
            "max_value": "最多翻到第%(limit_value)s页，请换个更具体的说法",
        },
    )

from __future__ import annotations

from typing import Any

from django import forms

from bancheng.catalog.models import ServiceItem
from bancheng.knowledge.choices import CARD_SIZES
from bancheng.knowledge.drafting import ArticleFields
from bancheng.policies.services import policy_of


class ArticleForm(forms.Form):
    """An article's text, categories and service items, and the version the form showed."""

    title = forms.CharField(label="标题", max_length=200)
    problem = forms.CharField(label="问题", max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    cause = forms.CharField(
        label="原因", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )
    solution = forms.CharField(
        label="解决办法", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    policy_basis = forms.CharField(
        label="政策依据", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    categories = forms.MultipleChoiceField(
        label="事项分类", required=False, widget=forms.CheckboxSelectMultiple
    )
    service_items = forms.MultipleChoiceField(
        label="相关服务事项", required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    note = forms.CharField(label="修改说明", required=False, max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, linked_items: tuple[int, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [(c.code, c.label) for c in policy_of(None).categories]
        items = ServiceItem.objects.filter(is_active=True) | ServiceItem.objects.filter(pk__in=linked_items)
        self.fields["service_items"].choices = [
            (str(i.pk), f"{i.code} {i.name}") for i in items.distinct().order_by("code")
        ]

    def article_fields(self) -> ArticleFields:
        data = self.cleaned_data
        return ArticleFields(
            title=data["title"],
            problem=data["problem"],
            cause=data["cause"],
            solution=data["solution"],
            policy_basis=data["policy_basis"],
            categories=tuple(data["categories"]),
        )

    def item_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["service_items"]]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CardSizeForm(forms.Form):
    size = forms.ChoiceField(
        label="纸张", choices=[(code, label) for code, (label, *_rest) in CARD_SIZES.items()], initial="a6"
    )

"""The demo shows a recurring problem: last week's group of four requesters, flagged to the office."""

import pytest
from django.core.management import call_command

from bancheng.notifications.models import Message
from bancheng.recurring.models import RecurringGroup, RecurringMember

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_recurring_group_with_a_closed_case_to_draft_from():
    call_command("demo")
    group = RecurringGroup.objects.get()
    assert group.status == "new" and group.requester_count >= 3 and "离职" in group.terms
    states = set(RecurringMember.objects.filter(group=group).values_list("case__state", flat=True))
    assert "closed" in states
    assert (
        Message.objects.filter(template_code="recurring_groups_found", recipient__username="office").count()
        == 1
    )


def test_the_office_drafts_a_knowledge_article_from_the_groups_closed_case(client):
    from bancheng.knowledge.models import Article
    from bancheng.org.models import Staff

    call_command("demo")
    group = RecurringGroup.objects.get()
    closed = RecurringMember.objects.get(group=group, case__state="closed").case
    client.force_login(Staff.objects.get(username="office"))
    page = client.get(f"/recurring/{group.pk}/").content.decode()
    assert f'<option value="{closed.pk}"' in page and page.count("<option value=") == 1
    response = client.post(f"/recurring/{group.pk}/article/", {"version": group.version, "case": closed.pk})
    article = Article.objects.get(source_case=closed)
    assert response.status_code == 302 and response["Location"] == f"/knowledge/articles/{article.pk}/"
    group.refresh_from_db()
    assert (group.status, group.article_id) == ("carded", article.pk)
    assert "13912345661" not in str(Article.objects.filter(pk=article.pk).values().get())
    assert "查看知识条目" in client.get(f"/recurring/{group.pk}/").content.decode()

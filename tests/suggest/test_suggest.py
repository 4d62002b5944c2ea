"""Training, prediction, stored models, feedback and the job of the suggestions (bancheng.suggest)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.suggest import learning, samples
from bancheng.suggest.actions import train_models
from bancheng.suggest.choices import Kind
from bancheng.suggest.jobs import train_suggestions
from bancheng.suggest.models import SuggestionFeedback, SuggestionModel
from bancheng.suggest.selectors import category_history, suggest, unit_history
from tests.support import shanghai

pytestmark = pytest.mark.django_db
NOW = shanghai(2026, 11, 16, 10, 0)


def test_a_paraphrased_withdrawal_gets_the_withdrawal_category_first(trained):
    suggestion = suggest("在外地买了房子想把公积金取出来，窗口说要户籍证明，不给办")
    assert suggestion.category.code == "withdrawal"
    assert len(suggestion.categories) == 3 and len(suggestion.units) == 3
    assert suggestion.category.probability > suggestion.categories[1].probability
    assert suggestion.category_model_id == trained[Kind.CATEGORY].pk


def test_a_paraphrased_loan_delay_gets_the_loan_category_and_the_credit_department_first(trained):
    suggestion = suggest("公积金贷款批下来三个月了还没放款，开发商天天催")
    assert suggestion.category.code == "loan"
    assert suggestion.unit.code == "DEP-XD" and suggestion.unit.label == "信贷部"


def test_the_deciding_words_contain_the_decisive_term(trained):
    suggestion = suggest("租房提取公积金被退回")
    assert "提取" in suggestion.category.words or "租房" in suggestion.category.words
    assert all(len(w) >= 2 for w in suggestion.category.words)


def test_no_model_gives_an_empty_suggestion(org, fresh_cache):
    assert not suggest("租房提取被退回").ready


def test_a_stored_model_round_trips_and_a_tampered_blob_is_refused(trained, fresh_cache):
    row = SuggestionModel.objects.get(pk=trained[Kind.CATEGORY].pk)
    vectorizer, classifier = learning.load(bytes(row.blob), row.digest)
    assert learning.predict(vectorizer, classifier, "贷款放款慢")[0][0] == "loan"
    SuggestionModel.objects.filter(pk=row.pk).update(blob=bytes(row.blob)[:-1] + b"\x00")
    fresh_cache.clear()
    with pytest.raises(learning.ModelRefused):
        learning.load(bytes(SuggestionModel.objects.get(pk=row.pk).blob), row.digest)
    suggestion = suggest("贷款放款慢")
    assert suggestion.categories == () and suggestion.units  # the unit model is still fine


def test_too_few_assessed_cases_are_reported_and_nothing_is_trained(org, capsys):
    org.assessed(NOW)
    results = train_models(now=NOW)
    assert [r.status for r in results] == ["too_few", "too_few"]
    assert "样本不足" in results[0].message and not SuggestionModel.objects.exists()
    call_command("suggest", "train", "--min-samples", "5")
    assert "样本不足" in capsys.readouterr().out


def _assess(org, case, category):
    """Assess the case as a difficult one to transfer, in ``category``."""
    act.assess_case(
        case,
        actor=org.officer,
        category=category,
        nature="service",
        case_class="difficult",
        disposal="transfer",
        now=NOW,
    )


def _transfer(org, case, unit):
    act.transfer_case(case, actor=org.officer, to=[act.TransferTo(org.unit(unit).pk, "请核实")], now=NOW)


def _history(org, count):
    for sample in samples.generate(count, seed=5):
        case = org.register(NOW, business=sample.business, problem=sample.problem)
        _assess(org, case, sample.category)
        _transfer(org, case, sample.unit)


def test_the_job_trains_on_assessed_cases_and_skips_when_nothing_is_new(org, fresh_cache, capsys):
    _history(org, 40)
    assert train_suggestions(NOW) == {"trained": 2, "unchanged": 0, "too_few": 0}
    model = SuggestionModel.objects.get(kind=Kind.CATEGORY)
    assert model.samples == 40 and model.held_out == 8 and 0 <= model.accuracy <= model.top3_accuracy <= 1
    assert train_suggestions(NOW) == {"trained": 0, "unchanged": 2, "too_few": 0}
    call_command("suggest", "train")
    assert capsys.readouterr().out.count("没有新样本") == 2
    call_command("suggest", "train", "--kind", "category", "--force")
    assert "事项分类：已训练（样本 40 件，留出 8 件" in capsys.readouterr().out
    assert train_suggestions(NOW, dry_run=True)["trained"] == 0
    SuggestionModel.objects.filter(kind=Kind.UNIT).update(digest="0" * 64)  # e.g. a new SECRET_KEY
    assert train_suggestions(NOW) == {"trained": 1, "unchanged": 1, "too_few": 0}
    org.assessed(NOW)
    assert train_suggestions(NOW) == {"trained": 1, "unchanged": 1, "too_few": 0}
    assert SuggestionModel.objects.filter(kind=Kind.CATEGORY).count() == 3
    from bancheng.audit.models import Event

    trained = Event.objects.filter(stream="system", action="suggest_model_trained")
    assert trained.count() == 5 and trained.latest("seq").data["samples"] == 41
    assert (
        suggest("租房提取被退回").category_model_id
        == SuggestionModel.objects.filter(kind="category").latest("pk").pk
    )


def test_feedback_is_recorded_on_accept_and_on_override(org, trained, django_capture_on_commit_callbacks):
    accepted = org.register(NOW, business="租房提取", problem="租房提取被系统退回，窗口说材料不全")
    overridden = org.register(NOW, business="租房提取", problem="租房提取被系统退回，窗口说材料不全")
    with django_capture_on_commit_callbacks(execute=True):
        for case, category in ((accepted, "withdrawal"), (overridden, "account")):
            _assess(org, case, category)
    yes = SuggestionFeedback.objects.get(case=accepted, kind=Kind.CATEGORY)
    no = SuggestionFeedback.objects.get(case=overridden, kind=Kind.CATEGORY)
    assert (yes.suggested, yes.chosen, yes.accepted, yes.model_id) == (
        "withdrawal",
        "withdrawal",
        True,
        trained[Kind.CATEGORY].pk,
    )
    assert (no.suggested, no.chosen, no.accepted) == ("withdrawal", "account", False)
    assert no.actor == org.officer and 0 < no.probability <= 1
    history = category_history()
    weights = dict(zip(history.case_ids, history.weights, strict=True))
    assert weights[overridden.pk] == 2.0 and weights[accepted.pk] == 1.0 and history.overrides == 1


def test_only_the_first_transfer_records_unit_feedback(org, trained, django_capture_on_commit_callbacks):
    case = org.register(NOW, business="公积金贷款", problem="贷款审批超过承诺时限仍无结果")
    with django_capture_on_commit_callbacks(execute=True):
        _assess(org, case, "loan")
        _transfer(org, case, "DEP-GJ")
    with django_capture_on_commit_callbacks(execute=True):
        _transfer(org, case, "DEP-XD")
    unit = SuggestionFeedback.objects.get(case=case, kind=Kind.UNIT)
    assert (unit.suggested, unit.chosen, unit.accepted) == ("DEP-XD", "DEP-GJ", False)
    assert SuggestionFeedback.objects.filter(case=case).count() == 2


def test_nothing_is_recorded_without_a_model(org, fresh_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        org.in_handling(NOW)
    assert not SuggestionFeedback.objects.exists()


def test_demo_history_makes_closed_cases_through_the_actions_once(org):
    from bancheng.domain.lifecycle import CaseState
    from bancheng.suggest.demo import build_history

    assert build_history(count=6) == 6
    made = Case.objects.filter(external_number__startswith="LS-")
    assert made.count() == 6 and set(made.values_list("state", flat=True)) == {CaseState.CLOSED.value}
    assert all(c.assignments.count() == 1 for c in made)
    assert build_history(count=6) == 0


def test_training_learns_from_the_most_recent_cases_only_up_to_the_cap(org, settings):
    _history(org, 8)
    settings.BANCHENG_SUGGEST_MAX_SAMPLES = 5
    history = category_history()
    newest = list(Case.objects.order_by("-pk").values_list("pk", flat=True)[:5])
    assert history.case_ids == sorted(newest) and len(history.labels) == 5
    assert unit_history().case_ids == sorted(newest)


def test_a_model_that_cannot_be_loaded_gives_no_suggestion_instead_of_an_error(trained, fresh_cache):
    blob = b"not a joblib file"
    SuggestionModel.objects.filter(pk=trained[Kind.UNIT].pk).update(blob=blob, digest=learning.digest(blob))
    suggestion = suggest("贷款放款慢")
    assert suggestion.units == () and suggestion.category.code == "loan"

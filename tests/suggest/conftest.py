import pytest


@pytest.fixture
def fresh_cache():
    from bancheng.suggest.selectors import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def trained(org, fresh_cache):
    """Category and unit models trained on 400 cases from the phrase banks and stored as training stores
    them (the organization's units are the shenyang demo's)."""
    from bancheng.suggest import learning, samples
    from bancheng.suggest.actions import save_model
    from bancheng.suggest.choices import Kind

    data = samples.generate(400, seed=3)
    texts = [learning.case_text(s.business, s.problem) for s in data]
    return {
        kind: save_model(kind, learning.train(texts, [getattr(s, kind.value) for s in data]))
        for kind in (Kind.CATEGORY, Kind.UNIT)
    }

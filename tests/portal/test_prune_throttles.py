from datetime import timedelta

import pytest

from bancheng.jobs import registry
from bancheng.portal.models import Throttle
from bancheng.portal.throttle import hit
from tests.support import shanghai

T0 = shanghai(2026, 5, 11, 9, 0)


def _prune(now, **kw):
    return registry.jobs()["prune_throttles"].fn(now, **kw)


def test_prune_throttles_is_a_registered_hourly_job():
    job = registry.jobs()["prune_throttles"]
    assert job.every_seconds == 3600


@pytest.mark.django_db
def test_expired_throttle_rows_are_deleted_and_live_ones_kept():
    hit("lookup_ip", "10.0.0.1", now=T0)  # hourly window
    hit("report_phone", "13900001111", now=T0)  # daily window
    hit("lookup_ip", "10.0.0.2", now=T0 + timedelta(minutes=50))
    Throttle.objects.create(key="gone_scope:abc", window_start=T0, count=3)

    assert _prune(T0 + timedelta(minutes=59)) == {"deleted": 0}
    assert _prune(T0 + timedelta(hours=1), dry_run=True) == {"deleted": 1}
    assert Throttle.objects.count() == 4

    assert _prune(T0 + timedelta(hours=1)) == {"deleted": 1}
    keys = list(Throttle.objects.values_list("key", flat=True))
    assert sum(k.startswith("lookup_ip:") for k in keys) == 1
    assert any(k.startswith("report_phone:") for k in keys)

    assert _prune(T0 + timedelta(days=1)) == {"deleted": 3}
    assert not Throttle.objects.exists()


@pytest.mark.django_db
def test_a_pruned_counter_starts_again_from_zero():
    for _ in range(10):
        hit("lookup_case", "BC-2026-0001", now=T0)
    _prune(T0 + timedelta(hours=2))
    hit("lookup_case", "BC-2026-0001", now=T0 + timedelta(hours=2))
    assert Throttle.objects.get().count == 1

"""The demo organization carries each unit's address and office phone in its preset's city, for the guide
cards of the volunteer desk; fictional numbers, never a real office line."""

from __future__ import annotations

import re

import pytest

from bancheng.demo.organization import build_organization
from bancheng.org.models import Unit
from bancheng.policies.services import install_preset

pytestmark = pytest.mark.django_db

CITIES = {
    "shenyang": ("沈阳市", "024"),
    "shanting": ("枣庄市山亭区", "0632"),
    "putuo": ("上海市普陀区", "021"),
}


@pytest.mark.parametrize("preset", sorted(CITIES))
def test_every_demo_unit_has_an_address_in_the_presets_city_and_a_fictional_office_phone(preset):
    city, area = CITIES[preset]
    install_preset(preset)
    units = set(build_organization(preset).values())
    assert units == set(Unit.objects.all())
    for unit in units:
        assert unit.address.startswith(city), (unit.code, unit.address)
        # 1234 56xx after the area code: a special-service prefix, no office's real line
        assert re.fullmatch(rf"{area}-12345\d{{2,3}}", unit.phone), (unit.code, unit.phone)
    assert len({u.phone for u in units}) == len(units)


def test_loading_the_demo_again_fills_a_blank_address_or_phone_and_keeps_an_edited_one():
    install_preset("shenyang")
    build_organization("shenyang")
    Unit.objects.filter(code="DEP-GJ").update(address="", phone="")
    Unit.objects.filter(code="DEP-XD").update(phone="024-88886666")
    units = build_organization("shenyang")
    assert units["DEP-GJ"].address == "沈阳市沈河区市府大路260号三楼301室"
    assert Unit.objects.get(code="DEP-GJ").phone == "024-12345621"
    assert Unit.objects.get(code="DEP-XD").phone == "024-88886666"

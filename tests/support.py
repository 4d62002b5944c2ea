"""The demo organization for tests that need the database (Django is imported here, not in conftest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bancheng.cases import actions as act
from bancheng.cases.models import Case
from bancheng.demo.organization import build_organization, build_people
from bancheng.domain.calendar import TZ
from bancheng.org.models import Staff, Unit
from bancheng.policies.services import install_preset


def shanghai(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


@dataclass
class Org:
    units: dict[str, Unit]
    people: dict[str, Staff]

    def __getattr__(self, name: str) -> Staff:
        try:
            return self.people[name]
        except KeyError:
            raise AttributeError(name) from None

    def unit(self, code: str) -> Unit:
        return self.units[code]

    def register(self, now: datetime, **fields: str) -> Case:
        values = {
            "channel": "onsite",
            "requester_name": "张三",
            "requester_phone": "13812345678",
            "business": "住房公积金提取",
            "problem": "提取申请被退回三次，每次说法不同",
        }
        values.update(fields)
        return act.register_case(actor=self.people["officer"], now=now, **values)

    def assessed(self, now: datetime, case_class: str = "difficult", disposal: str = "transfer") -> Case:
        case = self.register(now)
        act.assess_case(
            case,
            actor=self.people["officer"],
            category="withdrawal",
            nature="service",
            case_class=case_class,
            disposal=disposal,
            now=now,
        )
        return case

    def in_handling(self, now: datetime, *units: str, case_class: str = "difficult") -> Case:
        case = self.assessed(now, case_class)
        act.transfer_case(
            case,
            actor=self.people["officer"],
            to=[act.TransferTo(self.units[u].pk, "请核实并答复") for u in units or ("DEP-GJ",)],
            now=now,
        )
        return case


def make_org(preset: str) -> Org:
    install_preset(preset)
    units = build_organization(preset)
    return Org(units, build_people(units))

"""A simple challenge without any outside service: an addition whose operands and issue time travel signed
(``django.core.signing``) in the form; the answer must be right and the question younger than ``MAX_AGE``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing

from bancheng.domain.errors import DomainError

SALT = "bancheng.portal.challenge"
MAX_AGE = timedelta(minutes=30)


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def issue(now: datetime) -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b, "t": int(now.timestamp())}, salt=SALT, compress=True)
    return Challenge(f"{a} 加 {b} 等于几？", token)


def check(token: str, answer: str, now: datetime) -> None:
    """Refuse a missing, forged, expired or wrong answer with ``portal.challenge``."""
    try:
        data = signing.loads(token, salt=SALT)
        a, b, issued = int(data["a"]), int(data["b"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise DomainError("portal.challenge", "验证问题已失效，请重新回答") from None
    age = now.timestamp() - issued
    if age > MAX_AGE.total_seconds():
        raise DomainError("portal.challenge_expired", "验证问题已过期，请回答新的问题后再提交")
    if age < -60:  # issued in the future: not ours
        raise DomainError("portal.challenge", "验证问题已失效，请重新回答")
    if answer.strip() != str(a + b):
        raise DomainError("portal.challenge_wrong", "验证问题回答错误，请重新计算")

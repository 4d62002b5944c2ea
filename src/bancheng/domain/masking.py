"""Masking of personal data for display: what a list, an export or a log shows by default (PIPL)."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile number; other numbers keep their first three and last two characters."""
    digits = phone.strip()
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) > 5:
        return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]
    return "*" * len(digits)


def mask_name(name: str) -> str:
    """张* for a two-character name, 欧阳** for longer ones: the family name stays, the given name goes."""
    name = name.strip()
    if not name:
        return ""
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "*" * (len(name) - keep)


def mask_id_number(number: str) -> str:
    """An ID number without its birth date: the region code and the last four characters."""
    number = number.strip()
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]

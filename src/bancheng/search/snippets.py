"""The highlighted snippet of a hit: a window of the stored (already personal-data-free) text around the
query's words, HTML-escaped, with <mark> around each word found. Computed in Python for the page's hits
only, so both databases show the same snippet."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.html import escape

WIDTH = 90
LEAD = 20


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    kept = sorted({t for t in terms if t}, key=len, reverse=True)
    if not kept:
        return None
    return re.compile("|".join(re.escape(t) for t in kept), re.IGNORECASE)


def highlight(text: str, terms: Sequence[str]) -> str:
    """All of ``text``, escaped, with every query word marked."""
    pattern = _pattern(terms)
    if pattern is None:
        return str(escape(text))
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(str(escape(text[last : m.start()])))
        out.append(f"<mark>{escape(m.group())}</mark>")
        last = m.end()
    out.append(str(escape(text[last:])))
    return "".join(out).replace("</mark><mark>", "")


def snippet(text: str, terms: Sequence[str], *, width: int = WIDTH) -> str:
    """The window of ``text`` (``width`` characters) holding the most distinct query words, marked."""
    text = " ".join(text.split())
    pattern = _pattern(terms)
    matches = list(pattern.finditer(text)) if pattern is not None else []
    start = 0
    if matches and len(text) > width:
        best = -1
        for m in matches:
            begin = max(0, m.start() - LEAD)
            found = {x.group().lower() for x in matches if begin <= x.start() and x.end() <= begin + width}
            if len(found) > best:
                best, start = len(found), begin
        start = min(start, max(0, len(text) - width))
    window = text[start : start + width]
    marked = highlight(window, terms)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return f"{prefix}{marked}{suffix}"

"""People's names in free text, found with jieba's part-of-speech tagger (``jieba.posseg``, flag ``nr`` = person
name), for the redaction (``bancheng.domain.redaction``, which stays pure and takes the names found here).

The tagger alone is noisy, so a word tagged ``nr`` counts as a name only when it starts with a common Chinese
surname (``redaction.SURNAMES`` / ``COMPOUND_SURNAMES``) and has one or two more characters (two or three after
a compound surname). jieba's dictionary tags many everyday words ``nr`` (齐全, 顾客, 周转, 申请人), so a
word from the dictionary is taken only when it is rare there (ordinary people's names are; 黄金周, 许可证 are not)
and, with two characters, when the dictionary calls it a person (``nrfg``); nothing ending in a role suffix
(申请人, 王家) is a name. Two common mis-cuts are mended: a bare surname
followed by a name part (陈|桂兰, 马|丽丽) and a name cut before its last character (赵国|强, 欧阳明|辉).
Names followed by a form of address (杨女士) are left to the redaction's own pattern.

Uses the tokenizer of ``bancheng.text.segment`` (same dictionary and trade words), loaded once per process.
"""

from __future__ import annotations

import threading

import jieba.posseg

from bancheng.domain.redaction import COMPOUND_SURNAMES, SURNAMES, TITLES
from bancheng.text.segment import _loaded

# Flags that may stand for the given-name part after a bare surname (陈/nr 桂兰/ns).
_GIVEN_FLAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nz"})
# Flags of a single character that may end a name the tagger cut short (赵国/nr 强/a).
_LAST_CHAR_FLAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nz", "a", "ag", "n", "ng"})
# Characters that follow a name in notes and are never its last character.
_NOT_NAME_END = frozenset("的了在和与及跟同说称讲问等是为也都又还已就才把被给向从到去来让叫请帮替陪")
# A word ending like these is a role or a family, not a person (申请人, 王家).
_ROLE_ENDINGS = ("人", "家", "氏", "姓", "方", "某", "性")

_lock = threading.Lock()
_tagger: jieba.posseg.POSTokenizer | None = None


def _pos() -> jieba.posseg.POSTokenizer:
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                _tagger = jieba.posseg.POSTokenizer(_loaded())
    return _tagger


def _cjk(word: str) -> bool:
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _surname(word: str) -> str | None:
    if word[:2] in COMPOUND_SURNAMES:
        return word[:2]
    return word[:1] if word[:1] in SURNAMES else None


# jieba's dictionary lists ordinary people's names rarely (王建国 12, 李秀英 3) and the everyday words it tags
# ``nr`` often (黄金周 1407, 许可证 351, 高新区 270).
_RARE = 200


def _frequency(word: str) -> int:
    return int(_loaded().FREQ.get(word) or 0)


def _accepted(name: str, surname: str, flag: str) -> bool:
    given = len(name) - len(surname)
    if not 1 <= given <= 2 or not _cjk(name) or name.endswith(_ROLE_ENDINGS):
        return False
    if any(name.endswith(title) for title in TITLES):
        return False
    frequency = _frequency(name)
    if not frequency:
        return True  # the tagger put it together from characters: not an everyday word
    return frequency < _RARE and (len(name) > 2 or flag == "nrfg")


def person_names(text: str) -> tuple[str, ...]:
    """The distinct people's names in ``text``, in first-seen order."""
    if not text:
        return ()
    tokens = [(pair.word, pair.flag) for pair in _pos().lcut(text)]
    found: dict[str, None] = {}
    i = 0
    while i < len(tokens):
        word, flag = tokens[i]
        surname = _surname(word) if _cjk(word) else None
        end = i + 1
        name = ""
        if surname is not None and word == surname and end < len(tokens):
            following, following_flag = tokens[end]
            if (
                _cjk(following)
                and len(following) <= 2
                and following_flag in _GIVEN_FLAGS
                and (flag.startswith("nr") or following_flag.startswith("nr"))
            ):
                name, flag, end = word + following, following_flag, end + 1
        elif surname is not None and flag.startswith("nr"):
            name = word
        if name and surname is not None:
            if len(name) - len(surname) == 1 and end < len(tokens):
                last, last_flag = tokens[end]
                if len(last) == 1 and last_flag in _LAST_CHAR_FLAGS and last not in _NOT_NAME_END:
                    name, end = name + last, end + 1
            if _accepted(name, surname, flag):
                found[name] = None
                i = end
                continue
        i += 1
    return tuple(found)

"""Chinese word segmentation (jieba) with the words of this trade, shared by search, suggestions and the
recurring-problem groups so that all three cut a text the same way.

``words`` gives the words a person means (for models and similarity); ``search_terms`` adds the shorter words
inside long ones (住房公积金 → 住房, 公积金, 住房公积金), so that a query for 公积金 finds 住房公积金.
Latin words and numbers are lower-cased; punctuation, spaces and stop words are dropped.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from functools import lru_cache

import jieba

# Words of the service-hall trade that jieba's general dictionary cuts apart or misses.
TRADE_WORDS = (
    "办不成事",
    "住房公积金",
    "公积金",
    "提取",
    "封存",
    "缴存",
    "贷款",
    "社保",
    "医保",
    "不动产",
    "营业执照",
    "容缺受理",
    "一次告知",
    "首问负责",
    "督办单",
    "受理单",
    "转办单",
    "分转单",
    "限时办结",
    "12345",
    "工资流水",
    "退休证",
    "身份证",
    "户口本",
    "居住证",
    "低保",
    "帮代办",
    "跑腿",
    "来回跑",
    "多头跑",
)

_STOP_WORDS_TEXT = (
    "的 了 和 与 及 或 是 在 有 也 就 都 而 被 把 让 给 对 向 从 到 于 为 以 之 其 这 那 此 该 个 我 你 他 她 它 们 "
    "吗 呢 吧 啊 呀 嘛 哦 么 着 过 又 很 太 还 再 才 只 但 却 并 即 等 等等 一个 一下 什么 怎么 如何 为什么 "
    "没有 不是 可以 需要 已经 现在 因为 所以 如果 但是 然后 还是 我们 你们 他们 自己 这个 那个 这样 那样"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_SEPARATOR = re.compile(r"[\s\W_]+", re.UNICODE)
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _loaded() -> jieba.Tokenizer:
    """The process's tokenizer, built once (jieba loads its dictionary in about half a second)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                logging.getLogger("jieba").setLevel(logging.WARNING)
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in TRADE_WORDS:
                    tokenizer.add_word(word, freq=200_000)
                _tokenizer = tokenizer
    return _tokenizer


def _keep(word: str) -> str | None:
    word = word.strip().lower()
    if not word or _SEPARATOR.fullmatch(word) or word in STOP_WORDS:
        return None
    return word


def words(text: str) -> list[str]:
    """The words of ``text`` in order (precise mode), without punctuation and stop words."""
    if not text:
        return []
    kept = (_keep(w) for w in _loaded().lcut(text, HMM=True))
    return [w for w in kept if w]


def search_terms(text: str) -> list[str]:
    """The words of ``text`` and the shorter words inside the long ones (search-engine mode), in order."""
    if not text:
        return []
    kept = (_keep(w) for w in _loaded().lcut_for_search(text, HMM=True))
    return [w for w in kept if w]


@lru_cache(maxsize=4096)
def query_terms(query: str) -> tuple[str, ...]:
    """The distinct search terms of a typed query, in first-seen order (cached: people retype the same)."""
    return tuple(dict.fromkeys(search_terms(query)))


def joined(parts: Iterable[str]) -> str:
    """Space-separated terms, the form both databases' full-text engines index."""
    return " ".join(parts)

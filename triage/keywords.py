"""Keywords of a text: jieba's TF-IDF ranking (its IDF table and stop words) over jieba's words (cut
by rjieba, its Rust port), with our stop words, numbers and single characters left out.

    keywords("润建股份股价微涨0.58% 新...", k=5)   # ['润建', '股份', ...]

jieba's IDF table (read from its package, without importing jieba) and rjieba's dictionary are loaded
on first use only, once per process.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

MEMO_SIZE = 4096  # texts whose keywords are remembered
MEMO_MAX_CHARS = 1000  # only short texts (headlines, snippets: the repeated ones), so the memo stays small


def keywords(text: str, k: int = 8) -> list[str]:
    """The text's k most characteristic words by jieba's TF-IDF (numbers and single characters dropped)."""
    if not text.strip():
        return []
    return list(_keywords(text, k) if len(text) <= MEMO_MAX_CHARS else _keywords.__wrapped__(text, k))


def forget() -> None:
    """Empty the memo (benchmarks time new texts, not repeated ones)."""
    _keywords.cache_clear()


STOPWORDS_PATH = Path(__file__).resolve().parent / "data" / "topics_stopwords.txt"


@cache
def _stopwords() -> frozenset[str]:
    lines = STOPWORDS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _is_keyword(word: str) -> bool:
    word = word.strip()
    if len(word) < 2 or not any(ch.isalpha() for ch in word) or word.lower() in _stopwords():
        return False
    return not word.replace(".", "").replace("%", "").isdigit()


KEYWORD_HMM = True  # jieba's HMM finds the names missing from its dictionary (companies, people): the best keywords


@lru_cache(maxsize=MEMO_SIZE)
def _keywords(text: str, k: int) -> tuple[str, ...]:
    """Memoised: a site repeats its sidebar headlines on every page it serves."""
    return tuple(w for w in _tfidf_top(text, k * 2) if _is_keyword(w))[:k]


def _tfidf_top(text: str, n: int) -> list[str]:
    """jieba.analyse.extract_tags (same IDF table, stop words and ranking) over the words of `words`."""
    idf, median, stop_words = _idf_table()
    counts = word_counts(text)
    # most distinct words are single characters: len(w) first, the cheapest test, then the ones jieba applies
    freq = {w: c for w, c in counts.items() if len(w) >= 2 and len(w.strip()) >= 2 and w.lower() not in stop_words}
    total = sum(freq.values())
    weight = {w: c * (idf.get(w, median) / total) for w, c in freq.items()}  # as jieba computes it
    return sorted(weight, key=weight.__getitem__, reverse=True)[:n]


JIEBA_STOPWORDS_PATH = Path(__file__).resolve().parent / "data" / "keywords_jieba_stopwords.txt"


@cache
def _idf_table() -> tuple[dict[str, float], float, frozenset[str]]:
    """jieba's IDF table (word -> IDF), its median (the IDF of a word not in it) and jieba's TF-IDF
    stop words. The table is read from jieba's package without importing jieba: jieba.analyse would
    also load jieba's and its part-of-speech dictionaries, half a second and 100 MB per process."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed (its IDF table ranks keywords)")
    idf_path = Path(spec.submodule_search_locations[0]) / "analyse" / "idf.txt"
    idf: dict[str, float] = {}
    for line in idf_path.read_bytes().decode("utf-8").splitlines():
        word, freq = line.strip().split(" ")  # as jieba's IDFLoader reads it
        idf[word] = float(freq)
    median = sorted(idf.values())[len(idf) // 2]
    lines = JIEBA_STOPWORDS_PATH.read_text(encoding="utf-8").splitlines()
    stop_words = frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
    return idf, median, stop_words


# jieba's HMM step cuts a run of non-Han characters (not a dictionary word) at this pattern
_JIEBA_ASCII_WORD = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def words(text: str) -> list[str]:
    """jieba's words of the text (its dictionary and HMM), cut by rjieba, the Rust port of jieba:
    about 15 times faster than jieba's Python cut, the dominant cost of tagging. rjieba keeps ASCII
    runs such as GPT-4o or www.example.com whole where jieba cuts them at its pattern (GPT, -, 4o);
    they are cut the same way here, so the words are jieba's (tests/test_keywords.py checks real pages)."""
    cut = _rjieba().cut(text, hmm=KEYWORD_HMM)
    if not _ASCII_PUNCTUATION.search(text):
        return cut  # an ASCII word without punctuation is cut alike by both
    out: list[str] = []
    for w in cut:
        out += _jieba_parts(w)
    return out


def word_counts(text: str) -> dict[str, int]:
    """How often each of words(text) occurs, in the order of first occurrence (as TF-IDF counts
    them), counted without a Python step per word: the words are counted as rjieba cuts them, then
    the few ASCII runs jieba would cut are replaced by their parts in place."""
    counts = Counter(_rjieba().cut(text, hmm=KEYWORD_HMM))
    if not _ASCII_PUNCTUATION.search(text) or not any(len(_jieba_parts(w)) > 1 for w in counts if len(w) > 1):
        return counts
    out: dict[str, int] = {}
    for w, c in counts.items():
        for part in _jieba_parts(w):
            out[part] = out.get(part, 0) + c
    return out


def _jieba_parts(word: str) -> list[str]:
    """A word as rjieba cut it -> the words jieba makes of it (itself, but for ASCII runs)."""
    if len(word) > 1 and word.isascii() and not _JIEBA_ASCII_WORD.fullmatch(word) and not _rjieba().has_word(word):
        return [part for part in _JIEBA_ASCII_WORD.split(word) if part]
    return [word]


@cache
def _rjieba():
    import rjieba

    return rjieba

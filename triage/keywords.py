"""Keywords of a text: jieba's TF-IDF ranking (its IDF table and stop words) over jieba's words (cut
by rjieba, its Rust port), with our stop words, numbers and single characters left out.

    keywords("润建股份股价微涨0.58% 新...", k=5)   # ['润建', '股份', ...]

A text in scripts that space their words with letters outside ASCII (Turkish, German, Russian, Korean...)
is not cut by jieba, which cuts such words at those letters: its words are ranked whole, without the stop
words (stopwords-iso's) of the language whose stop words it holds most.

jieba's IDF table (read from its package, without importing jieba), rjieba's dictionary and the stop word
lists are loaded on first use only, once per process.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from functools import cache, lru_cache
from itertools import chain, compress, filterfalse, islice, product, repeat
from operator import gt, mul, truediv
from pathlib import Path
from typing import NamedTuple

from triage.language import SPACED_WORD, UNSPACED, UNSPACED_RANGES, language_of, stop_words

MEMO_SIZE = 4096  # texts whose keywords are remembered
MEMO_MAX_CHARS = 1000  # only short texts (headlines, snippets: the repeated ones), so the memo stays small
KEYWORD_MEMO_SIZE = 65536  # words judged as keywords or not
PARTS_MEMO_SIZE = 65536  # ASCII words and the words jieba makes of them


def keywords(text: str, k: int = 8) -> list[str]:
    """The text's k most characteristic words by jieba's TF-IDF (numbers and single characters dropped)."""
    if not text or text.isspace():
        return []
    return list(_keywords(text, k) if len(text) <= MEMO_MAX_CHARS else _keywords.__wrapped__(text, k))


def forget() -> None:
    """Empty the memos of texts and words (benchmarks time new texts, not repeated ones)."""
    _keywords.cache_clear()
    _is_keyword.cache_clear()


STOPWORDS_PATH = Path(__file__).resolve().parent / "data" / "topics_stopwords.txt"


@cache
def _stopwords() -> frozenset[str]:
    lines = STOPWORDS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=KEYWORD_MEMO_SIZE)
def _is_keyword(word: str) -> bool:
    """Memoised (bounded): the same words top the rankings of many texts."""
    word = word.strip()
    if len(word) < 2 or not any(map(str.isalpha, word)) or word.lower() in _stopwords():
        return False
    return not word.replace(".", "").replace("%", "").isdigit()


KEYWORD_HMM = True  # jieba's HMM finds the names missing from its dictionary (companies, people): the best keywords


@lru_cache(maxsize=MEMO_SIZE)
def _keywords(text: str, k: int) -> tuple[str, ...]:
    """Memoised: a site repeats its sidebar headlines on every page it serves."""
    return tuple(islice(filter(_is_keyword, _tfidf_top(text, k * 2)), k))


def _tfidf_top(text: str, n: int) -> list[str]:
    """jieba.analyse.extract_tags (same IDF table, stop words and ranking) over the words of the text."""
    if _SPACED_NON_ASCII.search(text) and not UNSPACED.search(text):
        return _tfidf_top_of_spaced_words(text, n)
    cut = _rjieba().cut(text, hmm=KEYWORD_HMM)
    if len(cut) <= DIRECT_MAX_WORDS:
        return _tfidf_top_of_few(_with_parts(cut, _split(text, cut)), n)
    return _tfidf_top_of_many(_counts(text, cut), n)


DIRECT_MAX_WORDS = 64  # up to this many words (headlines, snippets), plain loops beat setting up C-level calls

# A letter outside ASCII of a script that spaces its words (é, ç, ß, Cyrillic, Greek, Hangul...), or a combining
# accent (können written k, o, U+0308, n...). jieba cuts a word at either (Koçyiğit -> Ko, ç, yi, ğ, it) and
# keeps none of a Korean or Russian text.
_SPACED_NON_ASCII = re.compile(f"[^\\W\\d_\\x00-\\x7f{UNSPACED_RANGES}]|[\u0300-\u036f]")


def _tfidf_top_of_spaced_words(text: str, n: int) -> list[str]:
    """extract_tags' ranking over the whole words of a text in spaced scripts with letters jieba cuts
    words at, without the stop words of its language (English: jieba's and ours only; stopwords-iso's
    English list drops news words such as 'information' and 'world')."""
    counts = Counter(SPACED_WORD.findall(unicodedata.normalize("NFC", text)))  # accents composed: letters
    language = language_of(counts)
    if language not in (None, "en"):
        language_stop_words = stop_words(language)
        counts = {w: c for w, c in counts.items() if w.lower() not in language_stop_words}
    return _tfidf_top_of_many(counts, n)


def _tfidf_top_of_few(words_: list[str], n: int) -> list[str]:
    """jieba's extract_tags as jieba writes it, for a short text: counting, weighing and ranking a
    handful of words costs less in a plain loop than in the C-level calls of _tfidf_top_of_many."""
    table = _idf_table()
    idf, median, stop_forms = table.idf, table.median, table.stop_forms
    counts: dict[str, int] = {}
    for w in words_:
        # jieba's test; len(w) >= 2 first turns the single characters (half a headline's words) away
        if len(w) >= 2 and len(w.strip()) >= 2 and w not in stop_forms:
            counts[w] = counts.get(w, 0) + 1
    total = sum(counts.values())
    weights = {w: c * (idf.get(w, median) / total) for w, c in counts.items()}
    # sorted is stable: equal weights keep the order of first occurrence, as in jieba
    return sorted(weights, key=weights.__getitem__, reverse=True)[:n]


def _tfidf_top_of_many(counts: dict[str, int], n: int) -> list[str]:
    """jieba's extract_tags for a long text: the counting, the weights and the ranking are C-level
    calls over its distinct words; the only Python step per distinct word is jieba's own test of it."""
    stop_forms = _idf_table().stop_forms
    # jieba's test; len(w) >= 2 first turns the single characters (a fifth of a Chinese text's distinct words) away
    counted = [w for w in counts if len(w) >= 2 and len(w.strip()) >= 2 and w not in stop_forms]
    numbers = list(map(counts.__getitem__, counted))
    total = sum(numbers)
    if 0 < n and PRUNE_MIN_WORDS_PER_RANK * n < len(counted):
        top = _top_among_repeated_words(counted, numbers, total, n)
        if top is not None:
            return top
    return [counted[i] for i in _top(_weights(counted, numbers, total), n)]


def _weights(counted: list[str], numbers: list[int], total: int) -> list[float]:
    """TF-IDF weights as jieba computes them, count * (idf / total): the same floats, so the same
    ranking and ties. (The IDF table is large: its look-ups cost more than the rest of the ranking.)"""
    table = _idf_table()
    idf, median = table.idf, table.median
    return list(map(mul, numbers, map(truediv, map(idf.get, counted, repeat(median)), repeat(total))))


def _top(weights: list[float], n: int) -> list[int]:
    """Indexes of the n highest weights. sorted is stable: equal weights keep the order of first
    occurrence, as jieba's sorted(freq) does."""
    return sorted(range(len(weights)), key=weights.__getitem__, reverse=True)[:n]


PRUNE_MIN_WORDS_PER_RANK = 4  # below this many words per rank asked for, the full ranking is as cheap


def _top_among_repeated_words(counted: list[str], numbers: list[int], total: int, n: int) -> list[str] | None:
    """The n top words of a long text when they are all words it repeats: a word seen once weighs at
    most the largest IDF / total, so when n repeated words weigh more, the words seen once (most of a
    long text's words) cannot rank and are not weighed. None when they could rank."""
    repeated = list(map(gt, numbers, repeat(1)))
    if sum(repeated) < n:
        return None
    counted, numbers = list(compress(counted, repeated)), list(compress(numbers, repeated))
    weights = _weights(counted, numbers, total)
    top = _top(weights, n)
    # strictly more: a word seen once and weighing as much would rank before a later repeated word
    if weights[top[-1]] <= _idf_table().largest / total:
        return None
    return [counted[i] for i in top]


JIEBA_STOPWORDS_PATH = Path(__file__).resolve().parent / "data" / "keywords_jieba_stopwords.txt"


class IdfTable(NamedTuple):
    idf: dict[str, float]  # word -> IDF
    median: float  # the IDF of a word not in the table
    stop_words: frozenset[str]  # jieba's TF-IDF stop words
    largest: float  # the largest IDF a word can have (the table's largest, or the median)
    # every word w with w.lower() in stop_words: jieba's test in one look-up, no lower-cased copy of w
    stop_forms: frozenset[str]


@cache
def _idf_table() -> IdfTable:
    """jieba's IDF table, its median and jieba's TF-IDF stop words. The table is read from jieba's
    package without importing jieba: jieba.analyse would also load jieba's and its part-of-speech
    dictionaries, half a second and 100 MB per process."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed (its IDF table ranks keywords)")
    idf_path = Path(spec.submodule_search_locations[0]) / "analyse" / "idf.txt"
    idf: dict[str, float] = {}
    # one float object per distinct IDF (3,328 for 270,132 words): the values a ranking reads stay few
    # and near each other in memory, and each process holds 270,000 objects fewer
    shared: dict[str, float] = {}
    for line in idf_path.read_bytes().decode("utf-8").splitlines():
        word, freq = line.strip().split(" ")  # as jieba's IDFLoader reads it
        value = shared.get(freq)
        if value is None:
            value = shared[freq] = float(freq)
        idf[word] = value
    values = sorted(idf.values())
    median = values[len(idf) // 2]
    lines = JIEBA_STOPWORDS_PATH.read_text(encoding="utf-8").splitlines()
    stop_words = frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
    return IdfTable(idf, median, stop_words, max(values[-1], median), _case_forms(stop_words))


# the only character outside ASCII whose lower() is ASCII: KELVIN SIGN -> k (U+0130 lowers to i and a
# combining dot, not ASCII as a whole); tests/test_keywords.py checks every code point
_ASCII_BY_LOWER = {"k": "\u212a"}


def _case_forms(lower_ascii_words: frozenset[str]) -> frozenset[str]:
    """Every string whose lower() is one of the words (lower-case ASCII, as jieba's stop words are):
    each character in its own, upper-case and other forms that lower to it. Lower-casing maps a
    character outside ASCII to an ASCII one only in _ASCII_BY_LOWER, and never shortens a string."""
    if not all(w.isascii() and w == w.lower() for w in lower_ascii_words):
        raise ValueError("stop words must be lower-case ASCII (jieba's are) to be matched by their case forms")
    return frozenset(
        "".join(chars)
        for word in lower_ascii_words
        for chars in product(*({c, c.upper(), *_ASCII_BY_LOWER.get(c, "")} for c in word))
    )


# jieba's HMM step cuts a run of non-Han characters (not a dictionary word) at this pattern
_JIEBA_ASCII_WORD = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def words(text: str) -> list[str]:
    """jieba's words of the text (its dictionary and HMM), cut by rjieba, the Rust port of jieba:
    about 15 times faster than jieba's Python cut, the dominant cost of tagging. rjieba keeps ASCII
    runs such as GPT-4o or www.example.com whole where jieba cuts them at its pattern (GPT, -, 4o);
    they are cut the same way here, so the words are jieba's (tests/test_keywords.py checks real pages)."""
    cut = _rjieba().cut(text, hmm=KEYWORD_HMM)
    return _with_parts(cut, _split(text, cut))


def word_counts(text: str, min_chars: int = 1) -> dict[str, int]:
    """How often each of words(text) at least min_chars long occurs, in the order of first occurrence
    (as TF-IDF counts them)."""
    counts = _counts(text, _rjieba().cut(text, hmm=KEYWORD_HMM))
    return counts if min_chars <= 1 else {w: c for w, c in counts.items() if len(w) >= min_chars}


def _counts(text: str, cut: list[str]) -> dict[str, int]:
    """word_counts of rjieba's cut of the text, by C-level calls: rjieba's words are counted, then
    the counts of the words jieba cuts into parts (some ASCII runs) go to their parts. (Counting every
    word, single characters too, costs less than picking the longer words out first.)"""
    counts = Counter(cut)
    split = _split(text, counts)
    return _counts_of_parts(counts, split) if split else counts


def _counts_of_parts(counts: dict[str, int], split: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """The counts with each word of split replaced by its parts, each part counted as often as the
    word: the counts of the words with their parts, still in the order of first occurrence (a part
    first occurs where the first word holding it does). One step per distinct word: cheaper than
    counting the words again with their parts."""
    parts_counts: dict[str, int] = {}
    for word, count in counts.items():
        for part in split.get(word, (word,)):
            parts_counts[part] = parts_counts.get(part, 0) + count
    return parts_counts


def _with_parts(cut: list[str], split: dict[str, tuple[str, ...]]) -> list[str]:
    """The words with those of split replaced by their parts, by C-level calls (zip(cut) gives each
    word as a 1-tuple: its own parts)."""
    return list(chain.from_iterable(map(split.get, cut, zip(cut)))) if split else cut


def _split(text: str, words_: Collection[str]) -> dict[str, tuple[str, ...]]:
    """The words (of the text's words as rjieba cut them, repeated or distinct) that jieba cuts into
    parts, and their parts: only ASCII words with a character other than a letter or digit can be (a
    word of letters and digits alone matches jieba's pattern whole), picked by C-level calls (most
    words are Han or plain ASCII words)."""
    if not _ASCII_PUNCTUATION.search(text):
        return {}  # an ASCII word without punctuation is cut alike by both
    candidates = filterfalse(str.isalnum, compress(words_, map(str.isascii, words_)))
    return {w: parts for w in candidates if len(parts := _jieba_parts(w)) > 1}


@lru_cache(maxsize=PARTS_MEMO_SIZE)
def _jieba_parts(word: str) -> tuple[str, ...]:
    """A word as rjieba cut it -> the words jieba makes of it (itself, but for ASCII runs). Memoised
    (bounded): numbers, dates and names recur from text to text."""
    if len(word) > 1 and word.isascii() and not _JIEBA_ASCII_WORD.fullmatch(word) and not _rjieba().has_word(word):
        return tuple(part for part in _JIEBA_ASCII_WORD.split(word) if part)
    return (word,)


@cache
def _rjieba():
    import rjieba

    return rjieba

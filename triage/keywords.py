"""Keywords of a text: jieba's TF-IDF ranking (its IDF table and stop words), with our stop words,
numbers and single characters left out.

    keywords("润建股份股价微涨0.58% 新...", k=5)   # ['润建', '股份', ...]

jieba is imported on first use only (its dictionary takes about a second to load), once per process,
with its log lines silenced.
"""

from __future__ import annotations

import math
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
    """jieba.analyse.extract_tags (same IDF table, stop words and ranking), with the cut's HMM chosen here."""
    tfidf = _jieba_analyse().default_tfidf
    stop_words, idf, median = tfidf.stop_words, tfidf.idf_freq, tfidf.median_idf
    freq: dict[str, float] = {}
    for w in tfidf.tokenizer.cut(text, HMM=KEYWORD_HMM):
        if len(w.strip()) < 2 or w.lower() in stop_words:
            continue
        freq[w] = freq.get(w, 0.0) + 1.0
    total = sum(freq.values())
    for w in freq:
        freq[w] *= idf.get(w, median) / total
    return sorted(freq, key=freq.__getitem__, reverse=True)[:n]


_ANALYSE = None


def _jieba_analyse():
    """jieba.analyse, imported once per process with jieba's own log lines silenced (they would
    otherwise reach the user's stderr: "Building prefix dict from the default dictionary ...")."""
    global _ANALYSE
    if _ANALYSE is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        import jieba.analyse

        jieba.initialize()
        _speed_up_segmenter(jieba.dt)
        _ANALYSE = jieba.analyse
    return _ANALYSE


def _speed_up_segmenter(tokenizer) -> None:
    """Swap jieba's word graph and best-path search for equivalent ones with fewer lookups and the
    log-frequencies memoised (jieba takes a log per candidate word per call): same words, in about
    half the time. Its outputs over the corpus are checked equal to jieba's own by tests/test_topics.py."""
    freq = tokenizer.FREQ
    logtotal = math.log(tokenizer.total)
    weight: dict[str, float] = {}  # word -> log(frequency) - log(total): a dictionary word or one char

    def get_DAG(sentence: str) -> dict[int, list[int]]:
        dag = {}
        n = len(sentence)
        for k in range(n):
            ends = []
            i = k
            f = freq.get(sentence[k])
            while f is not None:  # prefixes of dictionary words are in FREQ with frequency 0
                if f:
                    ends.append(i)
                i += 1
                if i >= n:
                    break
                f = freq.get(sentence[k : i + 1])
            dag[k] = ends or [k]
        return dag

    def calc(sentence: str, dag: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
        n = len(sentence)
        route[n] = (0, 0)
        for idx in range(n - 1, -1, -1):
            best = None
            for x in dag[idx]:
                word = sentence[idx : x + 1]
                w = weight.get(word)
                if w is None:
                    w = weight[word] = math.log(freq.get(word) or 1) - logtotal
                cand = (w + route[x + 1][0], x)
                if best is None or cand > best:  # the first maximum, as max() keeps it
                    best = cand
            route[idx] = best

    tokenizer.get_DAG = get_DAG
    tokenizer.calc = calc

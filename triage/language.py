"""The language of a text in scripts that space their words, told by the stop words its words include
(stopwords-iso's lists of 58 languages), and those stop words.

    language_of(["Das", "war", "ein", "schöner", "Tag"])   # 'de'
    stop_words("de")                                       # frozenset({'aber', 'war', ...})

The lists are read on first use only, once per process.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import chain, islice

# Scripts that do not space their words (Han, kana, Thai, Lao, Tibetan, Myanmar, Khmer, full-width forms).
UNSPACED_RANGES = "\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
UNSPACED = re.compile(f"[{UNSPACED_RANGES}]")
# A run of letters and digits of scripts that space their words: a word, but for a case ending glued to it by
# an apostrophe (Turkish Koçyiğit'ten, English Paris's, don't: a short run of letters), which the group leaves
# out. A French or Italian elision (l'économie) keeps its word.
SPACED_WORD = re.compile(f"([^\\W_{UNSPACED_RANGES}]+)(?:['’][^\\W\\d_]{{1,4}}(?![^\\W_]))?")

# stopwords-iso's languages written in scripts that space their words
SPACED_LANGUAGES = """af ar bg br ca cs da de el en eo es et eu fa fi fr ga gl ha he hr hu hy id it ko ku la lt lv ms nl
    no pl pt ro ru sk sl so st sv sw tl tr uk vi yo zu""".split()
SAMPLE = 200  # distinct words of a text that tell its language
MIN_HITS = 2  # distinct stop words of one language, at least: one word shared by many languages tells nothing


def language_of(words: Iterable[str]) -> str | None:
    """The language with the most stop words among the (first SAMPLE distinct) words, when it has at least
    MIN_HITS of them and more than any other language; None when the words do not tell."""
    distinct = islice(dict.fromkeys(map(str.lower, words)), SAMPLE)
    hits = Counter(chain.from_iterable(filter(None, map(_languages_by_stop_word().get, distinct))))
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < MIN_HITS or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


@cache
def stop_words(language: str) -> frozenset[str]:
    """The language's stop words, lower-cased."""
    import stopwordsiso

    return frozenset(w.lower() for w in stopwordsiso.stopwords(language))


@cache
def _languages_by_stop_word() -> dict[str, tuple[str, ...]]:
    """stop word (lower-cased) -> the languages whose stop word it is."""
    languages: dict[str, list[str]] = {}
    for language in SPACED_LANGUAGES:
        for word in stop_words(language):
            languages.setdefault(word, []).append(language)
    return {word: tuple(langs) for word, langs in languages.items()}

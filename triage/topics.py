"""Topic tagging: a taxonomy (triage/data/taxonomy.toml, user-extensible), a statistical model for the
broad news classes, and a keyword layer for the topics no data set covers (ai-safety, patents...).

    tagger = load_tagger()            # taxonomy + model; jieba only when keywords are asked for
    tagger.topics("润建股份股价微涨0.58%")   # [TopicScore("markets", 0.9, [...]), ...]

How a text's topics are decided:
- traditional characters are first mapped onto simplified ones (the model and the terms are simplified);
- every slug gets a score: the model's probability (for the classes it learnt; a long story is judged
  a headline-sized piece at a time: its title and lead sentences) combined with keyword evidence
  (terms of the taxonomy, counted per length of text, title hits counting double; English terms
  also in their plural);
- a parent's score is at least its best child's (a child implies its parent);
- the best top-level topic is chosen, then the path descends to the best child while that child's
  own score clears the threshold: the most specific topic supported by evidence comes first;
- below the threshold nothing is guessed: the text stays untagged.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from triage.language import SPACED_LANGUAGES, SPACED_WORD, language_of, stop_words
from triage.models import Item, TopicScore
from triage.topics_taxonomy import Taxonomy, Topic, load_taxonomy

if TYPE_CHECKING:
    from triage.topics_model import Features, TopicModel

__all__ = ["Tagger", "Taxonomy", "Topic", "load_taxonomy", "load_tagger"]

# below this an item stays untagged rather than guessed; with a dozen model classes (chance ~0.08)
# 0.3 left 2% of THUCNews and 9% of TNEWS validation headlines untagged, a third of them judged
# right; 0.2 tags those and still leaves text without evidence untagged
THRESHOLD = 0.2
MAX_TOPICS = 4
WEAK_WEIGHT = 0.4  # a weak term is worth this much of a term, and only next to one
TITLE_WEIGHT = 2.0  # a hit in the title says more than one deep in the body
KEYWORD_RATE = 1.2  # how fast keyword evidence turns into confidence: 1 hit in a headline -> ~0.7
CHARS_PER_HIT = 150  # length units (a Chinese character; 2/3 of an English word) per hit that count as one headline hit
LENGTH_POWER = 1.0  # evidence needed grows with length (0.5 and 0.75 did worse on the corpus stories)
MODEL_KEYWORD_SHARE = 0.5  # for classes the model knows, keywords only add to its judgement
MODEL_EVIDENCE = 3  # n-grams shown as the model's evidence
MEMO_SIZE = 4096  # texts whose topics are remembered
MEMO_MAX_CHARS = 1000  # only short texts (headlines, snippets: the repeated ones), so the memo stays small

MIN_HAN_SHARE = 0.2  # of a text's letters, for the model (trained on Chinese) to judge it
READ_CHARS = 2000  # of a text, the head whose letters decide whether the model reads it
# Kana in a text's head from which it is Japanese, which the model (of Chinese n-grams) misreads: 死亡 is
# politics to it, 番組終了 science. One kana may be a Chinese page's の (我の日常) or an emoticon's ノ.
JAPANESE_MIN_KANA = 2
# in the model's judgement of a long story the title is one more sentence: a page's title is often its site name
TITLE_MODEL_WEIGHT = 1.0
LEAD_SENTENCES = 10  # of a long story, the first sentences the model judges (the lead says what it is about)
MIN_SENTENCE = 8  # characters: shorter pieces (bylines, captions) say too little to judge
MIN_MODEL_LETTERS = 5  # shorter than any headline: too little for the model to judge ("你好", "登录")
LONG_TEXT = 300  # words: beyond this a story's title is weighed apart from its body

# where a sentence ends: after 。！？!?；; (kept with it), at a line break (dropped), at a full stop and the white
# space after it (the stop kept). Each mark starts with one of a few characters, so the regex engine skips to
# them (a split at r"(?<=[。！？!?；;])|\n|(?<=[.])\s+" tried its look-behinds at every position); the pieces
# differ from that split's only by white space at their edges and by pieces of white space alone, and a
# sentence is stripped and at least MIN_SENTENCE long
_SENTENCE_MARK = re.compile(r"[。！？!?；;]|\n|\.\s+")
# runs, not single characters: counted by their lengths, a few matches per text instead of one per character
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LETTER = re.compile(r"[^\W\d_]+")
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]+")
# words: runs of letters and digits but Han (each Han character is a word of its own, counted apart); a
# Cyrillic, Greek or Hangul word counts as an English one does (before only ASCII runs were words: a Russian or
# Korean story had no length, and its topics' evidence saturated at 1.0)
_WORD = re.compile(r"[^\W_\u3400-\u9fff\uf900-\ufaff]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")  # _WORD on ASCII text: a cheaper class to test per character
# a Han run (the group) or a word (the group empty): the classes are disjoint, so each match is a whole run of one
_HAN_OR_WORD = re.compile(f"({_HAN.pattern})|{_WORD.pattern}")
_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)  # a set lookup, not two method calls
_START, _END = itemgetter(1), itemgetter(2)  # of an Aho-Corasick occurrence (term, start, end)


@dataclass(frozen=True, slots=True)
class _Hit:
    slug: str
    weak: bool


class KeywordMatcher:
    """All terms of the taxonomy, found in the NFKC lower-cased text left to right: at each position
    the longest term starting there wins. ASCII terms match whole words only (or with a plural -s, -es).
    An Aho-Corasick automaton (ahocorasick_rs, in Rust) finds every occurrence of every term in one
    pass; only those few are weighed here (a Python scan tried the candidates at each position)."""

    def __init__(self, taxonomy: Taxonomy):
        from ahocorasick_rs import AhoCorasick

        # the model's NFKC, with its shortcut for full-width forms (imported here: the taxonomy alone
        # must not import the model's module)
        from triage.topics_model import fold, nfkc

        self.fold = fold
        self.owners: dict[str, list[_Hit]] = {}
        self.spelling: dict[str, str] = {}  # key -> the term as the taxonomy writes it (for evidence)
        spellings: dict[str, set[str]] = {}  # key -> every way the taxonomy writes it
        for topic in taxonomy.topics.values():
            for term, weak in [(t, False) for t in topic.terms] + [(t, True) for t in topic.weak]:
                # simplified like the text it is looked for in (a Japanese term's 選 is 选 there)
                key = " ".join(to_simplified(nfkc(term)).lower().split())
                if not key:
                    continue
                self.spelling.setdefault(key, term)
                spellings.setdefault(key, set()).add(term)
                hits = self.owners.setdefault(key, [])
                if all(h.slug != topic.slug for h in hits):
                    hits.append(_Hit(topic.slug, weak))
        self.keys = list(self.owners)
        self.plain = [_plain(k) for k in self.keys]
        self.automaton = AhoCorasick(self.keys)
        self.nfkc = nfkc
        # Two-letter acronyms match in capitals only, or in lower case right beside a Chinese character or
        # punctuation mark (ai绘画, 标签：ai): 'ai' is Italian for 'to the', 'Ai' and 'ai' pinyin syllables (爱),
        # 'ki' Turkish for 'that'. Longer ones are written Nato and Covid too.
        self.acronyms = {key: key.upper() for key in self.keys if all(map(_is_acronym, spellings[key]))}
        # Short words of spaced scripts that may be another language's function word: German 'war' (was)
        # and 'bist' (are), French 'car' (because), Turkish 'seni' (you), Danish 'god' (good). Checked
        # against the text's language.
        self.short_words = frozenset(
            key
            for key in self.keys
            if len(key) <= FALSE_FRIEND_MAX_CHARS and key not in self.acronyms and all(map(_is_word_char, key))
        )
        self.checked = self.short_words | self.acronyms.keys()  # the keys a match of is checked
        self.false_friends: frozenset[str] | None = None  # the short words that may be: _false_friends()

    def find(self, text: str) -> dict[str, int]:
        """Matched terms (as keys of owners) with their counts, in order of first match."""
        original, text = text, self.fold(text)
        found: dict[str, int] = {}  # a plain dict: a Counter costs a Python-level __init__ per text
        keys, plain = self.keys, self.plain
        occurrences = self.automaton.find_matches_as_indexes(text, overlapping=True)
        pos = 0  # a term is found only after the end of the one found before it
        for k, start, end in _leftmost_longest(occurrences):
            if start >= pos and (stop := end if plain[k] else _word_end(text, start, end)):
                found[keys[k]] = found.get(keys[k], 0) + 1
                pos = stop
        return found if self.checked.isdisjoint(found) else self._without_false_friends(original, found)

    def _without_false_friends(self, text: str, found: dict[str, int]) -> dict[str, int]:
        """found without the acronyms the text writes in lower case, nor the short words that are a stop
        word of the text's language (told by its other words) when that language is not English."""
        for key in self.acronyms.keys() & found.keys():
            # capitals after NFKC (ＡＩ is AI); lower case in the text as written (NFKC makes '：' a ':')
            count = _count_words(self.nfkc(text), self.acronyms[key]) + _count_words(text, key, beside=_CJK)
            if count:
                found[key] = min(found[key], count)  # (an 'AI' inside a longer term, AI安全, is counted there)
            else:
                del found[key]
        short = self._false_friends() & found.keys()
        if short:
            head = SPACED_WORD.findall(text, 0, LANGUAGE_HEAD_CHARS)
            language = language_of(w for w in head if w.lower() not in short)
            if language not in (None, "en"):
                for key in short & stop_words(language):
                    del found[key]
        return found

    def _false_friends(self) -> frozenset[str]:
        """The short words that are a stop word of a language other than English (war, car, bank...):
        the only ones worth telling the text's language for. Worked out on first use (it reads the lists)."""
        if self.false_friends is None:
            others = set().union(*(stop_words(language) for language in SPACED_LANGUAGES if language != "en"))
            self.false_friends = self.short_words & others
        return self.false_friends


FALSE_FRIEND_MAX_CHARS = 4  # a stop word list's function words are short; its longer entries are often news words
LANGUAGE_HEAD_CHARS = 1000  # of a text, the head whose words tell its language


def _is_acronym(term: str) -> bool:
    return term.isascii() and term.isupper() and len(term) == 2 and term.isalpha()


def _count_words(text: str, word: str, beside: re.Pattern[str] | None = None) -> int:
    """How many times word occurs in text as a whole word (or with a plural ending), case as written; with
    beside, only where the character before or after it is one the pattern matches."""
    count, start = 0, text.find(word)
    while start >= 0:
        end = _word_end(text, start, start + len(word))
        if end and (beside is None or (start and beside.match(text, start - 1)) or beside.match(text, end)):
            count += 1
        start = text.find(word, max(end, start + 1))
    return count


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")  # Han, CJK and full-width punctuation


def _leftmost_longest(occurrences: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """(term, start, end) ordered by start, the longest term first at one start: two stable sorts by
    C-level keys (a Python key function per occurrence cost more than the sorting). No two occurrences
    have both ends in common (the terms are distinct), so no tie is left to order."""
    return sorted(sorted(occurrences, key=_END, reverse=True), key=_START)


def _most_common(counts: dict[str, int], n: int) -> list[str]:
    """The n keys with the highest counts, the first seen first among equals (sorted is stable)."""
    return sorted(counts, key=counts.__getitem__, reverse=True)[:n]


def _plain(key: str) -> bool:
    """A term that neither starts nor ends with a letter or digit of a spaced script (Han, kana and Hangul
    are not: a Chinese term has no spaces around it, a Korean word takes its particles) matches anywhere."""
    return not (_is_word_char(key[0]) or _is_word_char(key[-1]))


def _word_end(text: str, start: int, end: int) -> int:
    """Where a term matched at start..end ends as a whole word (0 when it does not): an English term
    also matches its plural or third person in -s/-es ("shares", "coaches", "arrests"). A letter or digit of
    a spaced script at a term's edge must not continue into the text around it (Polish "sąd" is not in
    "przesądny", Russian "суд" not in "государство")."""
    if _is_word_char(text[start]) and start > 0 and _is_word_char(text[start - 1]):
        return 0  # it starts inside a word: so do its plurals (most rejected occurrences end here)
    if _ends_word(text, end):
        return end
    if text[end - 1] in _ASCII_ALNUM:
        for suffix in ("s", "es"):
            if text.startswith(suffix, end) and _ends_word(text, end + len(suffix)):
                return end + len(suffix)
    return 0


def _ends_word(text: str, end: int) -> bool:
    """A term ending at end does not run on into a word: its last character or the next is no word character."""
    return not (_is_word_char(text[end - 1]) and end < len(text) and _is_word_char(text[end]))


# scripts whose terms match anywhere: Hangul Jamo, kana to CJK ideographs, Hangul syllables, compatibility and
# extension ideographs
_UNSPACED = re.compile(r"[\u1100-\u11ff\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]")


def _is_word_char(ch: str) -> bool:
    """A letter or digit of a script that spaces its words (Latin, Cyrillic, Greek...): not Han, kana, Hangul."""
    return ch in _ASCII_ALNUM or (not ch.isascii() and ch.isalnum() and not _UNSPACED.match(ch))


def _count(runs: re.Pattern[str], text: str) -> int:
    """How many characters of text are in the runs the pattern finds."""
    return sum(map(len, runs.findall(text)))


def lead_sentences(text: str, n: int) -> list[str]:
    """The first n sentences of text long enough to judge."""
    out = []
    for piece in _sentences(text):
        piece = piece.strip()
        if len(piece) >= MIN_SENTENCE:
            out.append(piece)
            if len(out) == n:
                break
    return out


def _sentences(text: str) -> Iterator[str]:
    """The pieces of text between sentence marks, one at a time: a long story's lead is read, not the whole story."""
    start = 0
    for mark in _SENTENCE_MARK.finditer(text):
        yield text[start : mark.start() if mark.group() == "\n" else mark.start() + 1]  # the closing mark stays
        start = mark.end()
    yield text[start:]


def text_length(text: str) -> float:
    """Length in rough words: a CJK character is one, a Latin word one and a half."""
    han, words = _han_and_words(text)
    return han + 1.5 * words


def _han_and_words(text: str) -> tuple[int, int]:
    """How many Han characters and words text has, both kinds of runs found in one scan (finding the Han runs
    first and then the words in what was left scanned most of the text twice). An ASCII text has no Han, and
    its words are found by a cheaper class."""
    if text.isascii():
        return 0, len(_ASCII_WORD.findall(text))
    runs = _HAN_OR_WORD.findall(text)
    return sum(map(len, runs)), runs.count("")


def _han_count(text: str) -> int:
    """How many Han characters text has. An ASCII text has none (str.isascii is a flag read, no scan):
    an English item skips the scan."""
    return 0 if text.isascii() else _count(_HAN, text)


class Tagger:
    def __init__(self, taxonomy: Taxonomy, model: TopicModel | None):
        self.taxonomy = taxonomy
        self.model = model
        self.matcher = KeywordMatcher(taxonomy)
        self._model_classes = set(model.classes) & set(taxonomy.topics) if model else set()
        self._ancestors = {s: tuple(taxonomy.ancestors(s)) for s in taxonomy.topics}
        self._children = {s: tuple(taxonomy.children(s)) for s in taxonomy.topics}
        self._top_level = frozenset(s for s in taxonomy.topics if taxonomy.topics[s].parent is None)
        self._position = {s: i for i, s in enumerate(taxonomy.topics)}
        self._model_order = tuple(s for s in taxonomy.topics if s in self._model_classes)  # in taxonomy order
        # a site repeats its sidebar headlines on its pages (and within one page): judged once
        self._judged = lru_cache(maxsize=MEMO_SIZE)(self._judge)

    def forget(self) -> None:
        """Empty the memos of topics and keywords (benchmarks time new texts, not repeated ones)."""
        from triage.keywords import forget

        self._judged.cache_clear()
        forget()

    # ---------------------------------------------------------------- topics
    def topics(self, text: str, title: str = "") -> list[TopicScore]:
        """Ranked topics, most specific supported topic first; [] when nothing clears the threshold."""
        short = len(text) + len(title) <= MEMO_MAX_CHARS
        judged = self._judged(text, title) if short else self._judge(text, title)
        # new TopicScores and lists each time: a caller may change them, the memo's entries must not change
        return [TopicScore(slug, score, list(evidence)) for slug, score, evidence in judged]

    def _judge(self, text: str, title: str) -> tuple[tuple[str, float, list[str]], ...]:
        """The ranked topics as (slug, score, evidence), what topics() returns as TopicScores."""
        text, title = to_simplified(text), to_simplified(title)
        # a headline alone is its own full text (the same string: folded once for the terms and the model)
        full = f"{title}\n{text}" if title and text else title or text
        if not full.strip():
            return ()
        # title and text in one pass: no Han run or word crosses the line between them, and the
        # lengths are whole or half numbers, which floats add exactly
        han, n_words = _han_and_words(full)
        length = han + 1.5 * n_words
        terms, keyword = self._keyword_scores(text, title, length)
        probs, judged = self._model_probabilities(full, text, title, length, han)
        own = {}
        # the slugs with a probability or a keyword (no other scores above 0), in taxonomy order; the model gives
        # every class a probability or none, so without keywords they are its classes in the order kept
        if keyword:
            slugs = sorted((probs.keys() & self._model_classes) | keyword.keys(), key=self._position.__getitem__)
        else:
            slugs = self._model_order if probs else ()
        for slug in slugs:
            p = probs.get(slug, 0.0)
            k = keyword.get(slug, 0.0)
            if slug in probs:  # only where the model judged the text: English text has keywords alone
                k *= MODEL_KEYWORD_SHARE
            score = 1.0 - (1.0 - p) * (1.0 - k)
            if score > 0.0:
                own[slug] = score
        if not own:
            return ()
        ranked = self._rank(own)
        words = None  # the word-like features, once for all the slugs' evidence, when one shows the model's
        out = []
        spelling = self.matcher.spelling
        for slug in ranked:
            # the 5 most frequent terms, the first seen first among equals (as Counter.most_common); only for the
            # ranked slugs: the others' evidence would be thrown away
            ev = [spelling[k] for k in _most_common(terms[slug], 5)] if slug in keyword else []
            if slug in probs:
                words = self.model.word_features(judged) if words is None else words
                ev += [f"model:{g}" for g in self.model.evidence(words, slug, MODEL_EVIDENCE)]
            out.append((slug, round(own[slug], 4), ev))
        return tuple(out)

    def _reads(self, text: str, han: int | None = None) -> bool:
        """The model read Chinese headlines: it judges Chinese text only (elsewhere its n-grams are noise).
        han: text's count of Han characters, when the caller has it."""
        if self.model is None:
            return False
        head = text[:READ_CHARS]
        if han is None or len(text) > READ_CHARS:
            han = _han_count(head)
        if not han:  # a share of 0: the letters need no counting
            return False
        if _count(_KANA, head) >= JAPANESE_MIN_KANA:
            return False
        letters = _count(_LETTER, head)
        return letters >= MIN_MODEL_LETTERS and han / letters >= MIN_HAN_SHARE

    def _model_probabilities(
        self, full: str, text: str, title: str, length: float, han: int | None = None
    ) -> tuple[dict[str, float], Features | None]:
        """The model's class probabilities and the features they were drawn from (its evidence).

        The model learnt from headlines: a short text is one judgement; a long story is judged a
        headline-sized piece at a time (its title, then the first sentences of its lead) and the
        judgements averaged, the title counting most. Read whole, a long narrative drifts to whichever
        class its function-word n-grams happen to lean to. The evidence of a long story is drawn from
        the pieces judged (their features weighed as their judgements are), and the whole text is
        read only when no piece could be judged, so its features are not computed for nothing.
        han: full's count of Han characters, when the caller has it."""
        if han == 0:  # the model reads no text without Han, and the title and lead sentences are pieces of full
            return {}, None
        if length > LONG_TEXT:
            probs, judged = self._pieces_probabilities(text, title)
            if probs:
                return probs, judged
        feats = self.model.features(full) if self._reads(full, han) else None
        return (self.model.probabilities("", feats), feats) if feats and feats.ids else ({}, None)

    def _pieces_probabilities(self, text: str, title: str) -> tuple[dict[str, float], Features | None]:
        """A long story's title and lead sentences judged one at a time, averaged by weight; with
        each word-like n-gram's value averaged the same way (one entry per n-gram, in order of first
        sight): the evidence is drawn from those alone (TopicModel.word_features), so the others are
        not averaged."""
        pieces = [(TITLE_MODEL_WEIGHT, title)] if title.strip() else []
        pieces += [(1.0, s) for s in lead_sentences(text, LEAD_SENTENCES)]
        total: dict[str, float] = {}
        values: dict[int, float] = {}  # feature index -> weighted value
        weight = 0.0
        for w, piece in pieces:
            feats = self.model.features(piece) if self._reads(piece) else None
            if not (feats and feats.ids):
                continue
            weight += w
            for c, p in self.model.probabilities("", feats).items():
                total[c] = total.get(c, 0.0) + w * p
            for f, x in zip(*self.model.word_like(feats.ids, feats.values), strict=True):
                values[f] = values.get(f, 0.0) + w * x
        if not weight:
            return {}, None
        judged = self.model.weighed(list(values), [x / weight for x in values.values()])
        return {c: p / weight for c, p in total.items()}, judged

    def _keyword_scores(
        self, text: str, title: str, length: float
    ) -> tuple[dict[str, dict[str, int]], dict[str, float]]:
        """Per slug: the counts of the terms that fired (in order of first sight) and a score in [0, 1)."""
        body_hits = self.matcher.find(text) if text else {}  # a sidebar headline often has no text
        title_hits = self.matcher.find(title) if title else {}
        if not (body_hits or title_hits):  # most sidebar items: no term, no score
            return {}, {}
        strong: dict[str, float] = {}
        weak: dict[str, float] = {}
        terms: dict[str, dict[str, int]] = {}  # slug -> its terms' counts, in order of first sight
        for hits, weight in ((body_hits, 1.0), (title_hits, TITLE_WEIGHT)):
            for key, count in hits.items():
                for owner in self.matcher.owners[key]:
                    bucket = weak if owner.weak else strong
                    bucket[owner.slug] = bucket.get(owner.slug, 0.0) + weight * count
                    counts = terms.get(owner.slug)
                    if counts is None:
                        counts = terms[owner.slug] = {}
                    counts[key] = counts.get(key, 0) + count
        # A weak term counts beside a term of the topic's own anywhere in the text, beside its parent's only in
        # the sentences that name the parent; either way it adds at most as much as the terms it stands by:
        # 监管 and 风险 throughout a story that names 人工智能 once are not AI safety.
        total = dict(strong)
        for slug, w in weak.items():
            own = strong.get(slug, 0.0)
            if own:
                total[slug] = own + min(WEAK_WEIGHT * w, own)
                continue
            parent = self.taxonomy.topics[slug].parent
            if parent in strong:
                beside, anchor = self._weak_beside(text, title, slug, parent)
                if beside:
                    total[slug] = min(WEAK_WEIGHT * beside, anchor)
        # long texts mention more of everything: the evidence needed grows with length, so
        # one passing mention in a long story is weak and a recurring theme is strong
        per_hit = max(1.0, (length / CHARS_PER_HIT) ** LENGTH_POWER)
        scores = {slug: 1.0 - math.exp(-KEYWORD_RATE * w / per_hit) for slug, w in total.items()}
        return terms, scores

    def _weak_beside(self, text: str, title: str, slug: str, parent: str) -> tuple[float, float]:
        """slug's weak terms and parent's terms counted (title hits weighed as in _keyword_scores) in the
        sentences that hold both; only called when both fired somewhere (rare: the text is matched again)."""
        weak = anchor = 0.0
        pieces = [(title, TITLE_WEIGHT)] if title else []
        pieces += [(sentence, 1.0) for sentence in _sentences(text)] if text else []
        for sentence, weight in pieces:
            hits = self.matcher.find(sentence) if sentence.strip() else {}
            slug_hits = parent_hits = 0
            for key, count in hits.items():
                for owner in self.matcher.owners[key]:
                    if owner.slug == slug and owner.weak:
                        slug_hits += count
                    elif owner.slug == parent and not owner.weak:
                        parent_hits += count
            if slug_hits and parent_hits:
                weak += weight * slug_hits
                anchor += weight * parent_hits
        return weak, anchor

    def _rank(self, own: dict[str, float]) -> list[str]:
        """Descend from the best top-level topic to its most specific supported child, then list
        the other top-level topics above the threshold."""
        subtree: dict[str, float] = {}
        for slug, score in own.items():  # a parent is at least as likely as any of its children
            # a score below the threshold lifts no topic to it, and one at or above it is never below such a
            # score: only those that clear it decide the path (most of a model's twelve probabilities do not)
            if score < THRESHOLD:
                continue
            for anc in self._ancestors[slug]:
                if score > subtree.get(anc, 0.0):
                    subtree[anc] = score
        # best first, ties in the order met (sorted is stable, also in reverse)
        tops = sorted([s for s in subtree if s in self._top_level], key=subtree.__getitem__, reverse=True)
        ranked: list[str] = []
        for top in tops:
            if subtree[top] < THRESHOLD or len(ranked) >= MAX_TOPICS:
                break
            path = [top]
            while True:
                kids = [c for c in self._children[path[-1]] if subtree.get(c, 0.0) >= THRESHOLD]
                if not kids:
                    break
                path.append(max(kids, key=lambda c: (subtree[c], own.get(c, 0.0))))
            # the deepest topic on the path has its own evidence; parents only when theirs is enough too
            ranked += [s for s in reversed(path) if own.get(s, 0.0) >= THRESHOLD]
        return ranked[:MAX_TOPICS]

    # ---------------------------------------------------------------- keywords
    def keywords(self, text: str, k: int = 8) -> list[str]:
        """The text's k most characteristic words by jieba's TF-IDF (see triage.keywords)."""
        from triage.keywords import keywords

        return keywords(text, k)

    def tag_items(self, items: list[Item]) -> None:
        """Fill item.topics (title and text together: a sidebar item is a cut headline plus a
        snippet) and item.keywords."""
        for item in items:
            item.topics = self.topics(item.text or "", title=item.title or "")
            item.keywords = self.keywords(f"{item.title}\n{item.text}")


HANT_CHARS_PATH = Path(__file__).resolve().parent / "data" / "zh_hant_chars.txt"


@cache
def _hant_table() -> dict[str, str]:
    lines = HANT_CHARS_PATH.read_text(encoding="utf-8").splitlines()
    return {line[0]: line[1] for line in lines if len(line) == 2 and not line.startswith("#")}


@cache
def _hant_chars() -> re.Pattern[str]:
    return re.compile("[" + "".join(map(re.escape, sorted(_hant_table()))) + "]" if _hant_table() else "(?!)")


def to_simplified(text: str) -> str:
    """Traditional characters mapped onto simplified ones: the model and the terms are simplified
    Chinese (one character for one: enough to find the topic, not a faithful conversion). Only the
    traditional characters are visited (str.translate looked every character up, 10x slower)."""
    if text.isascii():  # no traditional character is ASCII (isascii reads a flag: an English text skips the scan)
        return text
    return _hant_chars().sub(_simplified_char, text)


def _simplified_char(match: re.Match[str]) -> str:
    return _hant_table()[match.group()]


def load_tagger(taxonomy_path: str | None = None) -> Tagger:
    """The built-in taxonomy (extended by TRIAGE_TAXONOMY and taxonomy_path) with the shipped model."""
    from triage.topics_model import load_model

    return Tagger(load_taxonomy(taxonomy_path), load_model())

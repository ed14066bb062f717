"""Date expressions -> ISO values at their precision, resolved against a reference time.

Three steps over one text: find atoms (the patterns of data/dates.toml in priority order: dates,
weekdays, times of day, clock times, glosses...; in windows around anchor characters and words, and
at each position only the patterns its character may start; at a number, only those the character
after it leaves in), merge adjacent atoms into expressions
(今年 + 5月, 周五 + 晚间 + (6日), May 13 + at 1pm), resolve each expression against the
reference time. Vocabularies and patterns live in the data file; this module holds the rules.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from triage.models import DateMention, Item, Page

DATA_FILE = Path(__file__).parent / "data" / "dates.toml"
# a shared scan starts this far into the known text at least: more than any look-behind of the grammar
# reaches back (\b and the like: 1, (?<=今日): 2), as test_dates checks
LOOKBEHIND_MARGIN = 16
FUTURE_WEIGHT = 3  # a date without a year is read as past unless the coming one is 3x nearer
SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.\s")
CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
CN_DIGIT |= {"八": 8, "九": 9}
TRADITIONAL = str.maketrans("個時鐘頭週", "个时钟头周")  # units of N...前 in traditional script
FULLWIDTH = str.maketrans("０１２３４５６７８９／－．：", "0123456789/-.:")
FULLWIDTH_FOUND = re.compile("[０-９／－．：]")
DIGIT_FOUND = re.compile("[0-9０-９]")
# str.translate looks every character of a non-ASCII text up in a dict: on a long story, with its
# fullwidth colons, 20 times slower than replacing the few characters present one by one
_FULLWIDTH_PAIRS = tuple((chr(full), chr(half)) for full, half in FULLWIDTH.items())


def _halfwidth(text: str) -> str:
    """text.translate(FULLWIDTH), faster."""
    for full, half in _FULLWIDTH_PAIRS:
        if full in text:
            text = text.replace(full, half)
    return text


# Plain classes with __slots__ rather than dataclasses: importing this module must stay cheap.


# ---------------------------------------------------------------- the grammar (built once, on first use)
class Grammar:
    __slots__ = (
        "master", "starts", "by_char", "bodies", "after_number",
        "anchor_runs", "anchor_words", "anchor_lower_words", "anchor_all_words", "anchor_cased", "anchor_word_chars",
        "before", "after", "kinds", "groups",
        "range_tail", "absolute_year", "time_range", "weekday_range", "tight_gap", "loose_gap", "future", "data",
    )  # fmt: skip
    master: str  # the patterns as one regex: at each position the first one that matches (the scan's definition)
    starts: re.Pattern[str]  # where a match may start: a possible first character, not inside a word or number
    by_char: dict[str, re.Pattern[str] | AfterNumber]  # a first character -> the patterns that may start with it
    bodies: dict[str, str]  # pattern name -> its regex, as one named group
    after_number: AfterNumber  # the patterns a match starting with a digit may come from, by what follows the number
    anchor_runs: re.Pattern[str]  # runs of anchor characters less than `after` apart
    anchor_words: Any  # an Aho-Corasick automaton of the anchor words (Jan, Mon...)
    anchor_lower_words: Any  # the same, for the lowered text (today, ago...)
    anchor_all_words: Any  # both lists in one, lower-cased, for the lowered text
    # per word of anchor_all_words: (a lower word?, the anchor words lowering to it)
    anchor_cased: list[tuple[bool, frozenset[str]]]
    anchor_word_chars: frozenset[str]  # the characters of the anchor words
    before: int
    after: int
    kinds: dict[str, str]  # pattern name -> atom kind
    groups: dict[str, list[tuple[str, str]]]  # pattern name -> [(group in master, short name)]
    range_tail: re.Pattern[str]
    # what every date found without a base holds (search it: its spans are one character)
    absolute_year: re.Pattern[str]
    time_range: re.Pattern[str]
    weekday_range: re.Pattern[str]
    tight_gap: re.Pattern[str]
    loose_gap: re.Pattern[str]
    future: re.Pattern[str]
    data: dict[str, Any]

    def __init__(self, **parts: Any) -> None:
        for name, value in parts.items():
            setattr(self, name, value)


def _class_chars(spec: str) -> list[str]:
    """The characters of a regex character class's inside as the data file writes them (年月0-9A-Z)."""
    chars, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            chars += [chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1)]
            i += 3
        else:
            chars.append(spec[i])
            i += 1
    return chars


def _script(char: str) -> str:
    """ASCII digits share one regex, Chinese numerals another, ASCII letters a third: numbers and words
    start at any of them with near-identical pattern lists. Any other character gets its exact list."""
    if "0" <= char <= "9":
        return "0-9"
    if char in CN_DIGIT or char in "十百":
        return "〇-九"
    return "A-Za-z" if char.isascii() and char.isalpha() else char


def _by_char(starts: str, firsts: dict[str, str], bodies: dict[str, str]) -> dict[str, re.Pattern[str] | AfterNumber]:
    """Each possible first character -> the patterns a match starting with it may come from, in priority
    order, as one regex: where the master regex tries all 40 patterns in turn, most failing on the first
    character, the scan tries a handful. A pattern that starts with only some characters of a script
    keeps its own first-character test, as in the master. The digits' patterns are an AfterNumber."""
    first_sets = {name: set(_class_chars(first)) for name, first in firsts.items()}
    scripts: dict[str, list[str]] = {}
    for char in dict.fromkeys(_class_chars(starts)):
        if any(char in first for first in first_sets.values()):  # (no pattern starts with C, G, H...)
            scripts.setdefault(_script(char), []).append(char)
    compiled: dict[str, re.Pattern[str]] = {}  # many characters share one list: one regex each
    by_char: dict[str, re.Pattern[str] | AfterNumber] = {}
    for chars in scripts.values():
        alternatives = []
        for name, first in firsts.items():
            mine = first_sets[name]
            if not mine.isdisjoint(chars):
                alternatives.append(bodies[name] if mine.issuperset(chars) else f"(?=[{first}]){bodies[name]}")
        if alternatives and _script(chars[0]) == "0-9":
            by_char |= dict.fromkeys(chars, AfterNumber(alternatives))
        elif alternatives:
            source = "|".join(alternatives)
            if source not in compiled:
                compiled[source] = re.compile(source)
            by_char |= dict.fromkeys(chars, compiled[source])
    return by_char


# ---------------------------------------------------------------- what may follow a number
# Some twenty patterns may start at a digit, and each reads the number again before failing on what follows
# it ("15 Pro", "3 things", "1234 人"): a try costs ~5 us, and most tries fail. What follows the number's
# digits and spaces rules most of them out: "15 P" can only be the start of "15 PM", never of 15日 or
# 15/6. Which patterns a character there leaves in is worked out from each pattern's parsed form (re's
# own parser) once, and remembered per character.
DIGITS = "0123456789"
# every character \s matches in a str pattern (str.isspace), as test_dates checks
SPACES = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
NUMBER_AND_SPACES = re.compile(r"[0-9]+\s*")


class AfterNumber:
    """The patterns of the scan that may start with a digit, narrowed by the character that follows the
    number there (after its digits and spaces): the ones a match may come from, in priority order, each
    compiled on its own (the first that matches is what one regex of them all, as the other first characters
    have, would match)."""

    __slots__ = ("patterns", "summaries", "by_next")

    def __init__(self, sources: list[str]) -> None:
        self.patterns = [re.compile(source) for source in sources]
        self.summaries = [_number_summary(source) for source in sources]
        self.by_next: dict[str, tuple[re.Pattern[str], ...]] = {}  # a next character ("" at the end) -> patterns

    def candidates(self, text: str, at: int, end: int) -> tuple[re.Pattern[str], ...]:
        """The patterns that may match text[at:end] (text[at] a digit), by the character after the number."""
        after = NUMBER_AND_SPACES.match(text, at, end).end()  # type: ignore[union-attr]  (text[at] is a digit)
        char = text[after] if after < end else ""
        found = self.by_next.get(char)
        if found is None:
            found = self.by_next[char] = tuple(
                pattern
                for pattern, summary in zip(self.patterns, self.summaries, strict=True)
                if summary is None or summary[0] or (char and summary[1] is not None and summary[1].match(char))
            )
        return found


# A pattern's summary at a number: (whether it may end inside the number or its spaces, a regex of the
# character items it may read first after them), or None when the analysis cannot tell (always tried).
_Summary = tuple[bool, "re.Pattern[str] | None"]


def _number_summary(body: str) -> _Summary | None:
    """What a pattern may do at a number, read as a walk over "digits, spaces, one other character": each
    step is the set of places the pattern may have reached (0: among the digits, 1: among the spaces after
    them). A character item read at either place is one the character after the number may have to match;
    they make one regex, each item as the pattern writes it (case folding and all)."""
    frontier: list[tuple[str | None, bool]] = []
    try:  # re's parser is a private module: should its form change, every pattern is simply always tried
        from re import _parser

        parsed = _parser.parse(body)
        places = _walk(parsed.data, frozenset({0}), bool(parsed.state.flags & re.IGNORECASE), frontier)
    except (ImportError, AttributeError, TypeError, ValueError, IndexError):
        return None
    if places is None or any(inside is None for inside, _ in frontier):
        return None
    classes = []  # the items as character classes: one of those read as written, one of those read case-blind
    for case in (False, True):
        inside = "".join(dict.fromkeys(inside for inside, blind in frontier if blind is case and inside[0] != "^"))
        if inside:
            classes.append(f"(?i:[{inside}])" if case else f"[{inside}]")
        classes += [
            f"(?i:[{inside}])" if case else f"[{inside}]"
            for inside, blind in frontier
            if blind is case and inside[0] == "^"
        ]
    return bool(places), re.compile("|".join(dict.fromkeys(classes))) if classes else None


def _walk(items: Any, places: frozenset[int], ignorecase: bool, frontier: list) -> frozenset[int] | None:
    """The places reached after a sequence of parsed items; None for an item the walk does not know."""
    from re import _constants as c

    for op, av in items:
        if not places:
            return places  # every path has read past the number: nothing more to learn
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            frontier.append((_class_body(op, av), ignorecase))
            reached = set()
            if 0 in places and any(_item_matches(op, av, d) for d in DIGITS):
                reached.add(0)
            if any(_item_matches(op, av, s) for s in SPACES):
                reached.add(1)
            places = frozenset(reached)
        elif op is c.ASSERT and av[0] > 0:
            # a look-ahead reads nothing, but must match here: when it cannot end inside the number, the
            # path needs the next character to match one of its first items (the rest of the path may need
            # more: asking only this says "may" more often, never less)
            ahead: list = []
            after = _walk(av[1], places, ignorecase, ahead)
            if after is None:
                return None
            if not after:
                frontier += ahead
                places = after
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # reads nothing (a negative look-around or a look-behind only narrows what matches)
        elif op is c.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            case = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            places = _walk(sub, places, case, frontier)
        elif op is c.ATOMIC_GROUP:
            places = _walk(av, places, ignorecase, frontier)
        elif op is c.BRANCH:
            reached = set()
            for branch in av[1]:
                after = _walk(branch, places, ignorecase, frontier)
                if after is None:
                    return None
                reached |= after
            places = frozenset(reached)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            places = _repeat(av, places, ignorecase, frontier)
        else:
            return None  # a back-reference, a conditional...
        if places is None:
            return None
    return places


def _repeat(av: Any, places: frozenset[int], ignorecase: bool, frontier: list) -> frozenset[int] | None:
    """The places reached after an item repeated min to max times: the places after the minimum, then
    every place further repetitions reach (a step reads each place alone, so new places are enough)."""
    from re import _constants as c

    low, high, item = av
    for _ in range(low):
        places = _walk(item, places, ignorecase, frontier)  # type: ignore[assignment]
        if not places:
            return places
    reached, new, count = set(places), places, low
    while new and (high is c.MAXREPEAT or count < high):
        after = _walk(item, new, ignorecase, frontier)
        if after is None:
            return None
        new, count = after - reached, count + 1
        reached |= new
    return frozenset(reached)


_CATEGORIES = {
    "CATEGORY_DIGIT": (r"\d", str.isdecimal),  # what re's categories are for str patterns
    "CATEGORY_NOT_DIGIT": (r"\D", lambda ch: not ch.isdecimal()),
    "CATEGORY_SPACE": (r"\s", str.isspace),
    "CATEGORY_NOT_SPACE": (r"\S", lambda ch: not ch.isspace()),
    "CATEGORY_WORD": (r"\w", lambda ch: ch.isalnum() or ch == "_"),
    "CATEGORY_NOT_WORD": (r"\W", lambda ch: not (ch.isalnum() or ch == "_")),
}


def _class_body(op: Any, av: Any) -> str | None:
    """A parsed character item written back as the inside of a character class ("^" first when negated);
    None for one this does not know."""
    from re import _constants as c

    if op is c.LITERAL:
        return re.escape(chr(av))
    if op is c.NOT_LITERAL:
        return "^" + re.escape(chr(av))
    if op is c.ANY:
        return r"\s\S"
    parts = []
    for item_op, item in av:
        if item_op is c.NEGATE:
            parts.append("^")
        elif item_op is c.LITERAL:
            parts.append(re.escape(chr(item)))
        elif item_op is c.RANGE:
            parts.append(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
        elif item_op is c.CATEGORY and str(item) in _CATEGORIES:
            parts.append(_CATEGORIES[str(item)][0])
        else:
            return None
    return "".join(parts) or None


def _item_matches(op: Any, av: Any, char: str) -> bool:
    """Whether a parsed character item may match a digit or a space (True when unsure). Those have no case:
    the case flag changes nothing."""
    from re import _constants as c

    if op is c.LITERAL:
        return chr(av) == char
    if op is c.NOT_LITERAL:
        return chr(av) != char
    if op is c.ANY:
        return True
    negate, hit = False, False
    for item_op, item in av:
        if item_op is c.NEGATE:
            negate = True
        elif item_op is c.LITERAL:
            hit = hit or chr(item) == char
        elif item_op is c.RANGE:
            hit = hit or item[0] <= ord(char) <= item[1]
        elif item_op is c.CATEGORY and str(item) in _CATEGORIES:
            hit = hit or _CATEGORIES[str(item)][1](char)
        else:
            return True
    return hit != negate


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _expand(template: str, data: dict[str, Any]) -> str:
    """Fill <<name>> with a fragment, a vocabulary list or the keys of a table of the data file."""

    def fill(m: re.Match[str]) -> str:
        name, cap = m.group(1), m.group(2)
        if name in data["fragments"]:
            return _expand(data["fragments"][name], data)
        words = list(data["vocab"][name] if name in data["vocab"] else data[name])
        return _alternation(words + [w[:1].upper() + w[1:] for w in words] if cap else words)

    return re.sub(r"<<(\w+)(\|cap)?>>", fill, template)


@cache
def grammar() -> Grammar:
    import tomllib

    from ahocorasick_rs import AhoCorasick

    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    vocab = data["vocab"]
    for name in ("vague_after_today", "month_count_before", "dateline_after", "page_time_not_after", "publish_words"):
        vocab[name] = tuple(vocab[name])  # str.startswith/endswith take tuples
    vocab["negation_cn"] = tuple(w for w in vocab["negation_before"] if not w.isascii())
    parts, kinds, groups, firsts, bodies = [], {}, {}, {}, {}
    for name, (kind, first, template) in data["patterns"].items():
        body = _expand(template, data)
        names = re.findall(r"\(\?P<(\w+)>", body)
        body = re.sub(r"\(\?P<(\w+)>", lambda m, n=name: f"(?P<{n}__{m.group(1)}>", body)
        body = re.sub(r"\(\?P=(\w+)\)", lambda m, n=name: f"(?P={n}__{m.group(1)})", body)
        bodies[name] = f"(?P<{name}>{body})"
        firsts[name] = first
        parts.append(f"(?=[{first}]){bodies[name]}")
        kinds[name] = kind
        groups[name] = [(f"{name}__{g}", g) for g in dict.fromkeys(names)]
    rng = _expand("<<RANGE>>", data)
    clock = r"(?:[01]?[0-9]|2[0-3])[:：][0-5][0-9]|(?:1[0-2]|0?[1-9])\s*[AaPp]\.?[Mm]\b"
    future = _alternation(vocab["future_en"] + vocab["future_cn"])
    anchors = data["anchors"]
    chars, after = anchors["chars"], anchors["after"]
    # cheap tests before 40 patterns: a possible first character, not inside a word or a number
    boundary = "(?:(?<![A-Za-z])|(?=[^A-Za-z]))(?:(?<![0-9])|(?=[^0-9]))"
    by_char = _by_char(anchors["first"], firsts, bodies)
    cased = {
        word: (word in anchors["lower_words"], frozenset(w for w in anchors["words"] if w.lower() == word))
        for word in dict.fromkeys(anchors["lower_words"] + [w.lower() for w in anchors["words"]])
    }
    return Grammar(
        master=f"(?=[{anchors['first']}]){boundary}(?:" + "|".join(parts) + ")",
        # the same positions as (?=[first characters]){boundary}, found faster: a pattern that opens with a
        # character class lets the regex engine skip to the next such character in one C loop, where a
        # look-ahead is tried at every position; the boundary is read looking back over that character and
        # the one before it (not a letter after a letter, not a digit after a digit)
        starts=re.compile(f"[{''.join(map(re.escape, by_char))}](?<![A-Za-z][A-Za-z])(?<![0-9][0-9])"),
        by_char=by_char,
        bodies=bodies,
        after_number=by_char["0"],
        anchor_runs=re.compile(f"[{chars}](?:[^{chars}]{{0,{after - 1}}}[{chars}])*"),
        anchor_words=AhoCorasick(anchors["words"]),
        anchor_lower_words=AhoCorasick(anchors["lower_words"]),
        anchor_all_words=AhoCorasick(list(cased)),
        anchor_cased=list(cased.values()),
        anchor_word_chars=frozenset("".join(anchors["words"] + anchors["lower_words"])),
        before=anchors["before"],
        after=after,
        kinds=kinds,
        groups=groups,
        range_tail=re.compile(_expand(data["range_tail"]["pattern"], data)),
        # found by its first character, then the whole year looked for from there: a pattern that opens with
        # a character class lets the regex engine skip to the next such character in one C loop, where the
        # alternatives of the year would be tried at every position (a match is only ever tested for)
        absolute_year=re.compile(
            f"[{data['absolute']['year_first']}](?<=(?=(?:{_expand(data['absolute']['year'], data)}))(?s:.))"
        ),
        time_range=re.compile(rng + f"(?:{clock})"),
        weekday_range=re.compile(rng + "(?:周|星期|礼拜|週|禮拜)[一二三四五六日天]"),
        tight_gap=re.compile(data["gaps"]["tight"]),
        loose_gap=re.compile(data["gaps"]["loose"]),
        future=re.compile(r"(?i)(?<![a-z])" + future + r"(?![a-z])"),
        data=data,
    )


# ---------------------------------------------------------------- atoms
class Atom:
    """One pattern's match: its kind (date, range, weekday, part, time, cntime, gloss, day, ago, anchor,
    rangeend), span and named groups by short name."""

    __slots__ = ("kind", "start", "end", "g")

    def __init__(self, kind: str, start: int, end: int, g: dict[str, str]) -> None:
        self.kind, self.start, self.end, self.g = kind, start, end, g


SURROGATE = re.compile("[\ud800-\udfff]")


def _occurrences(words: Any, text: str) -> list[tuple[int, int]]:
    """Every occurrence of every word, overlapping ones too (tonight, night), in one pass (Rust)."""
    try:
        found = words.find_matches_as_indexes(text, overlapping=True)
    except UnicodeEncodeError:  # a lone surrogate (bytes a decoder let through) is no UTF-8: one for one
        found = words.find_matches_as_indexes(SURROGATE.sub("\ufffd", text), overlapping=True)
    return [(start, end) for _, start, end in found]


def _anchors(text: str, gr: Grammar) -> tuple[list[tuple[int, int]], bool]:
    """The spans of a text's anchors, sorted: runs of anchor characters, occurrences of anchor words (the
    lower-case ones in the lowered text when lowering keeps every offset: then the second value is True)."""
    spans = [m.span() for m in gr.anchor_runs.finditer(text)]
    lowered = text.lower()
    keeps_offsets = len(lowered) == len(text)
    if keeps_offsets:
        spans += _lowered_occurrences(text, lowered, gr)
    else:  # a few letters lower to two characters: offsets would shift; both lists are looked for in the text
        for words in (gr.anchor_words, gr.anchor_lower_words):
            spans += _occurrences(words, text)
    spans.sort()
    return spans, keeps_offsets


def _lowered_occurrences(text: str, lowered: str, gr: Grammar) -> list[tuple[int, int]]:
    """The occurrences of the lower words in the lowered text and of the anchor words in the text, in one
    pass over the lowered text (each character lowered to one: offsets are the text's): an anchor word is
    where its lowered form is and the text there is the word itself (Jan, not JAN or jan)."""
    try:
        found = gr.anchor_all_words.find_matches_as_indexes(lowered, overlapping=True)
    except UnicodeEncodeError:  # a lone surrogate (bytes a decoder let through) is no UTF-8: one for one
        found = gr.anchor_all_words.find_matches_as_indexes(SURROGATE.sub("\ufffd", lowered), overlapping=True)
    if not found:
        return []
    spans = []
    for index, start, end in found:
        is_lower_word, cased = gr.anchor_cased[index]
        if is_lower_word:
            spans.append((start, end))
        if cased and text[start:end] in cased:
            spans.append((start, end))
    return spans


def _merge_into(windows: list[tuple[int, int]], stretches: Iterable[tuple[int, int]]) -> None:
    """Add stretches (sorted by start, none starting before the last window) to the windows, merging touching ones."""
    for start, end in stretches:
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))


def _around(spans: list[tuple[int, int]], length: int, gr: Grammar) -> Iterator[tuple[int, int]]:
    """The stretch around each anchor span: `before` characters back and `after` on, clipped to the text."""
    return ((max(0, start - gr.before), min(length, end + gr.after)) for start, end in spans)


def _windows(text: str, gr: Grammar) -> list[tuple[int, int]]:
    """Stretches of the text that may hold a date: around anchor characters and words, merged."""
    return _windows_and_anchors(text, gr)[0]


def _windows_and_anchors(text: str, gr: Grammar, known: Scan | None = None) -> tuple[list[tuple[int, int]], int, bool]:
    """(the text's windows, where its first anchor starts or -1, whether its anchor words were looked for in
    the lowered text). With `known`, the scan of a text this one ends with, the windows of that part are
    known's, moved: only the head before it is searched for anchors (see _known_windows)."""
    if known is not None:
        found = _known_windows(text, gr, known)
        if found is not None:
            return found
    spans, lowered = _anchors(text, gr)
    windows: list[tuple[int, int]] = []
    _merge_into(windows, _around(spans, len(text), gr))
    return windows, spans[0][0] if spans else -1, lowered


def _known_windows(text: str, gr: Grammar, known: Scan) -> tuple[list[tuple[int, int]], int, bool] | None:
    """The windows of a text that ends with known's text, from its head's anchors and known's windows; None
    when they could differ from a search of the whole text. Windows are the merged stretches around each
    anchor, so the whole text's are made of the head's and known's provided that no anchor word runs across
    the seam (the head ends with a character no anchor word holds) and both parts were lowered alike."""
    shift = len(text) - len(known.text)
    if shift <= 0 or not text.endswith(known.text):
        return None
    last = text[shift - 1]
    if not gr.anchor_word_chars.isdisjoint(last + last.lower()):
        return None  # a word may run across the seam, in the text or in the lowered text
    spans, lowered = _anchors(text[:shift], gr)
    if lowered != known.lowered:
        return None  # the whole text is lowered only when both parts are
    windows: list[tuple[int, int]] = []
    _merge_into(windows, _around(spans, len(text), gr))
    if known.first_anchor >= 0:
        # known's first window was clipped at its text's start: here it reaches back into the head
        first = (max(0, known.first_anchor + shift - gr.before), known.windows[0][1] + shift)
        _merge_into(windows, [first, *((start + shift, end + shift) for start, end in known.windows[1:])])
    first_anchor = spans[0][0] if spans else known.first_anchor + shift if known.first_anchor >= 0 else -1
    return windows, first_anchor, lowered


class Scan:
    """The atoms of a text, found window by window, and the scan's state as each window opens: the
    number of atoms found before it and the position matches are skipped until."""

    __slots__ = ("text", "windows", "first_anchor", "lowered", "atoms", "marks")

    def __init__(self, text: str, windows: list[tuple[int, int]], first_anchor: int = -1, lowered: bool = True) -> None:
        self.text, self.windows = text, windows
        # where the first anchor starts (-1: none), whether the anchor words were looked for in the lowered
        # text: what a text ending with this one needs to take its windows from this scan (_known_windows)
        self.first_anchor, self.lowered = first_anchor, lowered
        self.atoms: list[Atom] = []
        self.marks: list[tuple[int, int]] = []


def _matches(text: str, start: int, end: int, gr: Grammar) -> Iterator[re.Match[str]]:
    """The matches of the master regex in text[start:end] (what its finditer gives), found faster: at each
    possible start only the patterns that may begin with its character are tried."""
    resume = start  # after a match the search goes on from its end (no pattern matches empty)
    for possible in gr.starts.finditer(text, start, end):
        at = possible.start()
        if at < resume:
            continue
        patterns = gr.by_char.get(text[at])
        if patterns is None:
            continue
        if patterns is gr.after_number:  # a digit: only the patterns what follows the number leaves in
            for pattern in gr.after_number.candidates(text, at, end):
                if m := pattern.match(text, at, end):
                    yield m
                    resume = m.end()
                    break
        elif m := patterns.match(text, at, end):
            yield m
            resume = m.end()


def _scan_window(scan: Scan, start: int, end: int, skip_until: int, gr: Grammar) -> int:
    """Add the atoms of one window to the scan; the position matches are skipped until after it."""
    text, atoms = scan.text, scan.atoms
    for m in _matches(text, start, end, gr):
        if m.start() < skip_until:
            continue
        name = m.lastgroup or ""
        g = {short: m.group(full) for full, short in gr.groups[name] if m.group(full) is not None}
        atom = Atom(gr.kinds[name], m.start(), m.end(), g)
        if atom.kind in ("time", "weekday") and "relweek" not in g:
            pair = (gr.time_range if atom.kind == "time" else gr.weekday_range).match(text, m.end())
            if pair:  # 8:30-22:00, 周一至周五: opening hours, not a moment
                skip_until = pair.end()
                continue
        atoms.append(atom)
        if atom.kind in ("date", "day", "gloss") and ("d" in g or "m" in g):
            tail = gr.range_tail.match(text, m.end())
            if tail and (tail.group("mo") is None or "d" not in g):
                names = {"d2": "d", "mo": "m"}
                tg = {names.get(k, k): v for k, v in tail.groupdict().items() if v is not None}
                first = min(tail.start(k) for k, v in tail.groupdict().items() if v is not None)
                atoms.append(Atom("rangeend", first, tail.end(), tg))  # the text without the dash or 至
                skip_until = tail.end()
    return skip_until


def _atoms(text: str, gr: Grammar, known: Scan | None = None) -> Scan:
    """Scan the text window by window. With `known`, the scan of a text this one ends with (a story's
    body, read alone for the page time, then after its title): once a window and every one after it
    are known's windows moved by the title's length, far enough into known's text that no look-behind
    reaches before it, and neither scan skips into it, the rest of the scan is known's, moved."""
    scan = Scan(text, *_windows_and_anchors(text, gr, known))
    shift, first_known = _shared_tail(scan, known)
    skip_until = 0
    for i, (start, end) in enumerate(scan.windows):
        if known is not None and i >= first_known:
            k = len(known.windows) - len(scan.windows) + i  # the same window in known
            found, known_skip = known.marks[k]
            if known_skip <= known.windows[k][0] and skip_until <= start:
                _take_tail(scan, known, k, found, shift, skip_until)
                return scan
        scan.marks.append((len(scan.atoms), skip_until))
        skip_until = _scan_window(scan, start, end, skip_until, gr)
    return scan


def _shared_tail(scan: Scan, known: Scan | None) -> tuple[int, int]:
    """(shift, index of the first of scan's windows that may be taken from known): the windows that
    close both lists alike, moved by shift, and that start at least the longest look-behind in."""
    windows = scan.windows
    if known is None or len(known.text) >= len(scan.text) or not scan.text.endswith(known.text):
        return 0, len(windows)
    shift, kw = len(scan.text) - len(known.text), known.windows
    common = 0
    while common < min(len(windows), len(kw)):
        a, b = kw[-1 - common]
        if windows[-1 - common] != (a + shift, b + shift):
            break
        common += 1
    first = len(windows) - common
    while first < len(windows) and kw[len(kw) - (len(windows) - first)][0] < LOOKBEHIND_MARGIN:
        first += 1
    return shift, first


def _take_tail(scan: Scan, known: Scan, k: int, found: int, shift: int, skip_until: int) -> None:
    """Close the scan with known's atoms and marks from its window k on, moved by shift."""
    opened = known.windows[k][0]
    scan.atoms += [Atom(a.kind, a.start + shift, a.end + shift, a.g) for a in known.atoms[found:]]
    base = len(scan.atoms) - (len(known.atoms) - found)
    for n, skip in known.marks[k:]:
        # a skip past the window's opening was set by a match of the shared part: the same one moved
        scan.marks.append((base + n - found, skip + shift if skip > opened else skip_until))


# ---------------------------------------------------------------- expressions: merged atoms
class Expr:
    """Merged atoms: span, kind of the first atom, and what is known (y m d relyear wd ago part H MI ...)."""

    __slots__ = ("start", "end", "kind", "f")

    def __init__(self, start: int, end: int, kind: str, f: dict[str, Any]) -> None:
        self.start, self.end, self.kind, self.f = start, end, kind, f

    def has_day(self) -> bool:
        f = self.f
        if "ago" in f:
            return f["ago"][1] in ("day", "week", "hour", "minute")
        if "relen" in f:
            return f["relen"][0] == "day"
        return not DAY_KEYS.isdisjoint(f)

    def is_relative(self) -> bool:
        return not RELATIVE_KEYS.isdisjoint(self.f)

    def year_only(self) -> bool:
        return ("y" in self.f or "relyear" in self.f) and BELOW_YEAR_KEYS.isdisjoint(self.f)


DAY_KEYS = frozenset(("d", "relday", "wd", "anchor", "hol", "part"))
RELATIVE_KEYS = frozenset(("relday", "wd", "anchor", "ago", "relen", "relweek"))
BELOW_YEAR_KEYS = frozenset(("m", "d", "wd", "relweek"))


def _num(s: str) -> int:
    """An integer from ASCII digits or Chinese numerals (二〇二四, 十二, 二十三, 两)."""
    if s.isascii():
        return int(s)
    if "十" not in s and "百" not in s:
        return int("".join(str(CN_DIGIT[c]) for c in s))
    total = cur = 0
    for c in s:
        if c == "百":
            total, cur = total + (cur or 1) * 100, 0
        elif c == "十":
            total, cur = total + (cur or 1) * 10, 0
        else:
            cur = CN_DIGIT[c]
    return total + cur


def _fields(atom: Atom, gr: Grammar) -> dict[str, Any]:
    """The facts one atom states, as numbers and offsets."""
    g, data, f = atom.g, gr.data, {}
    if "y" in g:
        f["y"] = _num(g["y"])
    if "yy" in g:
        f["yy" if len(g["yy"]) == 2 else "y"] = int(g["yy"])
    if "m" in g:
        f["m"] = _num(g["m"])
    if "mon" in g:
        name = g["mon"].lower()
        f["m"] = (
            data["month_foreign"].get(name) or data["month_en"][g["mon"][:4] if name[:4] == "sept" else g["mon"][:3]]
        )
    if "d" in g:
        f["d"] = _num(g["d"])
    for key in ("m2", "d2"):
        if key in g:
            f[key] = int(g[key])
    if "H" in g:
        f["H"] = _num(g["H"])
        minute = g.get("MI") or g.get("MIB")
        if minute and "near" not in g:
            f["MI"] = _num(minute)
        if "half" in g:
            f["MI"] = 30
        if "ampm" in g:
            f["ampm"] = g["ampm"][0].lower()
    if "wd" in g:
        f["wd"] = data["weekday"][g["wd"]]
    if "wden" in g:
        f["wd"] = data["weekday"][g["wden"]]
        if "wdrel" in g:
            f["wdrel"] = g["wdrel"].lower()
    if "relweek" in g:
        f["relweek"] = data["relative_week"][g["relweek"]]
    for key, table in (("relday", "relative_day"), ("relyear", "relative_year"), ("relmonth", "relative_month")):
        if key in g:
            f[key] = data[table][g[key]]
    word = g.get("relday") or g.get("anchor") or ""
    if word[-1:] in data["day_part"]:  # 昨晚, 今早, 当晚: the word names the time of day too
        f["part"] = data["day_part"][word[-1]]
        f["partword"] = word[-1]
    if "anchor" in g:
        strict = data["anchored_day_needs_anchor"]
        f["anchor"] = strict[g["anchor"]] if g["anchor"] in strict else data["anchored_day"][g["anchor"]]
        f["strict"] = g["anchor"] in strict
    if "relen" in g:
        unit, off = data["relative_en"][" ".join(g["relen"].lower().split())]
        f["relen"] = (unit, off)
    if "n" in g:
        n = g["n"].lower()
        count = data["number_en"][n] if n in data["number_en"] else _num(n)
        unit = g["unit"].translate(TRADITIONAL).replace("个", "").replace(" ", "").lower()
        f["ago"] = (count, _UNITS.get(unit, unit))
    if "part" in g:
        f["part"] = data["day_part"].get(g["part"]) or data["day_part_en"][g["part"].lower()]
        f["partword"] = g["part"]
    if "hol" in g:
        mm, dd = data["holiday"][g["hol"]].split("-")
        f["hol"] = (int(mm), int(dd))
    return f


_UNITS = {"年": "year", "月": "month", "周": "week", "星期": "week", "天": "day", "小时": "hour", "钟头": "hour"}
_UNITS |= {"分钟": "minute", "hr": "hour", "min": "minute"}


def _merge(cur: Expr, nxt: Atom, nf: dict[str, Any], gap: str, gr: Grammar) -> bool:
    """Fold the next atom into the expression when it refines it; False when it starts a new one."""
    f, tight, loose = cur.f, gr.tight_gap.match(gap), gr.loose_gap.match(gap)
    in_parens = "(" in gap or "（" in gap or nxt.kind == "gloss"
    if tight and cur.year_only() and nxt.kind in ("date", "range") and "m" in nf and not _has_year(nf):
        f.update(nf)  # 今年 + 5月, 去年 + 11月
        cur.kind = nxt.kind if nxt.kind == "range" else cur.kind
    elif tight and nxt.kind == "part" and cur.has_day() and "part" not in f and "H" not in f:
        f.update(nf)  # 9月20日 + 晚, 周五 + 晚间, Saturday + night
    elif loose and nxt.kind in ("time", "cntime") and (cur.has_day() or "part" in f) and "H" not in f:
        f.update({k: v for k, v in nf.items() if k in ("H", "MI", "ampm")})
    elif (
        loose
        and cur.is_relative()
        and nxt.kind in ("gloss", "day", "date")
        and "d" in nf
        and (in_parens or ("wd" in f and "relweek" not in f and nxt.kind == "date"))
    ):
        # the gloss names the day: 周三(25日), 今日（23日）, 当天（9月28日）, Tuesday, Nov 29, 2016
        for key in ("relday", "wd", "wdrel", "anchor", "ago", "relen", "relweek"):
            f.pop(key, None)
        f.update(nf)
    elif loose and nxt.kind == "weekday" and "d" in f and "relweek" not in nf and not cur.is_relative():
        pass  # 2023年10月2日星期一: the weekday only restates the date
    elif tight and nxt.kind == "anchor" and "d" in f and nf["anchor"] == 0:
        pass  # 9月9日当天
    elif tight and nxt.kind == "date" and "hol" in nf and ("d" in f):
        pass  # 5月18日世界博物馆日
    else:
        return False
    cur.end = nxt.end
    return True


def _has_year(f: dict[str, Any]) -> bool:
    return any(k in f for k in ("y", "yy", "relyear"))


def _expressions(text: str, atoms: list[Atom], gr: Grammar) -> list[Expr]:
    exprs: list[Expr] = []
    cur: Expr | None = None
    for atom in atoms:
        try:
            nf = _fields(atom, gr)
        except (KeyError, ValueError):  # a form the vocabularies do not know: no date rather than an error
            continue
        if cur is not None and _merge(cur, atom, nf, text[cur.end : atom.start], gr):
            continue
        cur = Expr(atom.start, atom.end, atom.kind, nf)
        exprs.append(cur)
    return exprs


# ---------------------------------------------------------------- resolution
class Context:
    """What resolving one text has learnt so far."""

    __slots__ = ("base", "dateline", "last_day", "last_day_end", "last_start")

    def __init__(self, base: datetime | None) -> None:
        self.base = base
        self.dateline: datetime | None = None  # a dateline (巴黎21日電) re-bases 今天/昨天 after it
        self.last_day: datetime | None = None  # the day last named: 当天, 次日 and lone clock times count from it
        self.last_day_end = -1
        self.last_start: datetime | None = None  # start of the last date, for a range's end


Value = tuple[datetime, str]  # the moment and its precision


def _nearest(candidates: list[tuple[datetime, float]], ref: float, future: bool = False) -> datetime | None:
    """The candidate nearest the reference, looking back: a future one must be FUTURE_WEIGHT times nearer
    (the other way round when the sentence speaks of the future: 将于15日举行)."""
    past_w, future_w = (FUTURE_WEIGHT, 1) if future else (1, FUTURE_WEIGHT)
    best, best_cost = None, float("inf")
    for cand, pos in candidates:
        cost = (ref - pos) * past_w if pos <= ref else (pos - ref) * future_w
        if cost < best_cost:
            best, best_cost = cand, cost
    return best


def _safe(y: int, m: int = 1, d: int = 1, hh: int = 0, mi: int = 0) -> datetime | None:
    try:
        return datetime(y, m, d, hh, mi)
    except (ValueError, OverflowError):
        return None


def _month_shift(base: datetime, months: int) -> tuple[int, int]:
    idx = base.year * 12 + base.month - 1 + months
    return idx // 12, idx % 12 + 1


def _month_day_nearest(m: int, d: int | None, base: datetime, future: bool = False) -> datetime | None:
    ref = base.toordinal()
    if d is None:
        ref_m = base.year * 12 + base.month - 1
        cands = [(dt, dt.year * 12 + m - 1) for y in (base.year - 1, base.year, base.year + 1) if (dt := _safe(y, m))]
        return _nearest(cands, ref_m, future)
    cands = [(dt, dt.toordinal()) for y in (base.year - 1, base.year, base.year + 1) if (dt := _safe(y, m, d))]
    return _nearest(cands, ref, future)


def _day_nearest(d: int, base: datetime, future: bool = False) -> datetime | None:
    cands = []
    for shift in (-1, 0, 1):
        y, m = _month_shift(base, shift)
        if dt := _safe(y, m, d):
            cands.append((dt, dt.toordinal()))
    return _nearest(cands, base.toordinal(), future)


def _weekday(f: dict[str, Any], ref: datetime, future: bool) -> datetime | None:
    day = datetime(ref.year, ref.month, ref.day)
    wd = f["wd"]
    if "relweek" in f or f.get("wdrel") == "this":
        monday = day - timedelta(days=day.weekday())
        return monday + timedelta(days=7 * f.get("relweek", 0) + wd)
    back = (day.weekday() - wd) % 7
    rel = f.get("wdrel")
    if rel == "last":
        return day - timedelta(days=back or 7)
    if rel == "next" or future:
        ahead = (wd - day.weekday()) % 7
        return day + timedelta(days=ahead or (7 if rel == "next" else 0))
    return day - timedelta(days=back)


def _week(offset: int, ref: datetime) -> Value | None:
    """上周, last week: a week is no precision of ours, so its month (or year) when the week has one."""
    monday = datetime(ref.year, ref.month, ref.day) - timedelta(days=ref.weekday() - 7 * offset)
    sunday = monday + timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return monday, "month"
    return (monday, "year") if monday.year == sunday.year else None


def _ago(count: int, unit: str, base: datetime) -> Value | None:
    if unit == "year":
        return _safe(base.year - count), "year"
    if unit == "month":
        y, m = _month_shift(base, -count)
        return _safe(y, m), "month"
    step = {"week": timedelta(weeks=count), "day": timedelta(days=count), "hour": timedelta(hours=count)}
    moment = base - step.get(unit, timedelta(minutes=count))
    return moment, {"week": "day"}.get(unit, unit)


def _date_of(e: Expr, ctx: Context, text: str) -> Value | None:
    """The day (or month, year) an expression names, before any clock time."""
    f, base = e.f, ctx.base
    ref = ctx.dateline or base
    if "ago" in f:
        return _ago(*f["ago"], base) if base else None
    if "relen" in f:
        unit, off = f["relen"]
        if base is None:
            return None
        if unit == "day":
            return datetime(ref.year, ref.month, ref.day) + timedelta(days=off), "day"
        if unit == "week":
            return _week(off, base)
        if unit == "month":
            return _safe(*_month_shift(base, off)), "month"
        return _safe(base.year + off), "year"
    if "relday" in f:
        return (datetime(ref.year, ref.month, ref.day) + timedelta(days=f["relday"]), "day") if ref else None
    if "anchor" in f:
        start = ctx.last_day or (None if f.get("strict") else base)
        return (datetime(start.year, start.month, start.day) + timedelta(days=f["anchor"]), "day") if start else None
    if "wd" in f:
        if ref is None:
            return None
        return _weekday(f, ref, _speaks_of_future(text, e.start)), "day"
    if "relweek" in f:
        return _week(f["relweek"], base) if base else None
    if "hol" in f:
        return (_month_day_nearest(*f["hol"], base), "day") if base else None
    if e.kind == "rangeend":
        start = ctx.last_start
        if start is None:
            return None
        if "d" not in f:  # 2020年1月至3月
            return _safe(start.year + (f["m"] < start.month), f["m"]), "month"
        return _range_end(f.get("m", start.month), f["d"], start)
    year = f.get("y")
    if "yy" in f:
        year = 2000 + f["yy"] if f["yy"] <= (base.year % 100 + 1 if base else 49) else 1900 + f["yy"]
    if year is None and "relyear" in f:
        year = base.year + f["relyear"] if base else None
        if year is None:
            return None
    if year is not None:
        if "m" not in f:
            return _safe(year), "year"
        if "d" not in f:
            return _safe(year, f["m"]), "month"
        return _safe(year, f["m"], f["d"]), "day"
    if "relmonth" in f:
        if base is None:
            return None
        y, m = _month_shift(base, f["relmonth"])
        return (_safe(y, m, f["d"]), "day") if "d" in f else (_safe(y, m), "month")
    if base is None:
        return None
    if "m" in f:
        future = _speaks_of_future(text, e.start)
        return _month_day_nearest(f["m"], f.get("d"), base, future), "day" if "d" in f else "month"
    if "d" in f:
        return _day_nearest(f["d"], base, _speaks_of_future(text, e.start)), "day"
    if "part" in f and f["partword"] in _parts_meaning_reference_day():
        return datetime(base.year, base.month, base.day), "day"
    return None


def _range_end(m: int, d: int, start: datetime) -> Value | None:
    end = _safe(start.year, m, d)
    if end is not None and end < start:
        end = _safe(start.year + 1, m, d)
    return end, "day"


@cache
def _parts_meaning_reference_day() -> frozenset[str]:
    """Time-of-day words that alone mean the reference day (苹果凌晨发布了...)."""
    return frozenset(grammar().data["bare_part_means_reference_day"]["words"])


def _speaks_of_future(text: str, start: int) -> bool:
    sentence_start = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - 200), start)), default=0)
    return bool(grammar().future.search(text, sentence_start, start))


def _with_time(day: datetime, prec: str, f: dict[str, Any]) -> Value:
    """Add the clock time (or the hour a time-of-day word names) to a day."""
    if prec != "day":
        return day, prec
    part = f.get("part") or {}
    hour = f.get("H")
    if hour is None:
        if "hour" in part:
            return day.replace(hour=part["hour"]), "hour"
        return day, prec
    shift = f.get("ampm") or part.get("shift")
    if shift in ("p", "pm") and hour < 12:
        hour += 12
    elif shift == "a" and hour == 12:
        hour = 0
    elif shift == "noon" and hour < 6:
        hour += 12
    elif shift == "night" and 6 <= hour < 12:
        hour += 12
    if hour > 23 or f.get("MI", 0) > 59:  # 24时: the end of the day, given as the day
        return day, prec
    if "MI" in f:
        return day.replace(hour=hour, minute=f["MI"]), "minute"
    return day.replace(hour=hour), "hour"


def iso(moment: datetime, precision: str) -> str:
    """An ISO value cut to its precision: 2024, 2024-05, 2024-05-06, 2024-05-06T12, 2024-05-06T12:30."""
    full = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}"
    return full[: {"year": 4, "month": 7, "day": 10, "hour": 13, "minute": 16}[precision]]


def _dropped(e: Expr, text: str, gr: Grammar) -> bool:
    """Look-alikes the patterns alone cannot tell: negated days, 今天的中国, 延长至12月."""
    vocab, f = gr.data["vocab"], e.f
    before = text[max(0, e.start - 6) : e.start]
    if f.get("wdrel") == "not" or before.endswith(vocab["negation_cn"]):
        return True
    if f.get("relday") == 0 and e.end - e.start == 2 and text.startswith(vocab["vague_after_today"], e.end):
        return True
    if e.kind == "date" and f.keys() == {"m"}:
        return before.endswith(vocab["month_count_before"])
    return False


def _resolve_all(text: str, exprs: Sequence[Expr], base: datetime | None, gr: Grammar) -> list[DateMention]:
    ctx = Context(base)
    out: list[DateMention] = []
    for e in exprs:
        if _dropped(e, text, gr):
            continue
        values = _values(e, ctx, text)
        if not values:
            ctx.last_start = None  # a range end after an unresolved start has nothing to count from
        for moment, prec in values:
            out.append(DateMention(text[e.start : e.end], iso(moment, prec), prec, e.start, e.end))  # type: ignore[arg-type]
            ctx.last_start = moment
        if values and values[-1][1] in ("day", "hour", "minute"):
            moment = values[-1][0]
            ctx.last_day, ctx.last_day_end = moment, e.end
            rest = text[e.end : e.end + 4].lstrip()
            if rest.startswith(gr.data["vocab"]["dateline_after"]) and not e.is_relative():
                ctx.dateline = moment
    return out


def _values(e: Expr, ctx: Context, text: str) -> list[Value]:
    f = e.f
    try:
        if e.kind == "range" and "m2" in f:
            return _month_range(f, ctx)
        if e.kind == "range" and "d2" in f:
            first = _month_day_nearest(f["m"], f["d"], ctx.base) if ctx.base and "y" not in f else None
            if first is None and "y" in f:
                first = _safe(f["y"], f["m"], f["d"])
            last = _safe(first.year, first.month, f["d2"]) if first else None
            return [(v, "day") for v in (first, last) if v]
        if e.kind in ("time", "cntime"):
            return _lone_time(e, ctx, text)
        if e.kind == "part" and f.get("partword") not in _parts_meaning_reference_day():
            return []
        found = _date_of(e, ctx, text)
        if not found or found[0] is None:
            return []
        return [_with_time(found[0], found[1], f)]
    except (ValueError, OverflowError, KeyError):
        return []


def _month_range(f: dict[str, Any], ctx: Context) -> list[Value]:
    """1-10月: the range ends in the year nearest the reference; its start in the same year."""
    if "y" in f or "relyear" in f:
        year = f["y"] if "y" in f else (ctx.base.year + f["relyear"] if ctx.base else None)
        end = _safe(year, f["m2"]) if year else None
    else:
        end = _month_day_nearest(f["m2"], None, ctx.base) if ctx.base else None
    if end is None or f["m"] >= f["m2"]:
        return []
    return [(_safe(end.year, f["m"]), "month"), (end, "month")]  # type: ignore[list-item]


def _lone_time(e: Expr, ctx: Context, text: str) -> list[Value]:
    """A clock time with no day of its own (2PM, 10 am PT) takes the day named earlier in the same sentence.
    Only with am/pm: a bare 1:50 after a date is as often a ratio or a score."""
    if e.kind != "time" or "ampm" not in e.f or ctx.last_day is None:
        return []
    if SENTENCE_END.search(text, ctx.last_day_end, e.start):
        return []
    day = datetime(ctx.last_day.year, ctx.last_day.month, ctx.last_day.day)
    return [_with_time(day, "day", e.f)]


# ---------------------------------------------------------------- public API
MEMO_SIZE = 8192  # texts whose expressions (or explicit days) are remembered
MEMO_MAX_CHARS = 1000  # only short texts (headlines, snippets, bylines: the ones a site repeats)


@lru_cache(maxsize=MEMO_SIZE)
def _scan(text: str) -> tuple[Expr, ...]:
    """The expressions of a text, before resolution: a pure function of the text, whatever the base, so
    remembered. A page reads a byline with and without a base, a site repeats its sidebar on every page.
    Resolution only reads an Expr, never changes it, so the remembered ones can be shared."""
    gr = grammar()
    return tuple(_expressions(text, _atoms(text, gr).atoms, gr))


class PageScans:
    """The scans of the long texts dated on one page (its stories' bodies), kept while date_page runs: a
    body read alone for the page time is read again after its title, and that read shares the first scan
    (see _atoms). Made per page and passed down, so what is shared is plain to see and ends with the page."""

    __slots__ = ("scans",)

    def __init__(self) -> None:
        self.scans: list[Scan] = []

    def scan(self, text: str, gr: Grammar) -> Scan:
        """The scan of a long text, sharing the scan of the longest text of the page it ends with."""
        known = None
        for scan in self.scans:
            if scan.text == text:
                return scan  # a scan is only read once made
            if text.endswith(scan.text) and (known is None or len(scan.text) > len(known.text)):
                known = scan
        scan = _atoms(text, gr, known)
        self.scans.append(scan)
        return scan


def _readable(text: str) -> str:
    """The text with fullwidth digits and separators as ASCII: ２０１９年 reads as 2019年. One character for
    one, so the offsets of what is found hold in the original."""
    return _halfwidth(text) if not text.isascii() and FULLWIDTH_FOUND.search(text) else text


def _text_expressions(text: str, gr: Grammar, scans: PageScans | None = None) -> Sequence[Expr]:
    """The expressions of a (readable) text: a short one's remembered, a long one scanned alone or with
    the other long texts of its page when their scans are given."""
    if len(text) <= MEMO_MAX_CHARS:
        return _scan(text)
    return _expressions(text, (scans.scan(text, gr) if scans else _atoms(text, gr)).atoms, gr)


def find_dates(text: str, base: datetime | None = None, scans: PageScans | None = None) -> list[DateMention]:
    """Every date expression in the text, resolved against base, each distinct value once (first mention).
    Relative expressions need a base; without one only absolute dates come back. A long text is scanned
    alone, or with the other long texts of its page when their scans are given."""
    if not text:
        return []
    gr = grammar()
    original = text
    text = _readable(text)
    if base is None and not gr.absolute_year.search(text):
        return []  # most headlines and snippets: nothing absolute, and nothing to resolve the rest against
    if base is not None and base.tzinfo is not None:
        base = base.replace(tzinfo=None)  # the time as printed on the page
    exprs = _text_expressions(text, gr, scans)
    if not exprs:
        return []  # most sidebar items
    mentions = _resolve_all(text, exprs, base, gr)
    seen: set[str] = set()
    unique = []
    for m in mentions:
        if m.value not in seen:
            seen.add(m.value)
            m.text = original[m.start : m.end]
            unique.append(m)
    return unique


# The reference against which find_printed_days reads a date printed without its year: any will do,
# since only the mention's text, span and precision are used.
YEARLESS_PLACEHOLDER = datetime(2000, 7, 1)


def find_printed_days(text: str) -> list[DateMention]:
    """The dates of the text that name a day by themselves, printed with or without their year
    ('2015-03-18 09:30', 'March 18 at 3:57 PM', '发布时间：3月18日 15:57'): what a publish line prints.
    find_dates gives a date without its year only against a reference, which the segmenter picking
    the publish line does not know yet (dates.date_page resolves the line later, against the page's
    reference); here such a date is read against a placeholder, so only its text, span and precision
    mean anything. Relative expressions (昨天, 3小时前, Friday) and lone clock times are left out:
    without the page's reference they name no day."""
    absolute = find_dates(text)
    if not text or not DIGIT_FOUND.search(text):
        return absolute
    exprs = _text_expressions(_readable(text), grammar())
    taken = {(m.start, m.end) for m in absolute}
    yearless = {
        (e.start, e.end)
        for e in exprs
        if "m" in e.f and "d" in e.f and "y" not in e.f and not e.is_relative() and (e.start, e.end) not in taken
    }
    if not yearless:
        return absolute
    found = [m for m in find_dates(text, YEARLESS_PLACEHOLDER) if (m.start, m.end) in yearless]
    return sorted(absolute + found, key=lambda m: m.start)


def parse_base(value: str) -> datetime:
    """A reference time given by the user (ISO date or datetime)."""
    from triage.errors import UsageError

    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        raise UsageError(f"--base: not an ISO date or datetime: {value!r}") from None
    return moment.replace(tzinfo=None)


def to_datetime(value: str | None) -> datetime | None:
    """An ISO value at any precision (2024, 2024-05, 2024-05-06T12) as the moment it starts."""
    if not value:
        return None
    try:
        if len(value) == 4:
            return datetime(int(value), 1, 1)
        if len(value) == 7:
            return datetime(int(value[:4]), int(value[5:7]), 1)
        if len(value) == 13:
            return datetime.fromisoformat(value + ":00")
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


# ---------------------------------------------------------------- dating a page
FINE = ("day", "hour", "minute")


def _day_after(moment: datetime) -> datetime:
    try:
        return moment + timedelta(days=1)
    except OverflowError:  # a crawl time of 9999-12-31
        return datetime.max


def _explicit_days(mentions: list[DateMention], text: str) -> list[tuple[datetime, str]]:
    """Absolute full dates (those found without a base) that are not announcements of the future."""
    skip = grammar().data["vocab"]["page_time_not_after"]
    out = []
    for m in mentions:
        before = text[max(0, m.start - 4) : m.start].rstrip()
        if m.precision in FINE and not before.endswith(skip):
            if dt := to_datetime(m.value):
                out.append((dt, m.value))
    return out


@lru_cache(maxsize=MEMO_SIZE)
def _text_days(text: str) -> tuple[tuple[datetime, str], ...]:
    """The explicit days of one text (found without a base, so a pure function of the text):
    remembered, as a site repeats its sidebar on every page it serves."""
    return tuple(_explicit_days(find_dates(text), text))


def _long_text_days(text: str, scans: PageScans | None) -> list[tuple[datetime, str]]:
    """The explicit days of a long text (a story's body), not remembered: its scan is kept in scans."""
    return _explicit_days(find_dates(text, scans=scans), text)


def page_time(page: Page, scans: PageScans | None = None) -> tuple[datetime, str] | None:
    """The page's own time, as a moment and its ISO value: its latest explicit full date, never later
    than its crawl time (which it falls back to). Long texts are scanned into scans when given."""
    crawl = to_datetime(page.crawl_time)
    days = []
    for item in page.items:
        for text in (item.published_raw, item.title, item.text):
            if text:
                days += _text_days(text) if len(text) <= MEMO_MAX_CHARS else _long_text_days(text, scans)
    if crawl:
        days = [d for d in days if d[0] <= _day_after(crawl)]
        if not days:
            return crawl, page.crawl_time or ""
    return max(days, default=None)


def _report_date(mentions: list[DateMention], text: str, ref: datetime | None) -> DateMention | None:
    """A sidebar item's own date: a dateline (7日报道, 2025年6月7日消息) if there is one, else the first
    mention at day precision or finer. Announced dates (将于6月15日举行) and dates after the page's own
    time are events, not the report."""
    if not mentions:
        return None
    datelines = grammar().data["vocab"]["dateline_after"]
    latest = _day_after(ref) if ref else None
    fine = [
        m
        for m in mentions
        if m.precision in FINE
        and not _speaks_of_future(text, m.start)
        and (latest is None or (to_datetime(m.value) or latest) <= latest)
    ]
    for m in fine:
        if text[m.end : m.end + 4].lstrip().startswith(datelines):
            return m
    return fine[0] if fine else None


def _publish_line(text: str) -> str | None:
    """A clear publish-time line among the story's first lines: short, with an absolute full date that
    either opens the line or follows a publish word (发布时间：, Posted). A headline with a date glued on
    (a related link) is not one."""
    words = grammar().data["vocab"]["publish_words"]
    for line in text.splitlines()[:3]:
        line = line.strip()
        if not line or len(line) > 60:
            continue
        found = [m for m in find_printed_days(line) if m.precision in FINE]
        if not found:
            continue
        lead = line[: found[0].start].strip(" :：|#·-0123456789")
        if "，" in line or "。" in line:  # prose: a photo caption or the first sentence, dated by its event
            continue
        if not lead or any(w in lead for w in words):
            return line
    return None


def _date_story(item: Item, ref: datetime | None, scans: PageScans) -> None:
    raw = item.published_raw or _publish_line(item.text)
    published = None
    if raw:
        fine = [m for m in find_dates(raw, ref) if m.precision in FINE]
        published = fine[0] if fine else None
    item.published = published.value if published else None
    story_ref = to_datetime(item.published) or ref
    item.dates = find_dates(_joined(item), story_ref, scans)  # the body's scan is shared


def _date_sidebar(item: Item, ref: datetime | None) -> None:
    text = _joined(item)
    item.dates = find_dates(text, ref)
    if item.published_raw:
        raw = [m for m in find_dates(item.published_raw, ref) if m.precision in FINE]
        if raw:
            item.published = raw[0].value
            return
    own = _report_date(item.dates, text, ref)
    item.published = own.value if own else None


def _joined(item: Item) -> str:
    return "\n".join(t for t in (item.title, item.text) if t)


def date_page(page: Page, skip: Collection[str] = ()) -> None:
    """Fill page.page_time and every item's published and dates, except the items whose ids are in
    skip (ones a store already holds); page_time still reads every item."""
    scans = PageScans()
    found = page_time(page, scans)
    ref, page.page_time = found if found else (None, None)
    story_ref = to_datetime(page.crawl_time) or ref
    for item in page.items:
        if item.id in skip:
            continue
        if item.kind == "story":
            _date_story(item, story_ref, scans)
        else:
            _date_sidebar(item, ref)

"""The segmenter's vocabulary (triage/data/segment.toml), loaded and compiled once per process."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ahocorasick_rs import AhoCorasick

# The word lists a line is looked up in at once (WordLists): one bit each.
COMMENT_WORDS, PRODUCT_WORDS, HEADER_WORDS, BOILERPLATE, SHORT_BOILERPLATE, POST_WORDS, COMMENT_ACTIONS = (
    1 << k for k in range(7)
)


@dataclass(frozen=True, slots=True)
class WordLists:
    """Several lists of words looked for in a line in one pass: an Aho-Corasick automaton (ahocorasick_rs,
    as topics uses) over all their words tells which lists have a word in the line. One pass instead of a
    regex search per list: Python's re tries every word of an alternation at each position."""

    automaton: AhoCorasick
    lists_of: tuple[int, ...]  # per word of the automaton, the bits of the lists that hold it

    def found_in(self, text: str) -> int:
        """The bits of the lists with a word in the text (words may overlap: each one counts)."""
        bits = 0
        for word, _, _ in self.automaton.find_matches_as_indexes(text, overlapping=True):
            bits |= self.lists_of[word]
        return bits


def word_lists(lists: dict[int, list[str]]) -> WordLists:
    bits_of: dict[str, int] = {}
    for bit, words in lists.items():
        for word in words:
            bits_of[word] = bits_of.get(word, 0) | bit
    words = sorted(bits_of)
    return WordLists(AhoCorasick(words), tuple(bits_of[w] for w in words))


@dataclass(frozen=True, slots=True, eq=False)
class Vocab:
    """Compiled vocabulary. The line patterns (header ... published) match lowercased text. Compared and
    hashed by identity: memos keyed by the vocabulary then cost nothing per page."""

    header: re.Pattern[str]  # a whole line that is only a block header (with decoration and suffix)
    relative_time: re.Pattern[str]
    ad_prefix: re.Pattern[str]
    app_suffixes: tuple[str, ...]  # the end of a short line linking to the site's app or social accounts
    comment_action: re.Pattern[str]  # buttons under a reader's comment (回复, 举报, reply)
    comment_counter: re.Pattern[str]  # a comment count line ("评论13") that opens the comments after the story
    prev_next: re.Pattern[str]  # "上一篇：<headline>" links, one or several on a line
    references: re.Pattern[str]  # a line that opens the story's reference list
    end_markers: tuple[
        str, ...
    ]  # the end of a body line that closes the story ('（完）'); a row's low has no trailing space
    caption_opening: re.Pattern[str]  # a photo caption's opening ('资料图：'), matched at the start of lowercased text
    metadata: re.Pattern[str]  # a metadata line: every pattern is tried at the line's start only
    published: re.Pattern[str]
    glued_date: re.Pattern[str]  # where a date is glued to the word before it ('PressDecember 2, 2016'): case-sensitive
    publish_word: re.Pattern[str]  # words of a publish line (searched in lowercased text)
    publish_opening: re.Pattern[str]  # a publish line's opening word ('by ', 'asked '), at the start of lowercased text
    title_status: re.Pattern[str]  # a status tag at the end of a question's headline ([duplicate])
    not_publish: re.Pattern[str]  # words of dated lines about something else (latest article, approval)
    story_outlet: tuple[re.Pattern[str], ...]
    story_author: tuple[re.Pattern[str], ...]
    body_byline: tuple[re.Pattern[str], ...]  # a reporter's byline in the body's first lines
    byline_name: re.Pattern[str]  # a line alone beside the dateline that reads as a name (fullmatch)
    byline_not_names: frozenset[str]  # buttons and labels in a name's shape
    author_label: re.Pattern[str]  # the label before a name in the markup's author block ('By ', '作者：')
    author_shape: re.Pattern[str]  # a name in the markup's author block (fullmatch)
    author_not_words: frozenset[str]  # words of an author block's links and labels: no name holds one
    item_outlet: re.Pattern[str]  # the outlet patterns as one, matched at the start (_first_at_start)
    # Word lists looked up in every line at once, one bit each (COMMENT_WORDS...): words of a readers' comment
    # section's header and of a shop's product block header (both counted in short lines only), block header
    # words (a line holding one is then matched whole by header), footer / widget / legal markers, widget
    # words that make a short line boilerplate, a thread's post header/footer words, a reader's comment's buttons.
    words: WordLists
    # the union of the patterns classify tries at a line's start (prev_next, references, ad_prefix, metadata),
    # each with its own case flag: a line it does not match matches none of them, and that is most lines
    line_start: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    # longest first, so "相关新闻推荐" prefers the longer word
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _trie(words: list[str]) -> str:
    """The same words as one alternation factored by common prefixes ('版权所有|版权声明' -> '版权(?:所有|声明)'):
    the regex engine then tries one branch per character instead of every word. For patterns whose match
    is only tested, not read: the language is the same, the alternative that matches may differ."""
    root: dict = {}
    for word in set(words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # the end of a word
    return _trie_node(root)


def _trie_node(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _union_at_start(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """A pattern that matches at a text's start wherever one of the patterns does."""
    return re.compile(
        "|".join(f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})" for p in patterns)
    )


def _first_at_start(patterns: list[str], group: str, flags: int) -> re.Pattern[str]:
    """Patterns that each match at a text's start ('^...') with a group named `group`, as one pattern to match
    there: its k-th alternative is the k-th pattern, the group renamed group + k. The alternative that matches
    is the first pattern that does (alternatives are tried in order and nothing follows them), so one match
    call finds what searching the patterns in turn finds."""
    for p in patterns:
        if not p.startswith("^") or p.count("(?P<") != 1 or f"(?P<{group}>" not in p:
            raise ValueError(f"segment.toml: {p!r} must open with '^' and hold one named group, (?P<{group}>...)")
    return re.compile(
        "|".join(f"(?:{p.replace(f'(?P<{group}>', f'(?P<{group}{k}>')})" for k, p in enumerate(patterns)), flags
    )


def _lower(words: list[str]) -> list[str]:
    return [w.lower() for w in words]


def compile_vocab(data: dict) -> Vocab:
    deco = data["headers"]["decoration"]
    words = _trie(_lower(data["headers"]["words"]))  # header lines are only tested, never read by group
    # a header: decoration, one or more header words (several in a row), a short suffix of at most 6 chars
    header = re.compile(
        rf"^(?:{deco})*(?:[\w\s()（）]{{0,10}}?[:：]\s*)?[\w\s()（）]{{0,10}}?(?:(?:{words})(?:{deco})*)+[\w\s]{{0,8}}?(?:{deco})*$"
    )
    boiler = data["boilerplate"]
    story = data["story"]
    meta = data["metadata"]
    pn = _alternation(_lower(data["prev_next"]["words"]))
    pn_cjk = _alternation([w for w in data["prev_next"]["words"] if not w.isascii()])  # need no colon
    # two-word labels ('Previous Post', 'Next article') need no colon either, even glued to the title
    pn_words = _alternation(_lower([w for w in data["prev_next"]["words"] if w.isascii() and " " in w]))
    ad_prefix = re.compile(rf"^(?:{_alternation(_lower(boiler['prefixes']))})")
    prev_next = re.compile(
        rf"(?:[【\[(（](?P<label>{pn})[】\])）]\s*[:：]?|(?P<label2>{pn})\s*[:：]|(?P<label3>{pn_cjk})"
        rf"|(?P<label4>{pn_words}))\s*",
        re.IGNORECASE,
    )
    references = re.compile(rf"^[\s【\[(（]*(?:{_alternation(_lower(story['references']))})[\s】\])）]*[:：]?\s*$")
    metadata = re.compile(rf"^(?:{_any_of(meta['patterns']).pattern})")  # at the start: search is match
    return Vocab(
        header=header,
        relative_time=re.compile(data["forum"]["relative_time"], re.IGNORECASE),
        app_suffixes=tuple(_lower(boiler["app_suffixes"])),
        ad_prefix=ad_prefix,
        # ASCII words whole: 'like' is no button inside 'likely'
        comment_action=re.compile(rf"(?<![a-z])(?:{_alternation(_lower(data['comments']['actions']))})(?![a-z])"),
        comment_counter=re.compile(data["comments"]["counter"], re.IGNORECASE),
        prev_next=prev_next,
        references=references,
        end_markers=tuple(_lower(story["end_markers"])),
        caption_opening=re.compile(_alternation(_lower(story["caption_openings"]))),
        metadata=metadata,
        published=re.compile(_any_of(meta["published"]).pattern, re.IGNORECASE),  # searched in original text
        glued_date=re.compile(meta["glued_date"]),
        publish_word=re.compile(_alternation(_lower(meta["publish_words"]))),
        publish_opening=re.compile(rf"(?:{_alternation(_lower(meta['opening_publish_words']))})\s"),
        title_status=re.compile(rf"\s*(?:{_alternation(meta['title_status_tags'])})\s*$", re.IGNORECASE),
        not_publish=re.compile(_alternation(_lower(meta["not_publish_words"]))),
        story_outlet=tuple(re.compile(p, re.IGNORECASE) for p in meta["story_outlet"]),
        story_author=tuple(re.compile(p, re.IGNORECASE) for p in meta["story_author"]),
        body_byline=tuple(re.compile(p) for p in meta["body_byline"]),
        byline_name=re.compile("|".join(f"(?:{p})" for p in meta["byline_names"])),
        byline_not_names=frozenset(meta["byline_not_names"]),
        author_label=re.compile(meta["author_label"], re.IGNORECASE),
        author_shape=re.compile(meta["author_shape"]),
        author_not_words=frozenset(meta["author_not_words"]),
        item_outlet=_first_at_start(data["outlets"]["patterns"], "outlet", re.IGNORECASE),
        words=word_lists(
            {
                COMMENT_WORDS: _lower(data["comments"]["words"]),
                PRODUCT_WORDS: _lower(data["products"]["words"]),
                HEADER_WORDS: _lower(data["headers"]["words"]),
                BOILERPLATE: _lower(boiler["markers"]),
                SHORT_BOILERPLATE: _lower(boiler["short_markers"]),
                POST_WORDS: _lower(data["forum"]["post_words"]),
                COMMENT_ACTIONS: _lower(data["comments"]["actions"]),  # comment_action needs one (and more)
            }
        ),
        line_start=_union_at_start([prev_next, references, ad_prefix, metadata]),
    )


@cache
def vocab() -> Vocab:
    text = resources.files("triage").joinpath("data/segment.toml").read_text(encoding="utf-8")
    return compile_vocab(tomllib.loads(text))

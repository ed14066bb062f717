"""The segmenter's first pass: every line of a page classified (text, short, metadata, header,
boilerplate, counter...) and scored for the body, and the densest window of body-like rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from triage.models import Line
from triage.segment_vocab import (
    BOILERPLATE,
    COMMENT_WORDS,
    HEADER_WORDS,
    POST_WORDS,
    PRODUCT_WORDS,
    SHORT_BOILERPLATE,
    Vocab,
    vocab,
)

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+|\d+(?:[.,:]\d+)*")
ASCII_WORD = re.compile(r"[A-Za-z]+|\d+(?:[.,:]\d+)*")  # WORD on ASCII text
# sentence marks of other scripts too: Burmese ။၊, Devanagari ।॥, Arabic ؟،؛; a '.' before a space or the end only.
# One character class first (not an alternation), so the engine passes over other characters at C speed.
SENTENCE_PUNCT = re.compile(r"[。，、；！？,;!?။၊।॥؟،؛.](?:(?<!\.)|(?!\S))")
# The patterns that end in '\s*$' are looked for with ends_in, in the last characters of a line only: the
# characters before their '\s*$' (at most the reach given with each) are none of them whitespace.
FULL_STOP_END = re.compile(r"[。.!！?？”」』\"')）]\s*$")  # reach 1
SENTENCE_STOP = re.compile(r"[a-z\d%)\"”’]\.\s*$")  # reach 2; an English sentence, not a headline
SENTENCE_END = re.compile(r"[。.]\s*$")  # reach 1
# a sentence ended inside the line and another ending it ('… gestürzt. Wie konnte es dazu kommen?'): a dek, no headline
INNER_SENTENCES = re.compile(
    r"(?:[^\W\d_][.!?]\s+|。)[\w“„\"«].*[.!?。！？]\s*$"
)  # '？' inside CJK headlines is common
QUOTED_SENTENCE_END = re.compile(r"[。！？!?][”」』\"]\s*$")  # reach 2; a quoted sentence: an epigraph, a quote
TRUNCATED_END = re.compile(r"(?:\.{3,}|(?<!…)…|。。。|\.\s\.\s\.)\s*$")  # "……" is prose, "…" a cut
TRUNCATION_LAST = frozenset(".…。")  # the last character of every TRUNCATED_END match
TRUNCATION_TAIL = 5  # the longest TRUNCATED_END needs at the end of a stripped line: '. . .' ('.....' ends in '...')
ELLIPSIS_GAP = re.compile(r"(?:\.{3,}|…+)\s+")
FIRST_GAP = re.compile(r"\s+")
MARKUP_LINE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s+[A-Za-z:-]+\s*=|\s*/?>)")  # '<iframe src=', '<div>', '</p>'
CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])\s*[:：]\s*[0-5]\d(?!\d)")  # a time of day: 17:21, 8:55
TIME = re.compile(CLOCK.pattern + r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")  # a time of day or a full date
DATED = re.compile(
    r"[\[(（]?\s*\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?)?\s*[\])）]?"
)
FULL_STAMP = re.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?\s*$")  # a reply's time
DATED_OR_TIME = re.compile(rf"{DATED.pattern}|(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)")
DATED_AT_ENDS = re.compile(rf"^\s*(?:{DATED.pattern})|(?:{DATED.pattern})\s*$")
HEADER_DECORATION = re.compile(
    r"^[\s■□●○◆◇▶►▸>»›|·•【】\[\]()（）<>《》「」:：\-—_=*#+]+|[\s■□●○◆◇▶►▸>»›|·•【】\[\]()（）<>《》「」:：\-—_=*#+]+$"
)
CAPTION_MARKS = ("▲", "△", "▼", "↑")  # a photo's caption under it, not a headline of another story
LIST_ITEM = re.compile(
    r"^(?:[-–•·*●○◆■□▪]|\(?\d{1,2}[.)、）]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)"
)
NOT_A_TITLE = re.compile(
    r"#|\d{1,2}[.、]\s*.*[(（]\d+[)）]$|首页\s*[-—>›»/|｜＞]|Home\s*[>›»/|]"
)  # at the start: a hashtag line; a ranked entry with its count; a breadcrumb ('首页 - 新闻动态')
HOME_LINK = "首页"  # at the end: a link to the home page
DATE_ONLY = re.compile(
    r"[\d\s\W_年月日号時时分秒点星期周天〇零一二三四五六七八九十]*"
)  # '四月2年，2020年': no headline
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
DIGIT = re.compile(r"\d")
YEAR = re.compile(r"\d{4}")  # every publish-time pattern holds a four-digit year: a cheap test first
NON_WORD = re.compile(r"[\W_]+")
# NON_WORD on ASCII text is every byte but letters and digits: bytes.translate deletes them at C speed
ASCII_NON_WORD = bytes(b for b in range(128) if not chr(b).isalnum())
MENU_MARKS = re.compile(r"[|｜·•>»›/→＞]")  # the separators of MENU_SEPARATOR and BREADCRUMB
URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
URL_IN = re.compile(r"https?://\S+", re.IGNORECASE)
COUNTER = re.compile(r"^[\d\s.,:：%+\-/()（）#万千亿kKmMwW]*$")  # counters, ranks, lone numbers: never text
BREADCRUMB = re.compile(r"\s*(?:>>?|»|→|›|＞|>)\s*")
MENU_SEPARATOR = re.compile(r"\s*[|｜·•>»›/]\s*|\s{2,}")
TITLE_SEPARATOR = re.compile(
    r"\s*(?:_|\||｜| - | — | – | » | « | :: | · | • |-{2,})\s*|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff])"
    r"|-(?=[A-Za-z0-9-]+\.(?:[Cc][Oo][Mm]|[Nn][Ee][Tt]|[Oo][Rr][Gg]|[Cc][Nn])\s*$)"
)  # 'Headline_Site - Channel', 'Post « Blog', '…新版ZoomEye-CSDN.NET' (a site's domain glued on)
# a rank number before a headline, but not the day or month that opens one ('1 月 26 日...')
LEADING_RANK = re.compile(r"^(?:\d{1,2}[.、](?!\s*[月日年号時时分点:：\d])\s*|[■□●○◆◇▶►▸·•\-*]\s*)")
# a bare number and a space open listicle headlines too ('6 Must-Try Ice Cream Shops'): it is a rank only
# inside a run of three lines numbered the same way
BARE_RANK = re.compile(r"^(\d{1,2})\s+(?![月日年号時时分点:：\d])")
# class/id hints (read.py's html_hints.toml) of blocks that are not the story, of blocks that
# are never items either, and of blocks that list other stories.
HTML_NOISE_HINTS = frozenset(
    {"nav", "menu", "footer", "sidebar", "related", "recommend", "hot", "rank", "breadcrumb", "form", "gallery"}
)  # "form": html.py's comment, sign-in and newsletter forms
HTML_JUNK_HINTS = frozenset({"copyright", "breadcrumb", "share", "login"})
HTML_LIST_HINTS = frozenset({"related", "recommend", "hot", "rank", "sidebar"})
HEADING_HINTS = frozenset({"title", "header"})  # hints a heading carries of its own, not of its container
SUBHEAD_BLOCKS = frozenset({"h2", "h3", "h4", "h5", "h6"})
HTML_CONTENT_HINTS = frozenset({"article", "content", "main"})
COMMENT_HINTS = frozenset({"comment"})  # class/id hints of a readers' comments block
NAV_HINTS = frozenset({"nav", "menu"})  # class/id hints of navigation: a channel's or tag's link

# Line kinds
EMPTY, COUNT, HEADER, REFS, BOILER, META, URL_LINE, NAV, TEXT, PREVNEXT, COMMENTS, PRODUCTS = range(12)

# Thresholds in "units": a CJK character is one unit, a word of an alphabetic script 1.5.
MIN_THREAD_UNITS = 30  # a thread of short posts holding less text than this is no story
MIN_BODY_UNITS = 60  # less running text than this is no story (stubs, lists, product pages)
PARAGRAPH_UNITS = 20  # a punctuated line this long is body-like
WORDS_MAX_UNITS = 60  # classify asks the word lists of lines up to this long only (rows_of)
HEADLINE_MIN, HEADLINE_MAX = 6, 60
STAMPED_RUN = 3  # items cut from one line at their relative times: a list, not prose
TIME_AGO_LEAD = 8  # words before a relative time on a source's or a post's time line at most
ANCHORED_SHARE = 0.25  # the window under the headline wins when it holds this share of the densest one
ANCHOR_REACH = 12  # rows below the headline where its body may start
MAX_ANCHORS = 4  # copies of the headline tried
TITLE_WINDOW = 40  # how far above the body the headline is looked for (in non-empty lines)
HEADLINE_GAP = 8  # rows between the headline and the body at most (byline, date, share buttons)
SNIPPET_MAX = 120  # a longer line after a headline is a paragraph, not its teaser
FOOTER_GAP = 3  # parts further apart than this many break lines (a footer between) are not joined
FEED_RUN = 4  # headline + teaser pairs in a row that make a feed
FEED_PERIOD = 3  # rows from one feed headline to the next at most
INLINE_BOX_ROWS = 2  # lines between two break lines inside an article that can be a 'Related story' box
INNER_RUN = 3  # headlines in a row inside the body window that make a link block
PUBLISH_ABOVE = 6  # rows above the headline where its publish line may be; further up is the site's header
PUBLISH_AFTER = 8  # rows after the body where a Q&A or forum prints the publish line
PUBLISH_MAX_UNITS = 45  # a longer line is prose, not a metadata line
DATELINE_REST = 12  # a dateline without a publish word: this much else at most (author, outlet, weekday)
DATELINE_REST_OPENING = 20  # the same when the date opens the line
PUBLISH_ABOVE_WORDED = 16  # a line naming itself the publish line may sit this far above the headline
DATED_RUN_REACH = 12  # rows either side searched for other dated lines of the same length


def has_time(text: str) -> bool:
    """TIME found: a clock time needs a colon and a date four digits, so most lines are skipped cheaply."""
    return (":" in text or "：" in text or YEAR.search(text) is not None) and TIME.search(text) is not None


def is_time_ago(text: str) -> bool:
    """A source or a post's time: a few words, then a counted relative time ('Yahoo財經·8 小時前', 'Modified
    5 months ago'). Inside a line it may be part of a headline ('21年前遇害案'), after a long one a ranked
    headline's stats ('...Cities3,930 comments - 15 hours ago'); a bare '昨天' may open a headline."""
    if not DIGIT.search(text):
        return False
    text = text.rstrip()
    m = vocab().relative_time.search(text, max(0, len(text) - 24))
    return (
        m is not None
        and m.end() == len(text)
        and DIGIT.search(m.group()) is not None
        and units_of(text[: m.start()]) <= TIME_AGO_LEAD
    )


def is_sentences(text: str) -> bool:
    """INNER_SENTENCES found: two sentences or more, each ended by its mark."""
    return text.rstrip()[-1:] in ".!?。！？" and INNER_SENTENCES.search(text) is not None


def ends_in(end: re.Pattern[str], text: str, reach: int) -> bool:
    """end (a pattern of `reach` non-space characters at most, then trailing space and the end) found in text.
    Its match ends at the text's last non-space character, so only the reach before it needs a look: a search
    from the text's start would try every position of a paragraph."""
    return end.search(text, max(0, len(text.rstrip()) - reach)) is not None


def is_sentence_stop(text: str) -> bool:
    """SENTENCE_STOP found: only a line ending in '.' can."""
    return text.rstrip().endswith(".") and ends_in(SENTENCE_STOP, text, 2)


def is_truncated(text: str) -> bool:
    """The line ends in an ellipsis (TRUNCATED_END): only a line ending in '.', '…' or '。' can, and only its
    last TRUNCATION_TAIL characters need a look (a search of the whole line would scan every paragraph)."""
    text = text.rstrip()
    return text[-1:] in TRUNCATION_LAST and TRUNCATED_END.search(text, max(0, len(text) - TRUNCATION_TAIL)) is not None


@dataclass(slots=True)
class Row:
    """One non-empty line: what its text alone says of it (the same on every row of that text), where it is and
    what the HTML says of it. The facts the later passes ask of some rows only are worked out on demand and kept
    on the page's first row of the text (Row.first), for all its rows: a page repeats its menu entries, teasers
    and footer, and each fact is worked out once per text."""

    idx: int  # index in raw.lines
    text: str  # whitespace collapsed
    low: str  # text.lower(), for the vocabulary (which is lowercase): every pass asks it
    words: int | None  # the vocabulary's word lists found in low (Vocab.words); None on long rows: see words_in
    units: float
    punct: int
    kind: int
    truncated: bool  # is_truncated(text): the body score, the headline and the item passes ask it
    text_score: float  # body_score of the text alone
    line: Line
    noise: bool  # is_html_noise(line): every pass asks it
    score: float  # text_score, lowered on noise
    first: Row | None = None  # the page's first row of the same text, which keeps the facts below; None on it
    title_like: bool | None = None  # is_title_like: several passes ask it
    headline_like: bool | None = None  # is_headline_like: several passes ask it
    normed: str | None = None  # norm(text): the headline passes compare it with the <title>
    post_marker: bool | None = None  # is_post_marker: the thread and item passes ask it
    dated: bool | None = None  # is_dated: in_dated_run asks it of the rows around each dated line


@dataclass(slots=True)
class Story:
    title: str = ""
    title_idx: int | None = None
    body: list[Row] = field(default_factory=list)
    author: str | None = None
    outlet: str | None = None
    published_raw: str | None = None
    links: list[str] = field(default_factory=list)


def units_of(text: str) -> float:
    """A CJK character counts one unit, a word of an alphabetic script (or a number) 1.5."""
    if text.isascii():
        return 1.5 * len(ASCII_WORD.findall(text))
    # WORD's class is costly per character: look for words only in what is left between the CJK runs, with
    # ASCII_WORD when that is ASCII (digits and Latin words among Chinese, as often)
    rest, runs = CJK_RUN.subn(" ", text)
    words = ASCII_WORD if rest.isascii() else WORD
    return len(text) - len(rest) + runs + 1.5 * len(words.findall(rest))


def classify(text: str, low: str, words: int | None, units: float, punct: int, v: Vocab) -> int:
    """The line's kind; low is its lowercase text, words the word lists found in it (Vocab.words), asked only
    of lines up to WORDS_MAX_UNITS long (None on longer ones)."""
    if "\u0307" in low:  # Turkish 'İ' lowercases to 'i' plus a combining dot: vocabulary spells a plain 'i'
        low = low.replace("\u0307", "")
        words = v.words.found_in(low)
    if COUNTER.match(text):
        return COUNT
    at_start = v.line_start.match(low) is not None  # else none of the four patterns tried at the start below
    if at_start and units >= 4 and v.prev_next.match(low):
        return PREVNEXT
    if units <= 20 and len(low) <= 50 and words & COMMENT_WORDS:
        return COMMENTS
    if units <= 20 and len(low) <= 50 and words & PRODUCT_WORDS:
        return PRODUCTS
    if units <= 14 and len(low) <= 40 and words & HEADER_WORDS and v.header.match(low):
        return HEADER
    if units <= 14 and is_caps_header(text) and not words & BOILERPLATE:
        return HEADER
    if at_start and units <= 10 and v.references.match(low):
        return REFS
    if units <= 8 and words & SHORT_BOILERPLATE and not words & POST_WORDS:
        return BOILER
    if (units <= WORDS_MAX_UNITS and words & BOILERPLATE) or (at_start and units <= 40 and v.ad_prefix.match(low)):
        return BOILER
    if units <= 12 and low.endswith(v.app_suffixes):
        return BOILER
    if URL.match(text):
        return URL_LINE
    if at_start and units <= 40 and v.metadata.match(low):
        return META
    if units <= 30 and is_dateline(low, v):
        return META
    if punct == 0 and is_menu(text, units):
        return NAV
    if units > 20 and len(stamped_parts(low, v)) >= STAMPED_RUN:
        return NAV
    return TEXT


def stamped_parts(text: str, v: Vocab) -> list[str]:
    """'6小时前 A 7小时前 B 7小时前 C': a list of items run together on one line, cut at their relative
    times ('N 小时前', 'N hours ago'); no parts when the line holds fewer than two such times or a part
    is no headline."""
    if not ("前" in text or "ago" in text or "önce" in text) or not DIGIT.search(text):
        return []
    stamps = [m for m in v.relative_time.finditer(text) if DIGIT.search(m.group())]
    if len(stamps) < 2:
        return []
    cuts = [0] + [k for m in stamps for k in (m.start(), m.end())] + [len(text)]
    parts = [part for a, b in zip(cuts[::2], cuts[1::2], strict=True) if (part := text[a:b].strip())]
    # each part a headline: a page flattened into one line (article, comments and all) is no list
    return parts if all(4 <= units_of(part) <= HEADLINE_MAX for part in parts) else []


def is_caps_header(text: str) -> bool:
    """An all-capitals line of a few words (BUNLAR DA İLGİNİZİ ÇEKEBİLİR, MORE STORIES) heads a block."""
    return text.isupper() and 3 <= len(text.split()) <= 6 and not CJK.search(text)


def is_menu(text: str, units: float) -> bool:
    """A menu line (a row's text: single spaces): many short CJK words side by side, or any words between
    explicit separators."""
    if MENU_MARKS.search(text):  # else no part or crumb to split off
        # separators are no word characters: the parts' units add up to the line's, so a line with more units
        # than its parts may each hold has a longer part (the usual line: no part is counted then)
        parts = [p for p in MENU_SEPARATOR.split(text) if p.strip()]
        if 3 <= len(parts) and units <= 6 * len(parts) and all(units_of(p) <= 6 for p in parts):
            return True
        crumbs = [p for p in BREADCRUMB.split(text) if p.strip()]
        if 2 <= len(crumbs) and units <= 12 * len(crumbs) and all(units_of(p) <= 12 for p in crumbs):
            return True
    if text.isascii():  # no CJK words to count
        return False
    spaces = text.count(" ")  # a row's words are one space apart: spaces + 1 words
    if spaces < 3:
        return False
    cjk = len(CJK.findall(text))
    return cjk >= 0.3 * (len(text) - spaces) and units / (spaces + 1) <= 4.5


def is_dateline(text: str, v: Vocab) -> bool:
    """A line that is mostly a date/time (what is left after removing it is a few words at most)."""
    if not YEAR.search(text):
        return False
    m = v.published.search(text)
    return bool(m) and units_of(text[: m.start()] + text[m.end() :]) <= 4


# the body score of each kind of line but text and counters
KIND_SCORES = {
    COMMENTS: -40.0,
    PRODUCTS: -25.0,
    PREVNEXT: -25.0,
    META: -4.0,
    URL_LINE: -4.0,
    NAV: -8.0,
    HEADER: -25.0,
    REFS: -25.0,
    BOILER: -25.0,
}


def body_score(kind: int, units: float, punct: int, truncated: bool, text: str) -> float:
    """How much a line of this shape says "story body": long punctuated text for, everything else against
    (before what the HTML says of it: rows_of lowers the score of noise)."""
    if kind == TEXT:
        if truncated and units < 120:
            return -10.0  # a teaser snippet, as on list pages and in sidebars
        if text.startswith("<") and MARKUP_LINE.match(text):
            return -3.0  # HTML source shown as text (an embed code: '<iframe src="...">'), punctuated but no prose
        if units >= PARAGRAPH_UNITS and punct >= 1 and (units >= 40 or ends_in(FULL_STOP_END, text, 1)):
            return min(units, 200.0)
        if units >= 10 and punct >= 1 and (ends_in(SENTENCE_END, text, 1) or ends_in(QUOTED_SENTENCE_END, text, 2)):
            return units * 0.5
        return -3.0
    if kind == COUNT:
        return -1.0 if units < 3 else -4.0
    return KIND_SCORES[kind]


def is_html_noise(line: Line) -> bool:
    """What the HTML says is a link list, a menu, a footer or a comment box."""
    return line.link_ratio >= 0.6 or line.block == "figcaption" or has_inner_hint(line.hints, HTML_NOISE_HINTS)


def has_inner_hint(hints: tuple[str, ...], wanted: frozenset[str]) -> bool:
    """One of the wanted hints, named inside the innermost content container: hints come outermost
    first, and a page whose <body> says "related" or "sidebar" somewhere still has its article."""
    if not hints or wanted.isdisjoint(hints):
        return False
    return has_hint_inside_content(hints, wanted)


@lru_cache(maxsize=4096)
def has_hint_inside_content(hints: tuple[str, ...], wanted: frozenset[str]) -> bool:
    """has_inner_hint's answer when a wanted hint is somewhere: memoised, since a page's lines come from a few
    containers (and a site's pages from the same few), whose hints every pass asks about."""
    content = max((k for k, h in enumerate(hints) if h in HTML_CONTENT_HINTS), default=-1)
    return any(h in wanted for h in hints[content + 1 :])


def text_row(idx: int, line: Line, v: Vocab) -> Row | None:
    """The row of a line whose text the page has not shown before; None when it is blank."""
    text = " ".join(line.text.split())
    if not text:
        return None
    low = text.lower()
    units = units_of(text)
    words = v.words.found_in(low) if units <= WORDS_MAX_UNITS else None  # a paragraph's: asked for seldom
    punct = len(SENTENCE_PUNCT.findall(text))
    kind = classify(text, low, words, units, punct, v)
    truncated = is_truncated(text)
    score = body_score(kind, units, punct, truncated, text)
    noise = is_html_noise(line)
    return Row(
        idx, text, low, words, units, punct, kind, truncated, score, line, noise, noisy(score) if noise else score
    )


def noisy(text_score: float) -> float:
    """The score of a row the HTML says is a link list, a menu, a footer or a comment box."""
    return min(text_score, -10.0)


def forget_memos() -> None:
    """Empty the memo of hint verdicts (benchmarks time new pages, not remembered ones)."""
    has_hint_inside_content.cache_clear()


def rows_of(lines: list[Line], v: Vocab) -> list[Row]:
    """The page's non-empty lines as rows. A page repeats many lines (menu entries, share buttons, a footer
    printed twice, the same teaser in two blocks): each distinct text is worked out once, on its first row, and
    the rows after it copy that."""
    rows = []
    # the first row of each text, by raw text (None: blank). Not remembered across pages: an LRU of the shapes of
    # short lines cost more CPU than it saved on real pages (its bookkeeping, long-lived objects)
    firsts: dict[str, Row | None] = {}
    for idx, line in enumerate(lines):
        first = firsts.get(line.text, False)
        if first is False:
            first = firsts[line.text] = text_row(idx, line, v)
            if first is not None:
                rows.append(first)
            continue
        if first is None:  # a blank line
            continue
        noise = is_html_noise(line)
        rows.append(
            Row(
                idx,
                first.text,
                first.low,
                first.words,
                first.units,
                first.punct,
                first.kind,
                first.truncated,
                first.text_score,
                line,
                noise,
                noisy(first.text_score) if noise else first.text_score,
                first,
            )
        )
    return rows


def words_in(row: Row, v: Vocab) -> int:
    """The word lists found in the row (Row.words), looked up now for a long row."""
    if row.words is None:
        keeper = row.first or row  # the page's first row of this text keeps it
        if keeper.words is None:
            keeper.words = v.words.found_in(row.low)
        row.words = keeper.words
    return row.words


def densest_window(rows: list[Row], barred: Callable[[Row], bool] | None = None) -> tuple[int, int, float]:
    """The contiguous run of rows with the largest total score (Kadane): the story body; no run holds a barred row."""
    best = (0, -1, 0.0)
    start, total = 0, 0.0
    for i, row in enumerate(rows):
        if barred is not None and barred(row):
            total = 0.0
            continue
        if total <= 0:
            start, total = i, 0.0
        total += row.score
        if total > best[2]:
            best = (start, i, total)
    return best


def span_score(rows: list[Row], span: tuple[int, int]) -> float:
    return sum(r.score for r in rows[span[0] : span[1] + 1])

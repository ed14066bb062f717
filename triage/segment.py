"""Main story vs sidebar vs boilerplate, from line shapes (text dumps) plus HTML signals when present.

One pass classifies every line (text, short, metadata, header, boilerplate, counter...) and gives it
a score: long punctuated lines count for the body, everything else against it. The story body is
the densest run of lines (the maximum-sum window, linear time); the headline is looked for just
above it, the metadata between the two. Sidebar items are headline-like lines outside the body:
after a block header (热门资讯, Related...) or, when crawl dedup removed the header, in runs.
The publish time is the short dated line by the headline (or one naming itself a publish line in a
thread, a Q&A answer, or just after the body), vetted by dates.find_dates; dated runs (comments,
reviews) and event times are not it.
Vocabulary lives in triage/data/segment.toml (see segment_vocab.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from triage.dates import find_dates
from triage.models import Item, Line, RawPage, sidebar_id, story_id
from triage.segment_vocab import Vocab, vocab

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+|\d+(?:[.,:]\d+)*")
# sentence marks of other scripts too: Burmese ။၊, Devanagari ।॥, Arabic ؟،؛
SENTENCE_PUNCT = re.compile(r"[。，、；！？,;!?။၊।॥؟،؛]|\.(?=\s|$)")
FULL_STOP_END = re.compile(r"[。.!！?？”」』\"')）]\s*$")
SENTENCE_STOP = re.compile(r"[a-z\d%)\"”’]\.\s*$")  # an English sentence, not a headline
SENTENCE_END = re.compile(r"[。.]\s*$")
# a sentence ended inside the line and another ending it ('… gestürzt. Wie konnte es dazu kommen?'): a dek, no headline
INNER_SENTENCES = re.compile(
    r"(?:[^\W\d_][.!?]\s+|。)[\w“„\"«].*[.!?。！？]\s*$"
)  # '？' inside CJK headlines is common
QUOTED_SENTENCE_END = re.compile(r"[。！？!?][”」』\"]\s*$")  # a quoted sentence: an epigraph, a quote
TRUNCATED_END = re.compile(r"(?:\.{3,}|(?<!…)…|。。。|\.\s\.\s\.)\s*$")  # "……" is prose, "…" a cut
TRUNCATION_LAST = frozenset(".…。")  # the last character of every TRUNCATED_END match
ELLIPSIS_GAP = re.compile(r"(?:\.{3,}|…+)\s+")
LONG_GAP = re.compile(r"\s{2,}|\u3000|\t")
FIRST_GAP = re.compile(r"\s+")
TIME = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])\s*[:：]\s*[0-5]\d(?!\d)|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
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
    r"^#|^\d{1,2}[.、]\s*.*[(（]\d+[)）]$|首页$"
)  # a hashtag line; a ranked list entry with its count; a home link
DATE_ONLY = re.compile(
    r"[\d\s\W_年月日号時时分秒点星期周天〇零一二三四五六七八九十]*"
)  # '四月2年，2020年': no headline
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
DIGIT = re.compile(r"\d")
YEAR = re.compile(r"\d{4}")  # every publish-time pattern holds a four-digit year: a cheap test first
NON_WORD = re.compile(r"[\W_]+")
MENU_CHARS = re.compile(r"[|｜·•>»›/→＞]|\s{2,}")
GAP_CHARS = re.compile(r"\.\.\.|…|\s{2,}|\u3000|\t")
URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
URL_IN = re.compile(r"https?://\S+", re.IGNORECASE)
COUNTER = re.compile(r"^[\d\s.,:：%+\-/()（）#万千亿kKmMwW]*$")  # counters, ranks, lone numbers: never text
BREADCRUMB = re.compile(r"\s*(?:>>?|»|→|›|＞|>)\s*")
MENU_SEPARATOR = re.compile(r"\s*[|｜·•>»›/]\s*|\s{2,}")
TITLE_SEPARATOR = re.compile(
    r"\s*(?:_|\||｜| - | — | – |-{2,})\s*|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff])"
)  # 'Headline_Site - Channel'
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

# Line kinds
EMPTY, COUNT, HEADER, REFS, BOILER, META, URL_LINE, NAV, TEXT, PREVNEXT, COMMENTS, PRODUCTS = range(12)

# Thresholds in "units": a CJK character is one unit, a word of an alphabetic script 1.5.
MIN_THREAD_UNITS = 30  # a thread of short posts holding less text than this is no story
MIN_BODY_UNITS = 60  # less running text than this is no story (stubs, lists, product pages)
PARAGRAPH_UNITS = 20  # a punctuated line this long is body-like
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


def is_sentence_stop(text: str) -> bool:
    """SENTENCE_STOP found: only a line ending in '.' can."""
    return text.rstrip().endswith(".") and SENTENCE_STOP.search(text) is not None


def is_truncated(text: str) -> bool:
    """The line ends in an ellipsis (TRUNCATED_END): only a line ending in '.', '…' or '。' can."""
    return text.rstrip()[-1:] in TRUNCATION_LAST and TRUNCATED_END.search(text) is not None


@dataclass(slots=True)
class Row:
    """One non-empty line with its shape."""

    idx: int  # index in raw.lines
    text: str
    units: float
    punct: int
    kind: int
    line: Line
    score: float = 0.0
    title_like: bool | None = None  # is_title_like, worked out once: several passes ask it
    post_marker: bool | None = None  # is_post_marker, worked out once: the thread and item passes ask it


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
    cjk = 0 if text.isascii() else sum(map(len, CJK_RUN.findall(text)))
    return cjk + 1.5 * len(WORD.findall(text))


def classify(text: str, units: float, punct: int, v: Vocab) -> int:
    low = text.lower()
    if "\u0307" in low:  # Turkish 'İ' lowercases to 'i' plus a combining dot: vocabulary spells a plain 'i'
        low = low.replace("\u0307", "")
    if COUNTER.match(text):
        return COUNT
    if units >= 4 and v.prev_next.match(low):
        return PREVNEXT
    if units <= 20 and len(low) <= 50 and v.comments.search(low):
        return COMMENTS
    if units <= 20 and len(low) <= 50 and v.products.search(low):
        return PRODUCTS
    if units <= 14 and len(low) <= 40 and v.header_word.search(low) and v.header.match(low):
        return HEADER
    if units <= 14 and is_caps_header(text) and not v.boilerplate.search(low):
        return HEADER
    if units <= 10 and v.references.match(low):
        return REFS
    if units <= 8 and v.short_boilerplate.search(low) and not v.post_marker.search(low):
        return BOILER
    if (units <= 60 and v.boilerplate.search(low)) or (units <= 40 and v.ad_prefix.match(low)):
        return BOILER
    if units <= 12 and low.endswith(v.app_suffixes):
        return BOILER
    if URL.match(text):
        return URL_LINE
    if units <= 40 and v.metadata.search(low):
        return META
    if units <= 30 and is_dateline(low, v):
        return META
    if punct == 0 and is_menu(text):
        return NAV
    if units > 20 and len(stamped_parts(low, v)) >= STAMPED_RUN:
        return NAV
    return TEXT


def stamped_parts(text: str, v: Vocab) -> list[str]:
    """'6小时前 A 7小时前 B 7小时前 C': a list of items run together on one line, cut at their relative
    times ('N 小时前', 'N hours ago'); no parts when the line holds fewer than two such times or a part
    is no headline."""
    if not DIGIT.search(text) or not ("前" in text or "ago" in text or "önce" in text):
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


def is_menu(text: str) -> bool:
    """A menu line: many short CJK words side by side, or any words between explicit separators."""
    if text.count(" ") < 2 and not MENU_CHARS.search(text):
        return False
    parts = [p for p in MENU_SEPARATOR.split(text) if p.strip()]
    if len(parts) >= 3 and all(units_of(p) <= 6 for p in parts):
        return True
    crumbs = [p for p in BREADCRUMB.split(text) if p.strip()]
    if len(crumbs) >= 2 and all(units_of(p) <= 12 for p in crumbs):
        return True
    tokens = text.split()
    if len(tokens) < 4:
        return False
    cjk = len(CJK.findall(text))
    return cjk >= 0.3 * len(text.replace(" ", "")) and units_of(text) / len(tokens) <= 4.5


def is_dateline(text: str, v: Vocab) -> bool:
    """A line that is mostly a date/time (what is left after removing it is a few words at most)."""
    if not YEAR.search(text):
        return False
    m = v.published.search(text)
    return bool(m) and units_of(text[: m.start()] + text[m.end() :]) <= 4


def body_score(row: Row) -> float:
    kind, units = row.kind, row.units
    if kind == TEXT:
        if is_truncated(row.text) and units < 120:
            score = -10.0  # a teaser snippet, as on list pages and in sidebars
        elif units >= PARAGRAPH_UNITS and row.punct >= 1 and (units >= 40 or FULL_STOP_END.search(row.text)):
            score = min(units, 200.0)
        elif units >= 10 and row.punct >= 1 and (SENTENCE_END.search(row.text) or QUOTED_SENTENCE_END.search(row.text)):
            score = units * 0.5
        else:
            score = -3.0
    else:
        score = {
            COMMENTS: -40.0,
            PRODUCTS: -25.0,
            PREVNEXT: -25.0,
            COUNT: -1.0 if units < 3 else -4.0,
            META: -4.0,
            URL_LINE: -4.0,
            NAV: -8.0,
            HEADER: -25.0,
            REFS: -25.0,
            BOILER: -25.0,
        }[kind]
    if is_html_noise(row.line):
        score = min(score, -10.0)
    return score


def is_html_noise(line: Line) -> bool:
    """What the HTML says is a link list, a menu, a footer or a comment box."""
    return line.link_ratio >= 0.6 or line.block == "figcaption" or has_inner_hint(line.hints, HTML_NOISE_HINTS)


def has_inner_hint(hints: tuple[str, ...], wanted: frozenset[str]) -> bool:
    """One of the wanted hints, named inside the innermost content container: hints come outermost
    first, and a page whose <body> says "related" or "sidebar" somewhere still has its article."""
    if not hints or wanted.isdisjoint(hints):
        return False
    content = max((k for k, h in enumerate(hints) if h in HTML_CONTENT_HINTS), default=-1)
    return any(h in wanted for h in hints[content + 1 :])


def rows_of(lines: list[Line], v: Vocab) -> list[Row]:
    rows = []
    for idx, line in enumerate(lines):
        text = " ".join(line.text.split())
        if not text:
            continue
        units = units_of(text)
        punct = len(SENTENCE_PUNCT.findall(text))
        row = Row(idx, text, units, punct, classify(text, units, punct, v), line)
        row.score = body_score(row)
        rows.append(row)
    return rows


def demote_page_title(rows: list[Row]) -> None:
    """The first line of an HTML dump is its <title>: when the page prints it again (its on-page
    headline), the first line is a label, not the start of the body."""
    if len(rows) > 2 and rows[0].score > 0:
        first = norm(rows[0].text)
        if any(shares_title(norm(r.text), first) for r in rows[1 : min(len(rows), 60)] if r.units >= 6):
            rows[0].score = -3.0


def densest_window(rows: list[Row]) -> tuple[int, int, float]:
    """The contiguous run of rows with the largest total score (Kadane): the story body."""
    best = (0, -1, 0.0)
    start, total = 0, 0.0
    for i, row in enumerate(rows):
        if total <= 0:
            start, total = i, 0.0
        total += row.score
        if total > best[2]:
            best = (start, i, total)
    return best


def windows_after_headline(rows: list[Row]) -> list[tuple[int, int]]:
    """The densest window starting just below each on-page copy of the page's first line (the
    <title>): the story sits right under its headline, even when a longer block (a news stream,
    comments) elsewhere on the page scores more."""
    if len(rows) < 3:
        return []
    first = norm(rows[0].text)
    anchors = [i for i in range(1, len(rows)) if is_title_like(rows[i]) and shares_title(norm(rows[i].text), first)]
    # a copy inside a block listing other stories (related, most read) is another story's headline
    anchors = [i for i in anchors if not has_inner_hint(rows[i].line.hints, HTML_LIST_HINTS)]
    out = []
    for anchor in anchors[:MAX_ANCHORS]:
        best = (0, -1, 0.0)
        for s in range(anchor + 1, min(anchor + 1 + ANCHOR_REACH, len(rows))):
            total = 0.0
            for e in range(s, len(rows)):
                total += rows[e].score
                if total > best[2]:
                    best = (s, e, total)
                if total < -100:
                    break
        if best[1] >= 0:
            out.append(best[:2])
    return out


def span_score(rows: list[Row], span: tuple[int, int]) -> float:
    return sum(r.score for r in rows[span[0] : span[1] + 1])


# ---------------------------------------------------------------- headline


def is_headline_like(row: Row) -> bool:
    if row.kind != TEXT or not (HEADLINE_MIN <= row.units <= HEADLINE_MAX):
        return False
    text = row.text
    if row.punct > 4 or text.endswith(("。", "：", ":", "，", ",", "；", ";")) or is_sentence_stop(text):
        return False
    if "@" in text and EMAIL.search(text):  # contact lines, not headlines
        return False
    if DATE_ONLY.fullmatch(text):  # a date, however garbled, says nothing of a story
        return False
    if is_time_ago(text):  # 'Yahoo財經·19 小時前': a source and its time, not a headline
        return False
    return not (CJK.search(text) is None and len(WORD.findall(text)) < 3)


def norm(text: str) -> str:
    return NON_WORD.sub("", text).lower()


def title_from_page_title(text: str, rows: list[Row] | None = None) -> str:
    """The <title> line without its site suffix: 'Headline_Site-Channel' -> 'Headline'. When only
    one part is printed again as a line of its own, that part is the headline ('雄安新区 - 维基百科，
    自由的百科全书'); else the first part, unless a later one is much longer."""
    parts = [p for p in TITLE_SEPARATOR.split(text) if p.strip()] or [text]
    if rows and len(parts) > 1:
        lines = {norm(r.text) for r in rows[1:]}
        printed = [p for p in parts if units_of(p) >= 2 and norm(p) in lines]
        if len(printed) == 1:
            return printed[0]
    return max(parts[:1] + [p for p in parts[1:] if units_of(p) > units_of(parts[0]) * 1.5], key=units_of)


def find_title(rows: list[Row], body_start: int) -> tuple[int | None, str]:
    """The headline: an h1 above the body; else the line above the body that the page's first line
    (the <title> of HTML dumps) also holds, nearest first; else the headline-like line just above
    the body; else the first line without its site suffix."""
    lo = max(0, body_start - TITLE_WINDOW)
    candidates = [i for i in range(lo, body_start) if is_title_like(rows[i])]
    first = norm(rows[0].text) if rows else ""
    # an h1/h2 that is the <title> printed again beats a nearer h2 (an outlet's name, a dek)
    headings = [i for i in range(max(1, lo), body_start) if (rows[i].line.block or "") in ("h1", "h2")]
    titled = [i for i in headings if rows[i].kind == TEXT and shares_title(norm(rows[i].text), first)]
    if titled:
        return titled[-1], rows[titled[-1]].text
    blocks = [i for i in candidates if (rows[i].line.block or "") in ("h1", "h2")]
    if blocks:
        return blocks[-1], rows[blocks[-1]].text
    head = printed_title_head(rows, lo, body_start)
    if head is not None:
        return head, rows[head].text
    exact = [i for i in candidates if i > 0 and norm(rows[i].text) == first]
    if exact:  # the whole <title> printed again beats a nearer line holding part of it
        return exact[-1], rows[exact[-1]].text
    for i in reversed(candidates):
        if i > 0 and shares_title(norm(rows[i].text), first):
            return whole_headline(rows, i, first)
    for i in range(lo - 1, 0, -1):  # further up: the on-page copy of the <title>
        if is_title_like(rows[i]) and shares_title(norm(rows[i].text), first):
            return i, rows[i].text
    for i in reversed(candidates):
        if body_start - i > HEADLINE_GAP:
            break
        return whole_headline(rows, i, first)
    if rows and body_start > 0 and rows[0].kind in (TEXT, NAV) and rows[0].units <= 2 * HEADLINE_MAX:
        return 0, title_from_page_title(rows[0].text, rows)
    return None, ""


def fuller_page_title(rows: list[Row], title: str) -> str:
    """The <title>'s headline part when it holds the on-page headline and little more ('Kicker: Headline'
    in <title>, 'Headline' in the h1): the fuller form, as the page names itself. HTML dumps only."""
    if not title or not rows or rows[0].line.block != "title":
        return title
    part = title_from_page_title(rows[0].text, rows)
    short, full = norm(title), norm(part)
    if len(full) > len(short) and short in full and len(short) >= 0.8 * len(full):
        return part
    return title


def printed_title_head(rows: list[Row], lo: int, body_start: int) -> int | None:
    """The nearest line above the body that is exactly the first part of a 'Headline_Site' <title>:
    the on-page headline, however short ('投身外交(3)')."""
    if not rows or rows[0].kind not in (TEXT, NAV):
        return None
    parts = [p for p in TITLE_SEPARATOR.split(rows[0].text) if p.strip()]
    if len(parts) < 2 or units_of(parts[0]) < 4:
        return None
    head = norm(parts[0])
    return next((i for i in range(body_start - 1, max(0, lo - 1), -1) if norm(rows[i].text) == head), None)


def whole_headline(rows: list[Row], i: int, first: str) -> tuple[int, str]:
    """The headline line, with the lines above when they are one headline: a headline broken over
    two or three lines (all in the <title>), or a short form under its full form ('A vs B' under
    'A vs B C')."""
    text = rows[i].text
    if i > 1 and is_title_like(rows[i - 1]):
        above = rows[i - 1].text
        if above.startswith(text) and len(above) <= 2.5 * len(text):
            return i - 1, above
    top = i
    while top > 1 and first and is_title_like(rows[top - 1]) and i - top < 2:
        joined = rows[top - 1].text + text
        if norm(joined) not in first or norm(text) == first:
            break
        top, text = top - 1, joined
    return top, text


def is_title_like(row: Row) -> bool:
    """A headline candidate: like a sidebar headline, but questions with many commas (Q&A sites) too."""
    if row.title_like is None:
        row.title_like = title_shape(row)
    return row.title_like


def title_shape(row: Row) -> bool:
    if row.kind != TEXT or not (HEADLINE_MIN <= row.units <= 80) or row.punct > 8:
        return False
    text = row.text
    if text.endswith(("。", "：", ":", "，", ",", "；", ";")) or is_sentence_stop(text):
        return False
    if has_time(text) or is_truncated(text) or NOT_A_TITLE.search(text):
        return False
    return bool(CJK.search(text)) or row.units >= 4.5


def shares_title(line: str, first: str) -> bool:
    """The line is (mostly) part of the page's first line: the on-page copy of the <title> headline."""
    if len(line) < 4 or not first:
        return False
    if line in first:
        return True
    # a common run of 60% of the line covers its middle fifth (from 40% to 60%): an exact and cheap test first
    n = len(line)
    if line[math.ceil(0.4 * n) : math.ceil(0.6 * n)] not in first:
        return False
    # a common run of 60% of the line shares that many trigrams with the first line: a cheap test first
    grams = trigrams(first)
    if sum(line[k : k + 3] in grams for k in range(len(line) - 2)) < 0.6 * len(line) - 2:
        return False
    m = SequenceMatcher(None, line, first, autojunk=False).find_longest_match(0, len(line), 0, len(first))
    return m.size >= 0.6 * len(line)


@lru_cache(maxsize=64)
def trigrams(text: str) -> frozenset[str]:
    return frozenset(text[k : k + 3] for k in range(len(text) - 2))


# ---------------------------------------------------------------- story


def first_match(patterns, text: str, group: str) -> str | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m.group(group).strip()
    return None


def find_story(rows: list[Row], v: Vocab) -> tuple[Story | None, set[int]]:
    """The story and the rows it covers (headline, metadata, body, references), or None when the
    page has none."""
    start, end, total = densest_window(rows)
    thread = None
    if end < 0 or total < MIN_BODY_UNITS:
        thread = short_thread(rows, v)
        if thread is None:
            return None, set()
        start, end = thread
    else:
        start, end = prose_parts(rows, start, end)
        windows = windows_after_headline(rows)
        spans = [prose_parts(rows, a, b, anchored=True) for a, b in windows]
        # a headline's own body starts right under it, not at a far part of the window below it
        spans = [span for span, (a, _) in zip(spans, windows, strict=True) if span[0] - a <= HEADLINE_GAP] or spans
        # a copy of the headline inside the body, right under a paragraph, is a subhead ('广西凌云县陇槐村')
        spans = [span for span in spans if not (start < span[0] <= end and prose_above(rows, span[0]))]
        if spans:
            anchored = max(spans, key=lambda span: span_score(rows, span))
            need = (
                MIN_BODY_UNITS if under_other_headline(rows, start) else ANCHORED_SHARE * span_score(rows, (start, end))
            )
            if span_score(rows, anchored) >= max(MIN_BODY_UNITS, need):
                start, end = anchored
    # a reference list or an end marker inside the window closes the body
    for i in range(start, end + 1):
        if rows[i].kind == REFS:
            end = i - 1
            break
        if v.end_marker.search(rows[i].text.lower()):
            end = i
            break
    # a dateline lead ("新智元报道") just above the first paragraph belongs to the body
    for i in range(start - 1, max(-1, start - 4), -1):
        if rows[i].kind == TEXT and any(p.match(rows[i].text) for p in v.story_outlet[1:]):
            start = i
            break
        if rows[i].kind not in (META, COUNT):
            break
    if thread is None:
        end = same_container_tail(rows, end)
    # a headline the window swallowed (it has commas, so it scored as text) is not body
    while start < end and is_swallowed_headline(rows, start):
        start += 1
    title_pos, title = find_title(rows, start)
    title = v.title_status.sub("", title)
    title = fuller_page_title(rows, title)
    # the HTML's standfirst: a prose h2 right above the body, under a headline of its own, opens the body
    if title_pos is not None and title_pos < start - 1 and is_standfirst(rows[start - 1]):
        start -= 1
    if thread is None:
        start = same_container_head(rows, start, title_pos)
    story = Story(title=title, title_idx=rows[title_pos].idx if title_pos is not None else None)
    # a thread's post headers read like a feed's headlines: only a prose body holds link blocks
    in_blocks = set() if thread else inner_blocks(rows, start, end) | feed_rows(rows, start, end)
    story.body = [
        r
        for i, r in enumerate(rows[start : end + 1], start)
        if (is_post_text(r, v) if thread else r.kind in (TEXT, URL_LINE))
        and i not in in_blocks
        and not is_html_noise(r.line)
    ]
    thread_lo, thread_hi = thread_span(rows, title_pos if title_pos is not None else start, start, end, v)
    if thread_hi > end or thread_lo < start:
        seen = {r.text for r in story.body}  # a quoted post or a repeated rank line is said once
        for r in rows[thread_lo : thread_hi + 1]:
            if is_post_text(r, v) and r.text not in seen:
                seen.add(r.text)
                story.body.append(r)
        story.body.sort(key=lambda r: r.idx)
        start, end = min(start, thread_lo), max(end, thread_hi)
    zone_lo = title_pos + 1 if title_pos is not None else max(0, start - 6)
    header_zone = rows[max(0, zone_lo - 3) : start] + [r for r in rows[start : end + 1] if r.kind == META][:3]
    fill_metadata(story, header_zone, rows[start : end + 1], v)
    story.published_raw = publish_line(rows, title_pos, start, end, v)
    story.links = reference_links(rows, end + 1)
    covered = set(range(start, end + 1)) - in_blocks
    if title_pos is not None:  # the headline and what sits under it (byline, date, dek, caption) are the story's
        covered.update(range(title_pos, start) if start - title_pos <= HEADLINE_GAP else (title_pos,))
    covered.update(range(end + 1, last_reference(rows, end + 1) + 1))
    return story, covered


HARD_BREAKS = (HEADER, BOILER, REFS, PREVNEXT, COMMENTS, PRODUCTS)


def prose_above(rows: list[Row], i: int) -> bool:
    """A paragraph within the three rows above row i's headline, inside every container the headline
    is in (in HTML, a headline that opens an article block of its own is no subhead of the text above)."""
    head = set(rows[i - 1].line.hints) - HEADING_HINTS if i > 0 else set()
    return any(rows[k].score > 0 and head <= set(rows[k].line.hints) for k in range(max(0, i - 4), i - 1))


def is_standfirst(row: Row) -> bool:
    return row.line.block == "h2" and row.kind == TEXT and row.score > 0


def under_other_headline(rows: list[Row], start: int) -> bool:
    """The window sits under a headline of its own that is not the page's <title>, or under a block
    header (你可能還想看, Related): another article (a recommended story printed in full), so a shorter
    story under the <title>'s copy wins."""
    if any(rows[i].kind == HEADER for i in range(max(1, start - 2), start)):
        return True
    first = norm(rows[0].text) if rows else ""
    heads = [i for i in range(max(1, start - HEADLINE_GAP), start) if is_title_like(rows[i])]
    return bool(heads) and not any(shares_title(norm(rows[i].text), first) for i in heads)


PARAGRAPH_BLOCKS = frozenset({"p", "section", "div"})


def same_container_tail(rows: list[Row], end: int) -> int:
    """The body's last row, moved on over the short lines that follow it in the same HTML paragraph
    container (a closing line, a timetable, an address): the page's markup says they are the story's.
    Text dumps carry no container, so they never move."""
    last = rows[end].line
    if not last.hints or last.block not in PARAGRAPH_BLOCKS:
        return end
    while end + 1 < len(rows):
        nxt = rows[end + 1]
        if nxt.kind != TEXT or nxt.line.hints != last.hints or is_html_noise(nxt.line):
            break
        if nxt.line.block not in PARAGRAPH_BLOCKS and nxt.line.block != "li":
            break
        if "@" in nxt.text and EMAIL.fullmatch(nxt.text):  # the reporter's address: a signature, not text
            break
        end += 1
    return end


def same_container_head(rows: list[Row], start: int, title_pos: int | None) -> int:
    """The body's first row, moved back over the short lines above it in the same HTML container, up
    to the headline (a subhead, a lead-in line): the markup says they open the story."""
    first = rows[start].line
    if not first.hints or first.block not in PARAGRAPH_BLOCKS:
        return start
    top = title_pos + 1 if title_pos is not None else 0
    while start - 1 >= top:
        above = rows[start - 1]
        if above.kind != TEXT or above.line.hints != first.hints or is_html_noise(above.line):
            break
        if is_short_dated(above):  # a dateline in a script or format the vocabulary does not know: metadata
            break
        start -= 1
    return start


def is_short_dated(row: Row) -> bool:
    """A clock time or date anywhere, or a short line holding a date in any format ('13-May-2024')."""
    if has_time(row.text):
        return True
    return row.units <= PUBLISH_MAX_UNITS and DIGIT.search(row.text) is not None and bool(find_dates(row.text))


def is_swallowed_headline(rows: list[Row], i: int) -> bool:
    row = rows[i]
    if is_headline_like(row) and not has_time(row.text) and row.units < 50:
        return not (SENTENCE_END.search(row.text) or QUOTED_SENTENCE_END.search(row.text) or is_sentences(row.text))
    return i > 0 and is_title_like(row) and shares_title(norm(row.text), norm(rows[0].text))


def short_thread(rows: list[Row], v: Vocab) -> tuple[int, int] | None:
    """A thread of short posts, too little prose for a body window, is still the page's story: from
    its first post marker to the text after its last one, when it holds several posts."""
    markers = [i for i, r in enumerate(rows) if is_post_marker(r, v)]
    if len(markers) == 1:
        markers += comment_stamps(rows, markers[0])
    if len(markers) < 2:
        return None
    for i in range(markers[0], markers[-1]):
        if rows[i].kind in (HEADER, REFS):  # another block: the markers belong to a list
            return None
    hi = markers[-1]
    while hi + 1 < len(rows) and hi + 1 <= markers[-1] + 8 and rows[hi + 1].kind not in HARD_BREAKS:
        hi += 1
    posts = sum(r.units for r in rows[markers[0] : hi + 1] if is_post_text(r, v))
    return (markers[0], hi) if posts >= MIN_THREAD_UNITS else None


def comment_stamps(rows: list[Row], post: int) -> list[int]:
    """Under one post, a comment header then bare date-and-time lines: the replies' own post markers."""
    header = next((i for i in range(post + 1, min(len(rows), post + 16)) if rows[i].kind == COMMENTS), None)
    if header is None:
        return []
    return [i for i in range(header + 1, len(rows)) if rows[i].kind == COUNT and FULL_STAMP.match(rows[i].text)]


def is_post_marker(row: Row, v: Vocab) -> bool:
    """A thread post's header or footer: a post word and a (relative) time, e.g. '发表于 6 天前'."""
    if row.post_marker is None:
        row.post_marker = post_marker_shape(row, v)
    return row.post_marker


def post_marker_shape(row: Row, v: Vocab) -> bool:
    if row.units > 40 or not v.post_marker.search(row.text.lower()):
        return False
    return bool(has_time(row.text) or v.relative_time.search(row.text) or v.published.search(row.text))


def thread_span(rows: list[Row], title: int, start: int, end: int, v: Vocab) -> tuple[int, int]:
    """A forum or Q&A thread is the story: from the first post after the headline to the text after
    the last post marker, when the page has several posts and the body window is one of them."""
    markers = [i for i in range(title, len(rows)) if is_post_marker(rows[i], v)]
    if len(markers) < 2 or not any(start - 12 <= m <= end + 12 for m in markers):
        return start, end
    for i in range(markers[0], markers[-1]):
        if rows[i].kind in (HEADER, REFS):  # another block: the markers belong to a list, not a thread
            return start, end
    hi = markers[-1]
    while hi + 1 < len(rows) and hi + 1 <= markers[-1] + 8 and rows[hi + 1].kind not in (HEADER, REFS, COMMENTS):
        hi += 1
    return min(start, markers[0]), max(end, hi)


def is_post_text(row: Row, v: Vocab) -> bool:
    return (
        row.kind == TEXT
        and row.units >= 4
        and (row.punct >= 1 or row.units >= 8)
        and not is_post_marker(row, v)
        and not is_html_noise(row.line)
    )


def prose_parts(rows: list[Row], start: int, end: int, anchored: bool = False) -> tuple[int, int]:
    """Narrow the densest window to its best part between hard breaks (headers, footers), plus the
    neighbouring parts that read as prose too: a feed of headline + caption + date after a header
    scores positive but is not body. Readers' comments are not the story: once the story has
    begun, a comment header ends it. Under a headline (anchored), the story is the first part
    when that reads as prose. A cluster of footer lines is not crossed."""
    parts: list[tuple[int, int, bool]] = []  # first row, last row, after a comment header
    a, commented = start, False
    for i in range(start, end + 1):
        if rows[i].kind in HARD_BREAKS:
            if i > a:
                parts.append((a, i - 1, commented))
            a = i + 1
            commented = commented or rows[i].kind == COMMENTS
    if a <= end:
        parts.append((a, end, commented))
    if not parts:
        return start, end
    scores = [sum(r.score for r in rows[x : y + 1]) for x, y, _ in parts]
    best = max(range(len(parts)), key=lambda k: (not parts[k][2], scores[k]))
    if anchored and parts[0][0] - start <= 2 and is_prose(rows, *parts[0][:2]):
        best = 0
    lo = hi = best
    while lo > 0 and parts[lo][0] - parts[lo - 1][1] <= FOOTER_GAP and is_prose(rows, *parts[lo - 1][:2]):
        lo -= 1
    while joins_next(rows, parts, hi):
        hi += 1
    return parts[lo][0], parts[hi][1]


def joins_next(rows: list[Row], parts: list[tuple[int, int, bool]], k: int) -> bool:
    """The part after part k continues the body: close by and prose; or a short positive stretch
    between two ads that the next prose part follows (ads cut a body into many small parts)."""
    nxt = k + 1
    if nxt >= len(parts) or parts[nxt][2] or parts[nxt][0] - parts[k][1] > FOOTER_GAP:
        return False
    if is_prose(rows, *parts[nxt][:2]):
        return True
    return (
        span_score(rows, parts[nxt][:2]) > 0
        and nxt + 1 < len(parts)
        and not parts[nxt + 1][2]
        and parts[nxt + 1][0] - parts[nxt][1] <= FOOTER_GAP
        and is_prose(rows, *parts[nxt + 1][:2])
    )


def is_prose(rows: list[Row], a: int, b: int) -> bool:
    part = rows[a : b + 1]
    paragraphs = sum(1 for r in part if r.score > 0)
    headlines = sum(1 for r in part if r.score <= 0 and is_headline_like(r))
    big = any(r.score >= 40 for r in part)
    # a long paragraph outweighs one inline link beside it ('BACA JUGA: <headline>', '相关阅读：<headline>')
    allowed = paragraphs + (1 if big else 0)
    return sum(r.score for r in part) > 0 and (paragraphs >= 2 or big) and headlines < allowed


def inner_blocks(rows: list[Row], start: int, end: int) -> set[int]:
    """Rows of link blocks embedded in the body: a header, then headline-like rows up to the next
    paragraph (延伸阅读 / 相关新闻 inside an article); or, without a header, a run of at least
    three headlines (dates and counters between them allowed) that the window bridged."""
    out: set[int] = set()
    i = start
    while i <= end:
        if rows[i].kind == HEADER or rows[i].kind == PREVNEXT:
            j = i + 1
            while j <= end and rows[j].score <= 0:
                j += 1
            out.update(range(i, j))
            i = j
        elif is_link_headline(rows[i]):
            j, heads = i, []
            while j <= end and (is_link_headline(rows[j]) or rows[j].kind in (COUNT, META, NAV)):
                if is_link_headline(rows[j]):
                    heads.append(j)
                j += 1
            if len(heads) >= INNER_RUN:
                out.update(range(i, heads[-1] + 1))
            i = max(j, i + 1)
        else:
            i += 1
    return out


def feed_rows(rows: list[Row], start: int, end: int) -> set[int]:
    """A feed glued to the end of the window: at least three headlines in a row, each followed
    within a few rows by one teaser paragraph (headline, byline or date, snippet; headline, ...).
    Inside an article, such a rhythm is more likely a list of subheads with one paragraph each."""
    heads = [
        i for i in range(start, end + 1) if rows[i].score <= 0 and is_link_headline(rows[i]) and not is_subhead(rows[i])
    ]
    out: set[int] = set()
    run: list[int] = []
    for k, a in enumerate(heads):
        b = heads[k + 1] if k + 1 < len(heads) else None
        paragraphs = sum(
            1 for k in range(a + 1, b if b is not None else min(end + 1, a + FEED_PERIOD + 1)) if rows[k].score > 0
        )
        if b is not None and b - a <= FEED_PERIOD and paragraphs <= 1:
            run.append(a)
            continue
        run.append(a)
        if len(run) >= FEED_RUN:
            last = run[-1]
            tail = next((k for k in range(last + 1, min(end + 1, last + FEED_PERIOD + 1)) if rows[k].score > 0), last)
            if end - tail <= FEED_PERIOD:  # glued to the end of the body
                out.update(range(run[0], tail + 1))
        run = []
    return out


def is_subhead(row: Row) -> bool:
    """An HTML heading that links nowhere: a subhead of the article, where a feed's headline is a link."""
    return row.line.block in SUBHEAD_BLOCKS and row.line.link_ratio < 0.5


def is_link_headline(row: Row) -> bool:
    """A headline of another story: headline-like, long enough not to be a verse or a table cell,
    not an item of the article's own list."""
    return (
        row.score <= 0
        and row.units >= 8
        and is_headline_like(row)
        and not LIST_ITEM.match(row.text)
        and not row.text.startswith(CAPTION_MARKS)
    )


def fill_metadata(story: Story, zone: list[Row], body: list[Row], v: Vocab) -> None:
    for row in zone:
        if story.outlet is None and row.units <= 40:
            story.outlet = first_match(v.story_outlet[:1], row.text, "outlet")
        if story.author is None and row.units <= 40:
            story.author = first_match(v.story_author, row.text, "author")
    if story.author is None:
        story.author = bare_name_near_date(zone, v)
    for row in body[:3]:
        if story.outlet is None:
            story.outlet = first_match(v.story_outlet[1:], row.text, "outlet")


def publish_line(rows: list[Row], title: int | None, start: int, end: int, v: Vocab) -> str | None:
    """The story's publish time as printed: a short dated line next to the headline (below it first,
    then above, nearest first); else a line with a publish word inside the body (a thread's first
    post, a Q&A answer's "发布于 ..."); else one just after the body. A dated line repeated in a run
    (comment or review timestamps, a dated list) is never it, unless it names itself a publish line
    (a thread's posts); nor is a date far above the headline (the site's today-date)."""
    top = title if title is not None else start
    near = sorted(range(max(0, top - PUBLISH_ABOVE), min(len(rows), start + 3)), key=lambda i: (i < top, abs(i - top)))
    above = range(top - PUBLISH_ABOVE - 1, max(-1, top - PUBLISH_ABOVE_WORDED), -1)
    inside = range(start, end + 1)
    after = range(end + 1, min(len(rows), end + 1 + PUBLISH_AFTER))
    for zone, need_word in ((near, False), (above, True), (inside, True), (after, False)):
        for i in zone:
            if i == title or (zone is inside and rows[i].punct > 1):  # a cited source in the body
                continue
            found = publish_date(rows, i, need_word, v)
            if found:
                return found
    return None


def publish_date(rows: list[Row], i: int, need_word: bool, v: Vocab) -> str | None:
    """The date of row i when it reads as a publish line, else None."""
    row = rows[i]
    if row.units > PUBLISH_MAX_UNITS or row.kind in (COMMENTS, PREVNEXT, REFS) or not DIGIT.search(row.text):
        return None
    low = row.text.lower()
    if v.not_publish.search(low) or is_truncated(row.text):  # about something else; a teaser
        return None
    if i > 0 and rows[i - 1].units <= 8 and v.not_publish.search(rows[i - 1].text.lower()):
        return None  # the value of a table's label cell about another time ('建置时间' / '2017年4月1日')
    worded = v.publish_word.search(low) is not None
    if need_word and not worded:
        return None
    if not worded and ("，" in row.text or "。" in row.text or in_dated_run(rows, i, v)):
        return None  # a caption or a sentence dated by its event; a list or comments with their times
    mentions = [m for m in find_dates(row.text) if m.precision in ("day", "hour", "minute")]
    if not mentions:
        return None
    if not worded and not is_dateline_shape(row.text, mentions):
        return None
    regex = v.published.search(row.text)
    return regex.group(0).strip() if regex else mentions[0].text.strip()


def is_dateline_shape(text: str, mentions: list) -> bool:
    """Mostly a date: little else on the line, a bit more when the line opens with the date
    ("2019年09月11日01:53 新浪科技 我有话说(1307人参与)"). A site address before it does not count."""
    text = URL_IN.sub(" ", re.sub(r"^\S+\.(?:com|cn|net|org)\S*", " ", text, flags=re.IGNORECASE))
    rest = text
    for m in mentions:
        rest = rest.replace(m.text, " ")
    opens = text.strip().startswith(mentions[0].text.strip()) if mentions[0].text.strip() else False
    return units_of(rest) <= (DATELINE_REST_OPENING if opens else DATELINE_REST)


def in_dated_run(rows: list[Row], i: int, v: Vocab) -> bool:
    """Row i is one of several dated lines of its length nearby: comments, reviews or a dated list."""
    units = rows[i].units
    similar = 0
    for j in range(max(0, i - DATED_RUN_REACH), min(len(rows), i + DATED_RUN_REACH + 1)):
        other = rows[j]
        if j != i and abs(other.units - units) <= 0.4 * units + 2 and DATED_OR_TIME.search(other.text):
            similar += 1
            if similar >= 2:
                return True
    return False


def bare_name_near_date(zone: list[Row], v: Vocab) -> str | None:
    """A lone short name line right next to the dateline is the byline (e.g. 'Nick Marsh' / '创始人')."""
    for i, row in enumerate(zone):
        if row.kind in (META, COUNT) and is_dateline(row.text, v):
            for j in (i - 1, i + 1):
                if 0 <= j < len(zone):
                    cand = zone[j]
                    if (
                        cand.kind == TEXT
                        and 2 <= cand.units <= 8
                        and cand.punct == 0
                        and not re.search(r"\d", cand.text)
                    ):
                        return cand.text
    return None


def reference_links(rows: list[Row], after: int) -> list[str]:
    for i in range(after, min(len(rows), after + 3)):
        if rows[i].kind == REFS:
            links = []
            for row in rows[i + 1 :]:
                found = URL_IN.findall(row.text)
                if not found:
                    break
                links.extend(found)
            return links
    return []


def last_reference(rows: list[Row], after: int) -> int:
    for i in range(after, min(len(rows), after + 3)):
        if rows[i].kind == REFS:
            j = i + 1
            while j < len(rows) and URL_IN.search(rows[j].text):
                j += 1
            return j - 1
    return -1


# ---------------------------------------------------------------- sidebar


@dataclass(slots=True)
class Candidate:
    row: Row
    title: str
    text: str = ""
    truncated: bool = False
    section: str | None = None
    run: int = 0  # id of the run of consecutive candidates it belongs to


def split_headline(text: str) -> tuple[str, str] | None:
    """'标题... 摘要...' on one line: split at the first ellipsis followed by a space, else at the first
    long gap, else (a CJK headline followed by a truncated snippet) at the first space."""
    if not GAP_CHARS.search(text):
        return None
    m = ELLIPSIS_GAP.search(text)
    if m and HEADLINE_MIN - 2 <= units_of(text[: m.start()]) <= 40 and m.end() < len(text):
        return text[: m.end()].strip(), text[m.end() :].strip()
    m = LONG_GAP.search(text)
    if m and 4 <= units_of(text[: m.start()]) <= 40 and units_of(text[m.end() :]) >= 10:
        return text[: m.start()].strip(), text[m.end() :].strip()
    m = FIRST_GAP.search(text)
    if m and is_truncated(text):
        head, tail = text[: m.start()], text[m.end() :]
        if 4 <= units_of(head) <= 40 and len(CJK.findall(head)) >= 0.6 * len(head) and units_of(tail) >= 10:
            return head.strip(), tail.strip()
    return None


def strip_ellipsis(text: str) -> tuple[str, bool]:
    m = TRUNCATED_END.search(text)
    if m:
        return text[: m.start()].rstrip(), True
    return text, False


def is_snippet_for(row: Row, cand: Candidate) -> bool:
    return (
        row.kind == TEXT
        and not cand.text
        and row.units >= 12
        and (row.punct >= 1 or is_truncated(row.text))
        and row.units > units_of(cand.title)
        and (row.units <= SNIPPET_MAX or is_truncated(row.text))
        and not vocab().boilerplate.search(row.text.lower())  # last: the costliest test
    )


def collect_candidates(rows: list[Row], covered: set[int]) -> list[Candidate]:
    v = vocab()
    story_end = max(covered) if covered else len(rows)
    out: list[Candidate] = []
    section: str | None = None
    run = 0
    gap = 0  # non-item rows since the last item
    in_comments = in_products = False
    for i, row in enumerate(rows):
        if i in covered:  # the story ends any block, comments and product lists included
            if i - 1 not in covered:
                section, run = None, run + 1
            in_comments = in_products = False
            continue
        # readers' comments are neither story nor items, up to the next header
        if row.kind == COMMENTS or (i > story_end and row.units <= 6 and v.comment_counter.match(row.text)):
            section, run, in_comments = None, run + 1, True
            continue
        # comments run to the next header (their share and login widgets do not end them)
        if in_comments and row.kind != HEADER and not starts_headline_run(rows, i, v):
            continue
        in_comments = False
        if row.kind == PRODUCTS:  # a shop's products are not stories, up to the next header or footer
            section, run, in_products = None, run + 1, True
            continue
        if in_products and row.kind not in (HEADER, BOILER, COMMENTS):
            continue
        in_products = False
        if row.kind == PREVNEXT:
            run += 1
            out.extend(Candidate(row, title, "", False, label, run) for label, title in prev_next_items(row.text))
            run += 1  # the links to the previous and next article are a block of their own
            continue
        if row.kind == HEADER:
            section, run, gap = header_name(row.text), run + 1, 0
            continue
        if row.kind in (BOILER, REFS):
            section, run = None, run + 1
            continue
        if has_inner_hint(row.line.hints, HTML_JUNK_HINTS) or is_post_marker(row, v) or is_comment_footer(row, v):
            continue
        if out and same_link(row, out[-1].row):  # the previous item's own link again: its snippet, date, tag
            if is_snippet_for(row, out[-1]):
                out[-1].text = row.text
            continue
        if out and out[-1].run == run and out[-1].row.idx == rows[i - 1].idx and is_snippet_for(row, out[-1]):
            out[-1].text = row.text
            continue
        if row.kind == NAV and row.units > 20:
            parts = stamped_parts(row.text, v)
            if len(parts) >= STAMPED_RUN:
                out.extend(Candidate(row, strip_ellipsis(p)[0], "", strip_ellipsis(p)[1], section, run) for p in parts)
                gap = 0
                continue
        split = split_headline(row.text) if row.kind == TEXT else None
        if split or is_headline_like(row):
            head, snippet = split if split else (without_rank(rows, i, without_dates(row.text)), "")
            title, truncated = strip_ellipsis(head)
            if units_of(title) >= 4:
                out.append(Candidate(row, title, snippet, truncated, section, run))
                gap = 0
                continue
        gap += 1
        # a long paragraph ends a block, unless it is the teaser of a feed item a few rows up (headline,
        # author, date, teaser) under a header, or a teaser cut short ('…'); else prose beside short lines
        # is no feed
        teaser = section is not None or is_truncated(row.text)  # a cut teaser says feed, even without header
        if row.kind == TEXT and row.units > HEADLINE_MAX and (not teaser or gap > FEED_PERIOD) or gap > 6:
            section, run, gap = None, run + 1, 0
    return out


def same_link(row: Row, previous: Row) -> bool:
    href = row.line.href
    return bool(href) and href == previous.line.href and len(href) > 12 and 0 < row.idx - previous.idx <= 4


def starts_headline_run(rows: list[Row], i: int, v: Vocab) -> bool:
    """Two headlines in a row: a list of stories, where comments (sentences, names, times) end; unless
    a comment's buttons follow (a name and a short comment read as headlines too)."""
    return (
        i + 1 < len(rows)
        and is_link_headline(rows[i])
        and is_link_headline(rows[i + 1])
        and not any(is_comment_footer(rows[j], v) for j in range(i, min(len(rows), i + 4)))
    )


def is_comment_footer(row: Row, v: Vocab) -> bool:
    """A reader's comment's footer: its buttons (回复, 举报, Cevapla), two of them or one beside a time."""
    if row.units > 20 or row.kind != TEXT:
        return False
    actions = len(v.comment_action.findall(row.text.lower()))
    return actions >= 2 or (actions == 1 and bool(has_time(row.text) or v.relative_time.search(row.text)))


def without_rank(rows: list[Row], i: int, text: str) -> str:
    """A headline with its rank number cut: a bullet or 'N.' always, a bare 'N ' only inside a numbered run."""
    bare = BARE_RANK.match(text) if text[:1].isdigit() else None  # most headlines open with no digit: skip
    if bare and is_numbered_run(rows, i, int(bare.group(1))):
        return text[bare.end() :]
    return LEADING_RANK.sub("", text)


def is_numbered_run(rows: list[Row], i: int, number: int) -> bool:
    """Three lines in a row numbered n, n+1, n+2 around line i: a ranked list (two listicles may be neighbours)."""
    numbers = {}
    for j in range(max(0, i - 2), min(len(rows), i + 3)):
        bare = BARE_RANK.match(rows[j].text)
        numbers[j] = int(bare.group(1)) if bare else None
    for first in range(i - 2, i + 1):
        run = [numbers.get(first + k) for k in range(3)]
        if None not in run and run[1] == run[0] + 1 and run[2] == run[1] + 1:
            return True
    return False


def without_dates(text: str) -> str:
    """A headline with its listing date or time removed: '标题 (2004/10/10 17:06)' -> '标题'. Only at
    either end: a date inside a headline is part of it ('查看旧版(2007年11月18号以前)')."""
    return DATED_AT_ENDS.sub(" ", text).strip() or text


def prev_next_items(text: str) -> list[tuple[str, str]]:
    """'上一篇：A 下一篇：B' -> [('上一篇', 'A'), ('下一篇', 'B')]."""
    v = vocab()
    marks = list(v.prev_next.finditer(text))
    out = []
    for k, m in enumerate(marks):
        title = text[m.end() : marks[k + 1].start() if k + 1 < len(marks) else len(text)].strip()
        if units_of(title) >= 2:
            out.append((m.group("label") or m.group("label2") or m.group("label3") or m.group("label4"), title))
    return out


def header_name(text: str) -> str:
    return HEADER_DECORATION.sub("", text)


def keep_candidates(cands: list[Candidate], body_hi: int) -> list[Candidate]:
    """Items under a header are kept; headerless ones only in runs (2 after the body, 3 elsewhere)."""
    sizes: dict[int, int] = {}
    for c in cands:
        sizes[c.run] = sizes.get(c.run, 0) + 1
    kept = []
    for c in cands:
        after_body = body_hi >= 0 and c.row.idx > body_hi
        listed = has_inner_hint(c.row.line.hints, HTML_LIST_HINTS)  # the HTML says: a list of stories
        if c.section is not None or listed or sizes[c.run] >= (2 if after_body else 3):
            kept.append(c)
    return kept


def item_outlet(text: str, v: Vocab) -> str | None:
    return first_match(v.item_outlet, text, "outlet") if text else None


# ---------------------------------------------------------------- entry point


def segment(raw: RawPage) -> list[Item]:
    v = vocab()
    rows = rows_of(raw.lines, v)
    demote_page_title(rows)
    story, covered = find_story(rows, v)
    items: list[Item] = []
    if story is not None:
        first = story.body[0].idx if story.body else (story.title_idx or 0)
        items.append(
            Item(
                id=story_id(raw.sha256),
                kind="story",
                title=story.title,
                text="\n".join(r.text for r in story.body),
                position=story.title_idx if story.title_idx is not None else first,
                source=story.outlet,
                author=story.author,
                published_raw=story.published_raw,
                links=story.links,
            )
        )
    body_hi = max(covered) if covered else -1
    cands = collect_candidates(rows, covered)
    seen = {items[0].id} if items else set()
    for c in keep_candidates(cands, rows[body_hi].idx if body_hi >= 0 else -1):
        if story is not None and c.row is rows[0]:  # the page's <title>: the story's own headline
            continue
        item_id = sidebar_id(c.title, c.text)
        if item_id in seen:
            continue
        seen.add(item_id)
        items.append(
            Item(
                id=item_id,
                kind="sidebar",
                title=c.title,
                text=c.text,
                position=c.row.idx,
                section=c.section,
                truncated=c.truncated,
                source=item_outlet(c.text, v) or item_outlet(c.title, v),
            )
        )
    return items

"""The story's headline: looked for just above the body (or from the page's <title>), and the
windows under each copy of it where its body may start.
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from functools import lru_cache

from triage.segment_rows import (
    ANCHOR_REACH,
    ASCII_NON_WORD,
    DATE_ONLY,
    EMAIL,
    HEADLINE_GAP,
    HEADLINE_MAX,
    HEADLINE_MIN,
    HOME_LINK,
    HTML_LIST_HINTS,
    MAX_ANCHORS,
    NAV,
    NON_WORD,
    NOT_A_TITLE,
    TEXT,
    TITLE_SEPARATOR,
    TITLE_WINDOW,
    Row,
    has_inner_hint,
    has_time,
    is_sentence_stop,
    is_time_ago,
    units_of,
)


def demote_page_title(rows: list[Row]) -> None:
    """The first line of an HTML dump is its <title>: when the page prints it again (its on-page
    headline), the first line is a label, not the start of the body."""
    if len(rows) > 2 and rows[0].score > 0:
        first = row_norm(rows[0])
        if any(shares_title(row_norm(r), first) for r in rows[1 : min(len(rows), 60)] if r.units >= 6):
            rows[0].score = -3.0


def windows_after_headline(rows: list[Row]) -> list[tuple[int, int]]:
    """The densest window starting just below each on-page copy of the page's first line (the
    <title>): the story sits right under its headline, even when a longer block (a news stream,
    comments) elsewhere on the page scores more."""
    if len(rows) < 3:
        return []
    first = row_norm(rows[0])
    anchors = [i for i in range(1, len(rows)) if is_title_like(rows[i]) and shares_title(row_norm(rows[i]), first)]
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


def is_headline_like(row: Row) -> bool:
    """Reads like the headline of a story: a short text line that is no sentence, date, contact or source."""
    keeper = row.first or row  # the page's first row of this text keeps it
    if keeper.headline_like is None:
        keeper.headline_like = headline_shape(row)
    return keeper.headline_like


def headline_shape(row: Row) -> bool:
    if row.kind != TEXT or not (HEADLINE_MIN <= row.units <= HEADLINE_MAX):
        return False
    text = row.text
    if row.punct > 4 or text.endswith(("。", "：", ":", "，", ",", "；", ";")) or is_sentence_stop(text):
        return False
    if "@" in text and EMAIL.search(text):  # contact lines, not headlines
        return False
    if DATE_ONLY.fullmatch(text):  # a date, however garbled, says nothing of a story
        return False
    # 'Yahoo財經·19 小時前': a source and its time, not a headline. (A line without CJK has its units from its
    # words alone, 1.5 each: at HEADLINE_MIN units it has the three words a headline needs.)
    return not is_time_ago(text)


def norm(text: str) -> str:
    """The text's letters and digits, lowercased: what two copies of a headline share whatever their punctuation."""
    if text.isascii():  # NON_WORD's per-character class test is the cost: ASCII text takes bytes.translate
        return text.encode("ascii").translate(None, ASCII_NON_WORD).decode("ascii").lower()
    return NON_WORD.sub("", text).lower()


def row_norm(row: Row) -> str:
    """norm of a row's text, worked out once."""
    keeper = row.first or row  # the page's first row of this text keeps it
    if keeper.normed is None:
        keeper.normed = norm(row.text)
    return keeper.normed


def title_from_page_title(text: str, rows: list[Row] | None = None) -> str:
    """The <title> line without its site suffix: 'Headline_Site-Channel' -> 'Headline'. When only
    one part is printed again as a line of its own, that part is the headline ('雄安新区 - 维基百科，
    自由的百科全书'); else the first part, unless a later one is much longer."""
    parts = title_parts(text) or [text]
    if rows and len(parts) > 1:
        printed = [p for p in parts if units_of(p) >= 2 and is_printed(norm(p), rows)]
        if len(printed) == 1:
            return printed[0]
    return max(parts[:1] + [p for p in parts[1:] if units_of(p) > units_of(parts[0]) * 1.5], key=units_of)


def title_parts(text: str) -> list[str]:
    """The parts of a <title> line: 'Headline_Channel - Site' -> ['Headline', 'Channel', 'Site']."""
    return [p for p in TITLE_SEPARATOR.split(text) if p.strip()]


def normed_title_parts(rows: list[Row]) -> list[str]:
    """The norms of the page's first line's parts (title_parts); none for a page without rows."""
    return [norm(p) for p in title_parts(rows[0].text)] if rows else []


def is_printed(normed: str, rows: list[Row]) -> bool:
    """A line after the first reads normed (a norm): only a line whose lowercase text holds normed's first,
    middle and last characters can, so most lines are passed over without a norm of their own. (norm
    lowercases the same characters as str.lower, one by one, but for the Greek capital sigma, whose small
    form depends on what follows it: a sigma is no probe.)"""
    middle = len(normed) // 2
    candidates = rows[1:]
    for probe in {normed[:1], normed[middle : middle + 1], normed[-1:]} - {"", "σ", "ς"}:
        candidates = [r for r in candidates if probe in r.low]
    return any(row_norm(r) == normed for r in candidates)


def find_title(rows: list[Row], body_start: int) -> tuple[int | None, str]:
    """The headline: an h1 or h2 above the body that the page's first line (the <title> of HTML
    dumps, without its site's part) also holds; else the page's one h1 holding it, wherever it is;
    else an h1 or h2 above the body; else the line above the body that the first line also holds,
    nearest first; else the first line's headline part printed again just below the body's start;
    else the page's one h1 above the body; else the headline-like line just above the body; else the
    first line without its site suffix."""
    lo = max(0, body_start - TITLE_WINDOW)
    candidates = [i for i in range(lo, body_start) if is_title_like(rows[i])]
    whole = row_norm(rows[0]) if rows else ""
    first = headline_of_title(rows)
    blog_post = blog_post_title(rows, body_start)
    if blog_post is not None:
        return blog_post, rows[blog_post].text
    # an h1/h2 that is the <title> printed again beats a nearer h2 (an outlet's name, a dek)
    headings = [i for i in range(max(1, lo), body_start) if (rows[i].line.block or "") in ("h1", "h2")]
    # (a heading read as a menu too: '三星 Galaxy S20 系列手机正式发布' is short words side by side)
    titled = [i for i in headings if rows[i].kind in (TEXT, NAV) and shares_title(row_norm(rows[i]), first)]
    if titled:
        return titled[-1], rows[titled[-1]].text
    sole = sole_h1(rows)
    # the page's one h1 printing the <title>'s headline names the story wherever the body was found
    # (a short post under it, a body window far below a long header)
    if sole is not None and shares_title(row_norm(rows[sole]), first):
        return sole, without_site_part(rows, rows[sole])
    blocks = [i for i in candidates if (rows[i].line.block or "") in ("h1", "h2")]
    if blocks:
        return blocks[-1], rows[blocks[-1]].text
    head = printed_title_head(rows, lo, body_start)
    if head is not None:
        return head, rows[head].text
    exact = [i for i in candidates if i > 0 and row_norm(rows[i]) == whole]
    if exact:  # the whole <title> printed again beats a nearer line holding part of it
        return exact[-1], rows[exact[-1]].text
    for i in reversed(candidates):
        if i > 0 and shares_title(row_norm(rows[i]), first):
            return whole_headline(rows, i, first)
    for i in range(lo - 1, 0, -1):  # further up: the on-page copy of the <title>
        if is_title_like(rows[i]) and shares_title(row_norm(rows[i]), first):
            return i, rows[i].text
    # the <title>'s headline printed again just inside the body's window (under a short post's header)
    parts = normed_title_parts(rows)
    head = parts[0] if parts else ""
    below = range(body_start, min(len(rows), body_start + HEADLINE_GAP))
    copy = next((i for i in below if head and is_title_like(rows[i]) and row_norm(rows[i]) == head), None)
    if copy is not None:
        return copy, rows[copy].text
    # no line holds the <title> (it names only the site, '南生论坛'): the page's one h1 above the body
    if sole is not None and sole < body_start:
        return sole, rows[sole].text
    for i in reversed(candidates):
        if body_start - i > HEADLINE_GAP:
            break
        return whole_headline(rows, i, first)
    if rows and body_start > 0 and rows[0].kind in (TEXT, NAV) and rows[0].units <= 2 * HEADLINE_MAX:
        return 0, title_from_page_title(rows[0].text, rows)
    return None, ""


def blog_post_title(rows: list[Row], body_start: int) -> int | None:
    """A blog's post title: an h1 prints one part of the <title> (the blog's name) and an h3 below it, above the
    body, prints exactly another part ('“It turns out” « the jsomers.net blog')."""
    parts = normed_title_parts(rows)
    if len(parts) < 2:
        return None
    h1 = next((i for i in range(1, body_start) if rows[i].line.block == "h1" and row_norm(rows[i]) in parts), None)
    if h1 is None:
        return None
    h3 = [
        i
        for i in range(h1 + 1, body_start)
        if rows[i].line.block == "h3" and row_norm(rows[i]) in parts and row_norm(rows[i]) != row_norm(rows[h1])
    ]
    return h3[-1] if h3 else None


def wiki_heading(rows: list[Row], body_start: int, status: re.Pattern[str]) -> int | None:
    """A wiki article's heading above the body: the <title>'s first part with the wiki's edit link after it
    ('雄安新区[编辑]' under '雄安新区 - 维基百科，自由的百科全书'), however long the contents list between them;
    the site's tagline printed just above the body shares the <title> too. status: Vocab.title_status."""
    parts = normed_title_parts(rows)
    head = parts[0] if len(parts) > 1 else ""
    if not head:
        return None
    for i in range(1, body_start):
        text = rows[i].text
        if text.endswith(("]", "】")) and status.search(text) and norm(status.sub("", text)) == head:
            return i
    return None


def headline_of_title(rows: list[Row]) -> str:
    """norm of the page's first line (the <title>) without its last part when that part is shorter
    than the first one ('Headline - Site', 'Headline_Channel_Site'): what an on-page copy of the headline
    shares with it, where a line sharing only the site's name (a logo, 'ライブドアニュース') does not.
    A title whose last part is as long or longer ('Site Blog | Headline') is kept whole."""
    if not rows:
        return ""
    parts = title_parts(rows[0].text)
    if len(parts) > 1 and units_of(parts[-1]) < units_of(parts[0]):
        return norm("".join(parts[:-1]))
    return row_norm(rows[0])


def sole_h1(rows: list[Row]) -> int | None:
    """The page's one h1 line, when it reads like a headline and is not a link (a logo in an h1 links
    home) nor in a block listing other stories. None on text dumps, or when the page has several h1
    lines (a site's channel name and the headline, a feed of headlines)."""
    h1s = [i for i in range(1, len(rows)) if rows[i].line.block == "h1"]
    if len(h1s) != 1:
        return None
    row = rows[h1s[0]]
    if not is_title_like(row) or row.line.link_ratio >= 0.5 or has_inner_hint(row.line.hints, HTML_LIST_HINTS):
        return None
    return h1s[0]


def without_site_part(rows: list[Row], row: Row) -> str:
    """A headline line without the site's name glued to its end, when the <title> holds both as parts
    of its own ('<h1>Headline<a href=/>Site</a></h1>' under '<title>Headline » Site'): the headline part."""
    parts = title_parts(rows[0].text) if rows[0].line.block == "title" else []
    if len(parts) > 1:
        head, line = norm(parts[0]), row_norm(row)
        if line.startswith(head) and any(norm(p) == line[len(head) :] for p in parts[1:]):
            return parts[0].strip()
    return row.text


KICKER_SHARE = 0.6  # of an on-page headline, the part its <title> must hold for the rest to be a kicker
KICKER_WORDS = 3  # a kicker's words at most
KICKER_NOT_LAST = frozenset("-–—|_»:：")  # a kicker does not end in a separator: that is a headline cut in two


def fuller_page_title(rows: list[Row], title: str) -> str:
    """The <title>'s headline part when it holds the on-page headline and little more ('Kicker: Headline'
    in <title>, 'Headline' in the h1): the fuller form, as the page names itself; and when the on-page
    headline holds it after a short kicker ('KNOWHOW Headline' in the h1, 'Headline - Site' in <title>):
    the headline alone. HTML dumps only."""
    if not title or not rows or rows[0].line.block != "title":
        return title
    part = title_from_page_title(rows[0].text, rows)
    short, full = norm(title), norm(part)
    if len(full) > len(short) and short in full and len(short) >= 0.8 * len(full):
        return part
    # the on-page headline with a kicker before it ('KNOWHOW', 'Wow, wow, wow!' glued to it by the markup's
    # spans) where the <title> has the headline alone: the headline as the <title> gives it. Not a part of the
    # headline the <title> split off at a dash ('Rezension: Härting - Internetrecht')
    if len(full) < len(short) and short.endswith(full) and len(full) >= KICKER_SHARE * len(short):
        line, tail = title.rstrip(" .。"), part.rstrip(" .。")
        kicker = line[: len(line) - len(tail)].strip() if line.endswith(tail) else ""
        if kicker and len(kicker.split()) <= KICKER_WORDS and kicker[-1] not in KICKER_NOT_LAST:
            return part
    return title


def printed_title_head(rows: list[Row], lo: int, body_start: int) -> int | None:
    """The nearest line above the body that is exactly the first part of a 'Headline_Site' <title>:
    the on-page headline, however short ('投身外交(3)')."""
    if not rows or rows[0].kind not in (TEXT, NAV):
        return None
    parts = title_parts(rows[0].text)
    if len(parts) < 2 or units_of(parts[0]) < 4:
        return None
    head = norm(parts[0])
    return next((i for i in range(body_start - 1, max(0, lo - 1), -1) if row_norm(rows[i]) == head), None)


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
    keeper = row.first or row  # the page's first row of this text keeps it
    if keeper.title_like is None:
        keeper.title_like = title_shape(row)
    return keeper.title_like


def title_shape(row: Row) -> bool:
    if row.kind != TEXT or not (HEADLINE_MIN <= row.units <= 80) or row.punct > 8:
        return False
    text = row.text
    if text.endswith(("。", "：", ":", "，", ",", "；", ";")) or is_sentence_stop(text):
        return False
    if text.endswith("……") and row.punct >= 2:  # a sentence trailing off, not a headline
        return False
    # (a line of HEADLINE_MIN units has the three words a headline without CJK needs: see headline_shape)
    return not (has_time(text) or row.truncated or NOT_A_TITLE.match(text) or text.endswith(HOME_LINK))


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

"""Sidebar items: headline-like lines outside the story, after a block header or in headerless
runs, each split into headline and snippet with its truncation and outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.segment_headline import is_headline_like
from triage.segment_rows import (
    BARE_RANK,
    BOILER,
    CJK,
    CLOCK,
    COMMENT_HINTS,
    COMMENTS,
    DATED_AT_ENDS,
    DIGIT,
    ELLIPSIS_GAP,
    FEED_PERIOD,
    FIRST_GAP,
    HEADER,
    HEADER_DECORATION,
    HEADLINE_MAX,
    HEADLINE_MIN,
    HTML_JUNK_HINTS,
    HTML_LIST_HINTS,
    LEADING_RANK,
    NAV,
    NAV_HINTS,
    PREVNEXT,
    PRODUCTS,
    REFS,
    SNIPPET_MAX,
    STAMPED_RUN,
    TEXT,
    TRUNCATED_END,
    Row,
    has_inner_hint,
    has_time,
    is_truncated,
    stamped_parts,
    units_of,
    words_in,
)
from triage.segment_story import is_link_headline, is_post_marker
from triage.segment_vocab import BOILERPLATE, COMMENT_ACTIONS, Vocab, vocab

TAG_LINE_UNITS = 10  # a channel name and a few tags under an item at most


@dataclass(slots=True)
class Candidate:
    row: Row
    title: str
    text: str = ""
    truncated: bool = False
    section: str | None = None
    run: int = 0  # id of the run of consecutive candidates it belongs to


def is_link(c: Candidate) -> bool:
    """Whether the item's line is (part of) a link: on HTML pages the items of a list of stories are."""
    return c.row.line.link_ratio > 0


def split_headline(text: str) -> tuple[str, str] | None:
    """'标题... 摘要...' on one line (a row's text: rows_of collapsed its whitespace, so it has no long gap
    to split at): split at the first ellipsis followed by a space, else (a CJK headline followed by a
    truncated snippet) at the first space."""
    if "..." not in text and "…" not in text:
        return None
    m = ELLIPSIS_GAP.search(text)
    if m and HEADLINE_MIN - 2 <= units_of(text[: m.start()]) <= 40 and m.end() < len(text):
        return text[: m.end()].strip(), text[m.end() :].strip()
    m = FIRST_GAP.search(text)
    if m and is_truncated(text):
        head, tail = text[: m.start()], text[m.end() :]
        if 4 <= units_of(head) <= 40 and len(CJK.findall(head)) >= 0.6 * len(head) and units_of(tail) >= 10:
            return head.strip(), tail.strip()
    return None


def strip_ellipsis(text: str) -> tuple[str, bool]:
    m = TRUNCATED_END.search(text) if is_truncated(text) else None
    if m:
        return text[: m.start()].rstrip(), True
    return text, False


def is_snippet_for(row: Row, cand: Candidate) -> bool:
    return (
        row.kind == TEXT
        # a link under a line that links nowhere is an item of its own (a block's unknown header above its first item)
        and not (row.line.link_ratio > 0 and not is_link(cand))
        and not cand.text
        and row.units >= 12
        and (row.punct >= 1 or row.truncated)
        and row.units > units_of(cand.title)
        and (row.units <= SNIPPET_MAX or row.truncated)
        and not words_in(row, vocab()) & BOILERPLATE
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
        if is_comment_line(row) or TAG_CLOUD.fullmatch(row.text) or links_to_no_story(row):
            continue
        if (
            out
            and out[-1].row.idx == rows[i - 1].idx
            and row.units <= TAG_LINE_UNITS
            and has_inner_hint(row.line.hints, NAV_HINTS)
        ):
            continue  # the item's channel and tags, linked to their own pages ('新闻 中国电信经纬' under each headline)
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
            if (row.units if title == row.text else units_of(title)) >= 4:
                out.append(Candidate(row, title, snippet, truncated, section, run))
                gap = 0
                continue
        gap += 1
        # a long paragraph ends a block, unless it is the teaser of a feed item a few rows up (headline,
        # author, date, teaser) under a header, or a teaser cut short ('…'); else prose beside short lines
        # is no feed
        teaser = section is not None or row.truncated  # a cut teaser says feed, even without header
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


# a tag cloud printed with each tag's count ('ai 1888 llms 1639 ai-ethics 272'): three tags at least, nothing else
TAG_CLOUD = re.compile(r"(?:[^\W\d][\w.+#-]*\s+\d+\s*){3,}")


def links_to_no_story(row: Row) -> bool:
    """A line that is one link to a place on the same page (a skip link, 直接前往内部导航; the page's own contents
    list), to an address, or to a script that opens no page (a slideshow's or a font size's button): another story
    is another page. A script opening one ("javascript:flash_play('http://...')", old portals' pop-ups) links it."""
    href = (row.line.href or "").lstrip().lower()
    return href.startswith(("#", "mailto:")) or (href.startswith("javascript:") and "http" not in href)


def is_comment_line(row: Row) -> bool:
    """A reader's comment: plain text in the comments block, or its time of day linking to it (a list of other
    stories links them, dated or not). A linked time is a comment's wherever a comments block holds it: blogs mark
    up each comment as an <article> of its own, inside which the block's name is outside the innermost article."""
    if row.line.link_ratio < 0.5:
        return has_inner_hint(row.line.hints, COMMENT_HINTS)
    return not COMMENT_HINTS.isdisjoint(row.line.hints) and CLOCK.search(row.text) is not None


def is_comment_footer(row: Row, v: Vocab) -> bool:
    """A reader's comment's footer: its buttons (回复, 举报, Cevapla), two of them or one beside a time."""
    if row.units > 20 or row.kind != TEXT:
        return False
    if not row.words & COMMENT_ACTIONS:  # no button word at all: the usual line
        return False
    actions = len(v.comment_action.findall(row.low))
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
    if not DIGIT.search(text):  # no date: the usual headline, and the pattern is costly
        return text.strip() or text
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


def keep_candidates(cands: list[Candidate], body_hi: int, links_known: bool = False) -> list[Candidate]:
    """Items under a header are kept; headerless ones only in runs (2 after the body, 3 elsewhere).
    With `links_known` (HTML), a headerless item must also be a link: a list of other stories links
    to them, while short lines that link nowhere are the page's own text (subheads, specifications,
    directions, verse, code, comments and their dates)."""
    sizes: dict[int, int] = {}
    for c in cands:
        sizes[c.run] = sizes.get(c.run, 0) + 1
    kept = []
    for c in cands:
        after_body = body_hi >= 0 and c.row.idx > body_hi
        listed = has_inner_hint(c.row.line.hints, HTML_LIST_HINTS)  # the HTML says: a list of stories
        if c.section is not None or listed:
            kept.append(c)
        elif (not links_known or is_link(c)) and sizes[c.run] >= (2 if after_body else 3):
            kept.append(c)
    return kept


def item_outlet(text: str, v: Vocab) -> str | None:
    """The outlet an item's text states at its start (the first of the outlet patterns that matches)."""
    m = v.item_outlet.match(text) if text else None
    if m is None:
        return None
    return next(found for found in m.groupdict().values() if found is not None).strip()

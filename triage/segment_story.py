"""The main story: its body (the densest run of prose, else a thread of short posts or an HTML post of
short lines), its metadata (author, outlet, publish line) and its references.
"""

from __future__ import annotations

import re
from itertools import takewhile

from triage.dates import find_dates, find_printed_days
from triage.segment_headline import (
    find_title,
    fuller_page_title,
    headline_of_title,
    is_headline_like,
    is_title_like,
    normed_title_parts,
    row_norm,
    shares_title,
    wiki_heading,
    windows_after_headline,
)
from triage.segment_rows import (
    ANCHORED_SHARE,
    BOILER,
    CAPTION_MARKS,
    COMMENT_HINTS,
    COMMENTS,
    COUNT,
    DATED_OR_TIME,
    DATED_RUN_REACH,
    DATELINE_REST,
    DATELINE_REST_OPENING,
    DIGIT,
    EMAIL,
    FEED_PERIOD,
    FEED_RUN,
    FOOTER_GAP,
    FULL_STAMP,
    HEADER,
    HEADING_HINTS,
    HEADLINE_GAP,
    HEADLINE_MAX,
    HTML_CONTENT_HINTS,
    HTML_JUNK_HINTS,
    HTML_LIST_HINTS,
    INLINE_BOX_ROWS,
    INNER_RUN,
    LEADING_RANK,
    LIST_ITEM,
    META,
    MIN_BODY_UNITS,
    MIN_THREAD_UNITS,
    NAV,
    NAV_HINTS,
    PARAGRAPH_UNITS,
    PREVNEXT,
    PRODUCTS,
    PUBLISH_ABOVE,
    PUBLISH_ABOVE_WORDED,
    PUBLISH_AFTER,
    PUBLISH_MAX_UNITS,
    QUOTED_SENTENCE_END,
    REFS,
    SENTENCE_END,
    SUBHEAD_BLOCKS,
    TEXT,
    URL_IN,
    URL_LINE,
    Row,
    Story,
    densest_window,
    ends_in,
    has_inner_hint,
    has_time,
    is_dateline,
    is_sentences,
    span_score,
    units_of,
)
from triage.segment_vocab import POST_WORDS, Vocab


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
    thread = post = None
    if end < 0 or total < MIN_BODY_UNITS:
        thread = short_thread(rows, v)
        post = short_post(rows) if thread is None else None
        if thread is not None:
            start, end = thread
        elif post is not None:
            start, end = post[1], post[2]
        else:
            return None, set()
    else:
        if comments_share(rows, start, end) > 0.5:
            # readers' comments outscore a short article above them: the densest run before them outside comment
            # blocks, when it reads as prose
            before = uncommented_end(rows, start, end) + 1
            above = densest_window(rows[:before], barred=lambda r: has_inner_hint(r.line.hints, COMMENT_HINTS))
            if above[2] >= MIN_BODY_UNITS and is_prose(rows, above[0], above[1]):
                start, end = above[0], above[1]
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
        if rows[i].low.endswith(v.end_markers):
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
        end = before_comments(rows, start, same_container_tail(rows, end))
    # a headline the window swallowed (it has commas, so it scored as text) is not body; a short post's
    # heading is known, and its first line may read like one (a verse)
    headline = headline_of_title(rows)
    while not post and start < end and is_swallowed_headline(rows, start, headline):
        start += 1
    # the headline: a short post's own heading, else a wiki's heading with its edit link (however far above), else
    # find_title's rules
    wiki = None if post else wiki_heading(rows, start, v.title_status)
    if post:
        title_pos, title = post[0], rows[post[0]].text
    elif wiki is not None:
        title_pos, title = wiki, rows[wiki].text
    else:
        title_pos, title = find_title(rows, start)
    title = v.title_status.sub("", title)
    title = fuller_page_title(rows, title)
    if thread is None and not post and title_pos is not None and start < title_pos < end:
        start = below_headline(rows, start, title_pos)
    # under a headline of its own, the HTML's standfirst (a prose h2) or a short lead-in sentence ('具有以下
    # 优点：') right above the first paragraph opens the body
    if title_pos is not None and title_pos < start - 1:
        above = rows[start - 1]
        if is_standfirst(above) or is_lead_in(above, row_norm(rows[0]), v):
            start -= 1
    if thread is None:
        start = same_container_head(rows, start, title_pos)
    story = Story(title=title, title_idx=rows[title_pos].idx if title_pos is not None else None)
    # a thread's post headers and a short post's lines read like a feed's headlines: only a prose body holds link
    # blocks
    in_blocks = set() if thread or post else inner_blocks(rows, start, end) | feed_rows(rows, start, end)
    story.body = [
        r
        for i, r in enumerate(rows[start : end + 1], start)
        if (is_post_text(r, v) if thread else r.kind in (TEXT, URL_LINE))
        and i not in in_blocks
        and not r.noise
        and i != title_pos  # a headline inside the body's window (an h1 under a short post's header) is no body text
    ]
    if story.body and not thread and not post and is_bare_byline(story.body[0], v):
        # a name alone under the dateline that opens the window ('2018年09月16日 15:31 中時' / '謝明俊') is the byline
        i = rows.index(story.body[0], start)
        if i > 0 and rows[i - 1].kind in (META, COUNT) and is_dateline(rows[i - 1].text, v):
            story.body = story.body[1:]
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
    # (an article window's first lines that are no body text, a byline under the dateline, are the header's too; a
    # thread's are its posts' headers)
    first_text = story.body[0].idx if story.body and thread is None and not post else rows[start].idx
    opening = list(takewhile(lambda r: r.idx < first_text, rows[start : end + 1]))
    header_zone = rows[max(0, zone_lo - 3) : start] + opening + [r for r in rows[start : end + 1] if r.kind == META][:3]
    fill_metadata(story, header_zone, rows[start : end + 1], v)
    story.published_raw = publish_line(rows, title_pos, start, end, v)
    story.links = reference_links(rows, end + 1)
    covered = set(range(start, end + 1)) - in_blocks
    if title_pos is not None:  # the headline and what sits under it (byline, date, dek, caption) are the story's
        # (under a wiki's heading: its contents list and tools menu, however long)
        near = start - title_pos <= HEADLINE_GAP or title_pos == wiki
        covered.update(range(title_pos, start) if near else (title_pos,))
    covered.update(range(end + 1, last_reference(rows, end + 1) + 1))
    return story, covered


HARD_BREAKS = (HEADER, BOILER, REFS, PREVNEXT, COMMENTS, PRODUCTS)


def uncommented_end(rows: list[Row], start: int, end: int) -> int:
    """The last row of start..end before the first one in a block the markup calls comments (end when none is;
    start - 1 when start already is)."""
    return next((i - 1 for i in range(start, end + 1) if has_inner_hint(rows[i].line.hints, COMMENT_HINTS)), end)


def comments_share(rows: list[Row], start: int, end: int) -> float:
    """The share of the paragraphs' score in rows start..end that sits in blocks the markup calls comments."""
    scores = [(r.score, has_inner_hint(r.line.hints, COMMENT_HINTS)) for r in rows[start : end + 1] if r.score > 0]
    total = sum(score for score, _ in scores)
    return sum(score for score, commented in scores if commented) / total if total else 0.0


def in_comments(rows: list[Row], start: int, end: int) -> bool:
    """Every paragraph of rows start..end sits in a block the markup calls comments."""
    paragraphs = [r for r in rows[start : end + 1] if r.score > 0]
    return bool(paragraphs) and all(has_inner_hint(r.line.hints, COMMENT_HINTS) for r in paragraphs)


def before_comments(rows: list[Row], start: int, end: int) -> int:
    """On an HTML page, readers' comments under the story: the first line of a block the markup calls comments,
    after the body's last paragraph outside such blocks, ends the body ('31 Responses to ...', 'Kommentare (0)').
    A comment count in the story's header (a link to the comments) is passed over. A page that marks up its text
    as comments anywhere (a forum's or a Q&A site's posts, a review in a 'comment' block) is left as it is."""
    paragraphs = [i for i in range(start, end + 1) if rows[i].score > 0]
    plain = [i for i in paragraphs if COMMENT_HINTS.isdisjoint(rows[i].line.hints)]
    if not plain or len(plain) < len([i for i in paragraphs if i <= plain[-1]]):
        return end
    return uncommented_end(rows, plain[-1] + 1, end)


def prose_above(rows: list[Row], i: int) -> bool:
    """A paragraph within the three rows above row i's headline, inside every container the headline
    is in (in HTML, a headline that opens an article block of its own is no subhead of the text above)."""
    head = set(rows[i - 1].line.hints) - HEADING_HINTS if i > 0 else set()
    return any(rows[k].score > 0 and head <= set(rows[k].line.hints) for k in range(max(0, i - 4), i - 1))


LEAD_IN_ENDS = ("。", "！", "？", "!", "?", ".", "：", ":", "…", "～", "~")  # a sentence's end, or a colon leading on


def is_lead_in(row: Row, first: str, v: Vocab) -> bool:
    """A sentence too short to score as a paragraph, ended as one or leading on: the line that opens a
    body ('PE管件为实用新型专利产品，质优价廉，具有以下优点：'). Not a slogan ('立刻注册新浪免费邮箱，激活1G
    空间'), a caption ('资料图：...', '(L-R) Mike Pompeo, Julian Assange'), a teaser cut short ('...'), a
    dated line, a ranked list's line, nor another copy of the headline (first: the page's <title>)."""
    if row.kind != TEXT or row.noise or row.truncated or row.units < 10 or not row.punct:
        return False
    if not row.text.rstrip().endswith(LEAD_IN_ENDS) or has_time(row.text) or LEADING_RANK.match(row.text):
        return False
    return not v.caption_opening.match(row.low) and not shares_title(row_norm(row), first)


def is_standfirst(row: Row) -> bool:
    return row.line.block == "h2" and row.kind == TEXT and row.score > 0


def below_headline(rows: list[Row], start: int, title_pos: int) -> int:
    """The body's first row when the window opened above the headline it holds (a long headline scores as
    prose): under only menu words and labels above it, the body starts at the first body-like row below it,
    past the header's lines (a dek, the outlet, the date), as under a headline above the window. Under a
    paragraph, the headline's copy is a subhead and the start stays."""
    if any(rows[i].units >= PARAGRAPH_UNITS or rows[i].punct for i in range(start, title_pos)):
        return start
    for i in range(title_pos + 1, min(len(rows), title_pos + 1 + HEADLINE_GAP)):
        if rows[i].score > 0 and rows[i].kind == TEXT:
            return i
    return start


def under_other_headline(rows: list[Row], start: int) -> bool:
    """The window sits under a headline of its own that is not the page's <title>, or under a block
    header (你可能還想看, Related): another article (a recommended story printed in full), so a shorter
    story under the <title>'s copy wins."""
    if any(rows[i].kind == HEADER for i in range(max(1, start - 2), start)):
        return True
    first = row_norm(rows[0]) if rows else ""
    heads = [i for i in range(max(1, start - HEADLINE_GAP), start) if is_title_like(rows[i])]
    return bool(heads) and not any(shares_title(row_norm(rows[i]), first) for i in heads)


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
        if nxt.kind != TEXT or nxt.line.hints != last.hints or nxt.noise:
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
        if above.kind != TEXT or above.line.hints != first.hints or above.noise:
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


def is_swallowed_headline(rows: list[Row], i: int, headline: str) -> bool:
    """Row i, at the top of the body's window, is a headline, not body. headline: headline_of_title(rows)."""
    row = rows[i]
    if is_headline_like(row) and not has_time(row.text) and row.units < 50:
        text = row.text
        return not (ends_in(SENTENCE_END, text, 1) or ends_in(QUOTED_SENTENCE_END, text, 2) or is_sentences(text))
    if i > 0 and row.line.block in ("h1", "h2") and row.kind == TEXT and row_norm(row) == headline:
        return True  # the <title>'s headline printed as a heading: a long headline with a full stop reads like prose
    return i > 0 and is_title_like(row) and shares_title(row_norm(row), row_norm(rows[0]))


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


POST_HEADINGS = frozenset({"h1", "h2", "h3"})
SHORT_POST_LINES = 5  # fewer lines than this under a headline are a teaser or a stub, not a post
# a share box, a link list, a header (the site's, or the next post's): no line of the post
POST_BREAK_HINTS = HTML_JUNK_HINTS | HTML_LIST_HINTS | frozenset({"header"})


def short_post(rows: list[Row]) -> tuple[int, int, int] | None:
    """An HTML post of short lines (a poem, lyrics, an agenda), too little prose for a body window, is still
    the page's story when the markup says so: under a heading that prints the <title>'s headline, the run of
    plain text lines inside the article's content container, up to the first line that is not one (a share
    box, a footer, a link list). Its heading's row, first and last rows; None on text dumps."""
    if not rows or rows[0].line.block != "title":
        return None
    whole = row_norm(rows[0])
    parts = set(normed_title_parts(rows))
    posts = []
    head = 1
    while head < len(rows):
        if not prints_title(rows[head], whole, parts):
            head += 1
            continue
        i = head + 1
        while i < len(rows) and i <= head + HEADLINE_GAP and rows[i].kind in (META, COUNT, NAV):
            i += 1  # the post's date and author (links, often)
        lo = i
        while i < len(rows) and is_post_line(rows[i]) and not prints_title(rows[i], whole, parts):
            i += 1
        if i - lo >= SHORT_POST_LINES and sum(r.units for r in rows[lo:i]) >= MIN_THREAD_UNITS:
            posts.append((head, lo, i - 1))
        head = max(head + 1, i)  # on from the run's end: each row is walked once
    # one post: several are a feed's entries, or the site's name over the post as well
    return posts[0] if len(posts) == 1 else None


def prints_title(row: Row, whole: str, parts: set[str]) -> bool:
    """A heading that prints the <title>'s headline (whole: the title's norm, parts: its parts' norms), not a word
    it shares with the site's name ('CNN TV' under 'CNN.com International - Breaking News')."""
    if row.line.block not in POST_HEADINGS or row.kind != TEXT or row.noise or row.units > HEADLINE_MAX:
        return False
    heading = row_norm(row)
    return bool(heading) and heading in whole and (heading in parts or len(heading) >= 0.5 * len(whole))


def is_post_line(row: Row) -> bool:
    """A plain text line inside an HTML content container: no link, no noise, no header."""
    line = row.line
    return (
        row.kind == TEXT
        and not row.noise
        and line.link_ratio < 0.5
        and not HTML_CONTENT_HINTS.isdisjoint(line.hints)
        and not has_inner_hint(line.hints, POST_BREAK_HINTS)
    )


def comment_stamps(rows: list[Row], post: int) -> list[int]:
    """Under one post, a comment header then bare date-and-time lines: the replies' own post markers."""
    header = next((i for i in range(post + 1, min(len(rows), post + 16)) if rows[i].kind == COMMENTS), None)
    if header is None:
        return []
    return [i for i in range(header + 1, len(rows)) if rows[i].kind == COUNT and FULL_STAMP.match(rows[i].text)]


def is_post_marker(row: Row, v: Vocab) -> bool:
    """A thread post's header or footer: a post word and a (relative) time, e.g. '发表于 6 天前'."""
    keeper = row.first or row  # the page's first row of this text keeps it
    if keeper.post_marker is None:
        keeper.post_marker = post_marker_shape(row, v)
    return keeper.post_marker


def post_marker_shape(row: Row, v: Vocab) -> bool:
    if row.units > 40 or not row.words & POST_WORDS:
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
        and not row.noise
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
    # a part whose every paragraph sits in a block the markup calls comments (readers' comments, a comment form's
    # rules) counts as after a comment header, unless all do (a forum's posts)
    in_blocks = [in_comments(rows, x, y) for x, y, _ in parts]
    if not all(in_blocks):
        parts = [(x, y, c or b) for (x, y, c), b in zip(parts, in_blocks, strict=True)]
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
    if is_prose(rows, parts[nxt][0], uncommented_end(rows, *parts[nxt][:2])):
        return True
    return (
        (span_score(rows, parts[nxt][:2]) > 0 or is_inline_box(rows, parts[k], parts[nxt], parts[nxt + 1 :]))
        and nxt + 1 < len(parts)
        and not parts[nxt + 1][2]
        and parts[nxt + 1][0] - parts[nxt][1] <= FOOTER_GAP
        and is_prose(rows, *parts[nxt + 1][:2])
    )


def is_inline_box(rows: list[Row], before: tuple, box: tuple, after: list[tuple]) -> bool:
    """On an HTML page, a 'Related story' box inside the article: between two break lines, a headline or two and
    no paragraph, in a link list's block inside the article's container, with the text on both sides in that
    container (the same blocks around the last paragraph before it and the first after it)."""
    if not after or box[1] - box[0] + 1 > INLINE_BOX_ROWS or any(r.score > 0 for r in rows[box[0] : box[1] + 1]):
        return False
    body = set(rows[before[1]].line.hints)
    if not body & HTML_CONTENT_HINTS or set(rows[after[0][0]].line.hints) != body:
        return False
    # the box is a block of its own inside the article's container that the markup calls a link list (related,
    # aside...): each of its lines, and the break lines around it
    return all(body < set(r.line.hints) and HTML_LIST_HINTS & set(r.line.hints) for r in rows[box[0] - 1 : box[1] + 2])


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
            story.author = first_match(v.story_author + v.body_byline, row.text, "author")
    if story.author is None:
        story.author = hinted_author(zone, v)
    if story.author is None:
        story.author = bare_name_near_date(zone, v)
    for row in body[:3]:
        if story.outlet is None:
            story.outlet = first_match(v.story_outlet[1:], row.text, "outlet")
        if story.author is None and row.units <= 40:
            story.author = first_match(v.body_byline, row.text, "author")


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


def days_to_the_day(text: str) -> list:
    """The dates text prints to the day or finer (a publish line's; a month alone is no publish date)."""
    return [m for m in find_printed_days(text) if m.precision in ("day", "hour", "minute")]


def publish_date(rows: list[Row], i: int, need_word: bool, v: Vocab) -> str | None:
    """The date of row i when it reads as a publish line, else None."""
    row = rows[i]
    if row.units > PUBLISH_MAX_UNITS or row.kind in (COMMENTS, PREVNEXT, REFS) or not DIGIT.search(row.text):
        return None
    low = row.low
    if v.not_publish.search(low) or row.truncated:  # about something else; a teaser
        return None
    if i > 0 and rows[i - 1].units <= 8 and v.not_publish.search(rows[i - 1].low):
        return None  # the value of a table's label cell about another time ('建置时间' / '2017年4月1日')
    worded = v.publish_word.search(low) is not None or v.publish_opening.match(low) is not None
    if need_word and not worded:
        return None
    if not worded and ("，" in row.text or "。" in row.text or in_dated_run(rows, i, v)):
        return None  # a caption or a sentence dated by its event; a list or comments with their times
    text = row.text
    mentions = days_to_the_day(text)
    if not mentions and v.glued_date.search(text):
        text = v.glued_date.sub(" ", text)
        mentions = days_to_the_day(text)
    if not mentions:
        return None
    if not worded and not is_dateline_shape(text, mentions):
        return None
    regex = v.published.search(text)
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
        if j != i and abs(other.units - units) <= 0.4 * units + 2 and is_dated(other):
            similar += 1
            if similar >= 2:
                return True
    return False


def is_dated(row: Row) -> bool:
    """A date or a clock time in the row (DATED_OR_TIME)."""
    keeper = row.first or row  # the page's first row of this text keeps it
    if keeper.dated is None:
        keeper.dated = DATED_OR_TIME.search(row.text) is not None
    return keeper.dated


AUTHOR_HINTS = frozenset({"author"})
# a section's or tag's name beside the date ('社會'): navigation, a tag list, a breadcrumb, share buttons
NOT_BYLINE_HINTS = NAV_HINTS | frozenset({"tags", "breadcrumb", "share"})
AUTHOR_MAX_UNITS = 12  # a name, an account's name, a name and a role; a longer line is a bio or a headline


def is_label(name: str, v: Vocab) -> bool:
    """A button, a label or a link's words in a name's shape (关注, Penulis, 'Mail an Autor', 'AUTO NEWS')."""
    return name in v.byline_not_names or not v.author_not_words.isdisjoint(name.split())


def hinted_author(zone: list[Row], v: Vocab) -> str | None:
    """On an HTML page, a short line that its markup calls the author's (class="author", itemprop="author") and
    that reads as a name: 'Kirsten Korosec', 'Oliwia Stępień', an account's name (加拿大必读, IT之家), without its
    label ('By ', 'di ', '作者：'); not a date, a button (关注), the label alone (Penulis) or a link's words ('Mail an
    Autor')."""
    for row in zone:
        if row.kind != TEXT or row.units > AUTHOR_MAX_UNITS or not has_inner_hint(row.line.hints, AUTHOR_HINTS):
            continue
        name = v.author_label.sub("", row.text).strip()
        if name and not DIGIT.search(name) and v.author_shape.fullmatch(name) and not is_label(name, v):
            return name
    return None


def bare_name_near_date(zone: list[Row], v: Vocab) -> str | None:
    """A lone short line right next to the dateline that reads as a name is the byline (e.g. 'Nick Marsh' /
    '创始人'); a button (关注) or a section label (Week in review) is not."""
    for i, row in enumerate(zone):
        if row.kind in (META, COUNT) and is_dateline(row.text, v):
            for j in (i - 1, i + 1):
                if 0 <= j < len(zone):
                    if is_bare_byline(zone[j], v):
                        return zone[j].text
    return None


def is_bare_byline(row: Row, v: Vocab) -> bool:
    """A short line that reads as a name and nothing else: no punctuation, not a button or a label."""
    text = row.text.strip()
    return (
        row.kind == TEXT
        and not has_inner_hint(row.line.hints, NOT_BYLINE_HINTS)
        and 2 <= row.units <= 8
        and row.punct == 0
        and v.byline_name.fullmatch(text) is not None
        and not is_label(text, v)
    )


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

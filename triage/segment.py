"""Main story vs sidebar vs boilerplate, from line shapes (text dumps) plus HTML signals when present.

One pass classifies every line (text, short, metadata, header, boilerplate, counter...) and gives it
a score: long punctuated lines count for the body, everything else against it. The story body is
the densest run of lines (the maximum-sum window, linear time); the headline is looked for just
above it, the metadata between the two. Sidebar items are headline-like lines outside the body:
after a block header (热门资讯, Related...) or, when crawl dedup removed the header, in runs (in HTML,
runs of links: lines that link nowhere are the page's own text).
The publish time is the short dated line by the headline (or one naming itself a publish line in a
thread, a Q&A answer, or just after the body), vetted by dates.find_printed_days (a day printed with or
without its year); dated runs (comments, reviews) and event times are not it. A story whose page prints
no publish line takes the time its HTML metadata states (html.published_meta).
Vocabulary lives in triage/data/segment.toml (see segment_vocab.py).

The passes, one module each: segment_rows (lines classified and scored), segment_headline (the
headline and where its body may start), segment_story (body, metadata, references), segment_sidebar
(items in blocks and runs); this module wires them into a page's items.
"""

from __future__ import annotations

from triage.models import Item, RawPage, sidebar_id, story_id
from triage.segment_headline import demote_page_title
from triage.segment_rows import rows_of
from triage.segment_sidebar import collect_candidates, item_outlet, keep_candidates
from triage.segment_story import find_story
from triage.segment_vocab import vocab


def segment(raw: RawPage) -> list[Item]:
    """The page's items: its story first (when it has one), then its sidebar items."""
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
                source=story.outlet or raw.site_name,  # the outlet its text names, else its metadata's site
                author=story.author,
                # the publish line as printed, else the time the page's metadata states
                published_raw=story.published_raw or raw.published_meta,
                links=story.links,
            )
        )
    body_hi = max(covered) if covered else -1
    cands = collect_candidates(rows, covered)
    seen = {items[0].id} if items else set()
    for c in keep_candidates(cands, rows[body_hi].idx if body_hi >= 0 else -1, links_known=raw.is_html):
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

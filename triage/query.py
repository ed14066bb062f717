"""Listing filters -> one SQL query with bound parameters. Pure: no database, no I/O.

Every value a user types travels as a parameter (`?`), never inside the SQL text; the SQL text
itself is assembled only from the fixed fragments below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from triage.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt

# Trigram full-text search cannot match a term shorter than three characters; those use LIKE.
TRIGRAM = 3

# Every field a listing can show: name -> SQL expression over `items AS i`.
FIELDS: dict[str, str] = {
    "id": "i.id",
    "published": "i.published",
    "kind": "i.kind",
    "topic": "i.topic",
    "topics": "(SELECT group_concat(slug, ',') FROM"
    " (SELECT slug FROM item_topics WHERE item_seq = i.seq AND direct ORDER BY rank))",
    "source": "i.source",
    "section": "i.section",
    "author": "i.author",
    "title": "i.title",
    "text": "i.text",
    "truncated": "i.truncated",
    "published_raw": "i.published_raw",
    "keywords": "i.keywords",
    "pages": "(SELECT group_concat(substr(p.sha256, 1, 12), ',') FROM item_pages ip JOIN pages p ON p.id = ip.page_id"
    " WHERE ip.item_seq = i.seq)",
    "files": "(SELECT group_concat(ps.source, ',') FROM item_pages ip JOIN page_sources ps ON ps.page_id = ip.page_id"
    " WHERE ip.item_seq = i.seq)",
}
DEFAULT_FIELDS = ("id", "published", "kind", "topic", "source", "title")
# json/jsonl carry everything a script may want, except the (long) text unless asked for.
JSON_FIELDS = ("id", "published", "kind", "topics", "source", "section", "author", "title", "truncated", "pages")
LIST_FIELDS = frozenset({"topics", "keywords", "pages", "files"})  # comma-joined or JSON lists in SQL


# NamedTuples rather than dataclasses: every command imports this module, and a dataclass costs
# a millisecond or two of start-up each.
class Filters(NamedTuple):
    topics: tuple[str, ...] = ()  # any of these slugs (or a slug below one: ancestors are stored)
    since: str | None = None  # ISO, inclusive
    until: str | None = None  # ISO, inclusive at its precision
    kind: str | None = None
    source: str | None = None  # outlet, or substring of a file path or URL
    query: str | None = None
    page_ids: tuple[int, ...] = ()  # pages.id values, resolved from a user's page prefix

    def any(self) -> bool:
        return bool(self.topics or self.since or self.until or self.kind or self.source or self.query or self.page_ids)


class TopicTree(NamedTuple):
    """The taxonomy as the listing commands need it: slugs, parents, labels (no tagger, no jieba)."""

    parents: dict[str, str | None]
    labels: dict[str, str] | None = None

    def children(self, slug: str | None) -> list[str]:
        return [s for s, p in self.parents.items() if p == slug]

    def walk(self, parent: str | None = None, depth: int = 0) -> Iterator[tuple[str, int]]:
        """(slug, depth) in tree order: each topic followed by its children."""
        for slug in self.children(parent):
            yield slug, depth
            yield from self.walk(slug, depth + 1)


def load_topic_tree(path: str | None = None) -> TopicTree:
    """The taxonomy (built-in plus the user's file) without the tagger: no jieba, no model."""
    try:  # the taxonomy module alone: not the tagger's module, which start-up need not pay for
        from triage.topics_taxonomy import load_taxonomy
    except ImportError:
        from triage import topics

        load_taxonomy = getattr(topics, "load_taxonomy", None)
    if load_taxonomy is None:  # a tagger module without a taxonomy
        return TopicTree({})
    return tree_from_taxonomy(load_taxonomy(path))


def tree_from_taxonomy(taxonomy: Any) -> TopicTree:
    """Adapt triage.topics' Taxonomy (slugs with parent and labels) to the listing's view of it."""
    entries = getattr(taxonomy, "topics", taxonomy)
    if isinstance(entries, dict):
        entries = list(entries.values())
    parents: dict[str, str | None] = {}
    labels: dict[str, str] = {}
    for topic in entries:
        slug = topic.slug
        parents[slug] = getattr(topic, "parent", None) or None
        label = getattr(topic, "label_zh", None) or getattr(topic, "zh", None) or getattr(topic, "label", None)
        if label:
            labels[slug] = str(label)
    return TopicTree(parents, labels)


def check_topics(slugs: list[str], tree: TopicTree) -> tuple[str, ...]:
    """The slugs, each checked against the taxonomy. No expansion to descendants here: items are
    stored with their topics' ancestors, so a parent's slug already finds its children's items."""
    for slug in slugs:
        if slug not in tree.parents:
            raise UsageError(unknown_topic_message(slug, sorted(tree.parents)))
    return tuple(dict.fromkeys(slugs))


def unknown_topic_message(slug: str, known: list[str]) -> str:
    import difflib

    nearest = difflib.get_close_matches(slug, known, n=1, cutoff=0.5)
    hint = f" (did you mean {nearest[0]}?)" if nearest else ""
    return f"unknown topic {slug!r}{hint}; topics: {', '.join(known) or 'none'}"


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2})?)?)?)?)?$")
_RELATIVE = re.compile(r"^(\d+)\s*([hdwmy])$", re.IGNORECASE)
NAMED_DAYS = {"today": 0, "yesterday": 1}  # days before today


def parse_when(value: str, *, today: dt.date | None = None, option: str = "--since") -> str:
    """An ISO date (2024, 2024-05, 2024-05-06, 2024-05-06T12:30), today or yesterday, or a relative
    age (36h, 7d, 2w, 3m, 1y before today) -> an ISO string comparable with stored `published` values."""
    import datetime as dt

    text = value.strip()
    if text.lower() in NAMED_DAYS:
        return ((today or dt.date.today()) - dt.timedelta(days=NAMED_DAYS[text.lower()])).isoformat()
    if _ISO_DATE.match(text):
        iso = text.replace(" ", "T")
        _check_real_date(iso, value, option)
        return iso
    m = _RELATIVE.match(text)
    if not m:
        raise UsageError(
            f"{option} {value!r}: expected a date like 2024-05-06, today, yesterday or an age like 7d, 2w, 3m, 1y"
        )
    n, unit = int(m.group(1)), m.group(2).lower()
    today = today or dt.date.today()
    if unit == "h":
        return (dt.datetime.combine(today, dt.datetime.now().time()) - dt.timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M")
    if unit in "dw":
        return (today - dt.timedelta(days=n * (7 if unit == "w" else 1))).isoformat()
    months = n * (12 if unit == "y" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return _clamped_date(year, month + 1, today.day).isoformat()


def _clamped_date(year: int, month: int, day: int) -> dt.date:
    import datetime as dt

    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1  # 31 March minus one month is the last day of February


def _check_real_date(iso: str, value: str, option: str) -> None:
    import datetime as dt

    padded = (iso + "-01-01"[len(iso) - 4 :]) if len(iso) < 10 else iso
    try:
        dt.datetime.fromisoformat(padded)
    except ValueError:
        raise UsageError(f"{option} {value!r}: not a real date") from None


def until_bound(iso: str) -> str:
    """Inclusive upper bound at the value's precision: '2024-05-06' must keep '2024-05-06T23:59'.
    Every character of an ISO value sorts below '~', so `published <= '2024-05-06~'` does it."""
    return iso + "~"


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def where_clause(f: Filters, published: str = "i.published") -> tuple[list[str], list[object]]:
    """The WHERE conditions of a listing, all but the topics, and their parameters in order."""
    conds: list[str] = []
    params: list[object] = []
    if f.kind:
        conds.append("i.kind = ?")
        params.append(f.kind)
    if f.since:
        conds.append(f"{published} >= ?")
        params.append(f.since)
    if f.until:
        conds.append(f"{published} <= ?")
        params.append(until_bound(f.until))
    if f.page_ids:
        marks = ",".join("?" * len(f.page_ids))
        conds.append(f"i.seq IN (SELECT item_seq FROM item_pages WHERE page_id IN ({marks}))")
        params.extend(f.page_ids)
    if f.source:
        pattern = _like_pattern(f.source)
        # the pages are matched once (a list the planner builds), not once per item
        conds.append(
            "(i.source LIKE ? ESCAPE '\\' OR i.seq IN (SELECT ip.item_seq FROM item_pages ip WHERE ip.page_id IN"
            " (SELECT page_id FROM page_sources WHERE source LIKE ? ESCAPE '\\'"
            " UNION SELECT id FROM pages WHERE url LIKE ? ESCAPE '\\')))"
        )
        params.extend([pattern, pattern, pattern])
    if f.query:
        long_terms = [t for t in f.query.split() if len(t) >= TRIGRAM]
        short_terms = [t for t in f.query.split() if len(t) < TRIGRAM]
        if long_terms:
            conds.append("i.seq IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
            params.append(" AND ".join(_fts_phrase(t) for t in long_terms))
        for term in short_terms:
            conds.append("(i.title LIKE ? ESCAPE '\\' OR i.text LIKE ? ESCAPE '\\')")
            params.extend([_like_pattern(term)] * 2)
    return conds, params


def check_fields(fields: list[str]) -> list[str]:
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise UsageError(f"unknown field {unknown[0]!r}; fields: {', '.join(FIELDS)}")
    return fields


def _topic_walk(f: Filters, slug: str, columns: str, limit: int | None) -> tuple[str, list[object]]:
    """One topic's items in listing order: a backwards walk of that topic's range of the
    (slug, published, item_seq) index, so LIMIT stops it early and nothing is sorted."""
    conds, params = where_clause(f, published="t.published")
    sql = (
        f"SELECT {columns} FROM item_topics AS t JOIN items AS i ON i.seq = t.item_seq"
        f" WHERE {' AND '.join(['t.slug = ?', *conds])} ORDER BY t.published DESC, t.item_seq DESC"
    )
    params.insert(0, slug)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def listing_sql(f: Filters, fields: list[str], limit: int | None) -> tuple[str, list[object]]:
    """Newest first by published date (undated last), then newest ingested first.

    One topic: that topic's index walk. Several (any of): each topic's walk, limited, then merged;
    the first N of the merge are the first N of the whole. No topic: walk items by published."""
    columns = ", ".join(f"{FIELDS[name]} AS {name}" for name in check_fields(fields))
    if len(f.topics) == 1:
        return _topic_walk(f, f.topics[0], columns, limit)
    conds, params = where_clause(f)
    if f.topics:
        arms = [_topic_walk(f, slug, "i.seq AS seq", limit) for slug in f.topics]
        union = " UNION ".join(f"SELECT seq FROM ({sql})" for sql, _ in arms)
        conds.insert(0, f"i.seq IN ({union})")
        params = [p for _, arm_params in arms for p in arm_params] + params
        # the arms already applied every other filter; applying them again is harmless and cheap
    sql = f"SELECT {columns} FROM items AS i"
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    sql += " ORDER BY i.published DESC, i.seq DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params

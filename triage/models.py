"""Typed values passed between the pipeline stages: read -> segment -> tag -> store -> render."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ItemKind = Literal["story", "sidebar"]
Precision = Literal["year", "month", "day", "hour", "minute"]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of page text, with what the HTML knew about it (all defaults for plain text)."""

    text: str
    block: str | None = None  # "h1".."h6", "p", "li", "td", "title", "div"... None for plain text
    link_ratio: float = 0.0  # share of the line's characters inside <a>
    hints: tuple[str, ...] = ()  # class/id words of its ancestors: related, sidebar, footer, nav, comment...
    href: str | None = None  # the link's target when the whole line is one link


@dataclass(frozen=True, slots=True)
class PageText:
    """A page decoded but not yet turned into lines (read.raw_page does that). The reader yields
    these so that the costly HTML -> lines step runs where the page is parsed: in a worker process
    when there are several, not in the one main process."""

    source: str  # the path as given (or URL for crawl records)
    text: str  # decoded, as in the file or record: HTML or plain text
    encoding: str
    url: str | None = None
    crawl_time: str | None = None
    what: str = "file"  # "file" or "record": how an error about it names it
    where: str | None = None  # the name an error about it is reported under, when not the source


@dataclass(slots=True)
class RawPage:
    """A page as read: cleaned line text plus, for HTML, per-line structure signals."""

    source: str  # the path as given (or URL for crawl records)
    text: str  # cleaned text, lines joined by "\n"
    sha256: str  # of the cleaned text: the page's identity
    encoding: str
    lines: list[Line]
    is_html: bool = False
    url: str | None = None
    crawl_time: str | None = None  # ISO datetime from a WARC/JSONL record, the dates' fallback reference
    published_meta: str | None = None  # HTML: the publish time the page's metadata states (html.published_meta)
    site_name: str | None = None  # HTML: the site's name its metadata states (html.site_name_meta)


@dataclass(slots=True)
class DateMention:
    text: str  # the expression as it appears
    value: str  # ISO value cut to its precision: 2024, 2024-05, 2024-05-06, 2024-05-06T12, 2024-05-06T12:30
    precision: Precision
    start: int = 0  # character offsets in the text it was found in
    end: int = 0


@dataclass(slots=True)
class TopicScore:
    slug: str
    score: float
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    id: str
    kind: ItemKind
    title: str
    text: str  # story: body paragraphs joined by "\n"; sidebar: the snippet
    position: int  # index of the item's first line in the page
    section: str | None = None  # sidebar block header, e.g. 热门资讯 (None when the block had none)
    truncated: bool = False
    source: str | None = None  # the outlet (新智元, 金融界...), not the file
    author: str | None = None
    published_raw: str | None = None
    published: str | None = None  # ISO at its precision
    links: list[str] = field(default_factory=list)  # story references (参考资料)
    dates: list[DateMention] = field(default_factory=list)
    topics: list[TopicScore] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    source: str
    encoding: str
    sha256: str
    items: list[Item]
    url: str | None = None
    crawl_time: str | None = None
    page_time: str | None = None  # the page's own latest explicit date: sidebar items' reference time

    @property
    def story(self) -> Item | None:
        return next((i for i in self.items if i.kind == "story"), None)

    def to_dict(self) -> dict[str, Any]:
        """The output contract of `triage parse` (see ../shared/eval/README.md)."""
        out = {
            "source": self.source,
            "encoding": self.encoding,
            "sha256": self.sha256,
            "url": self.url,
            "page_time": self.page_time,
            "items": [item_to_dict(i) for i in self.items],
        }
        return out


def item_to_dict(item: Item) -> dict[str, Any]:
    d = asdict(item)
    for m in d["dates"]:
        m.pop("start", None)
        m.pop("end", None)
    return d


def _digest(*parts: str) -> str:
    """sha256 of the parts, each followed by a 0x1f separator: hashed as one string (one encode, one update)."""
    joined = "\x1f".join((*parts, ""))  # every part followed by the separator
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


ID_LENGTH = 12  # 48 bits: about 0.2% chance of any collision among a million items


def story_id(page_sha256: str) -> str:
    """A story is its page: the same page content gives the same id on any machine."""
    return _digest("story", page_sha256)[:ID_LENGTH]


def sidebar_id(title: str, text: str) -> str:
    """A sidebar item is its own content, so one hot-news item repeated across a site is one item."""
    return _digest("sidebar", " ".join(title.split()), " ".join(text.split()))[:ID_LENGTH]

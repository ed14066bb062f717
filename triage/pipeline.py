"""The data path of one page: read -> segment -> tag (dates, topics). Pure over typed values."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from triage.errors import InputError
from triage.models import Page, PageText, RawPage

if TYPE_CHECKING:
    from triage.topics import Tagger


# ids -> those of them a store already holds (store.StoredItems)
StoredIds = Callable[[list[str]], "frozenset[str] | set[str]"]


def parse_page(raw: RawPage, *, tagger: Tagger | None = None, stored: StoredIds | None = None) -> Page:
    """Segment a read page into items and date them; tag topics when a tagger is given.

    With `stored` (ingest), items the store already holds are left undated and untagged: the store
    keeps its first copy of an item and ignores later ones, so their tags would be thrown away."""
    from triage import dates, segment

    page = Page(
        source=raw.source,
        encoding=raw.encoding,
        sha256=raw.sha256,
        items=segment.segment(raw),
        url=raw.url,
        crawl_time=raw.crawl_time,
    )
    known = stored([item.id for item in page.items]) if stored is not None and page.items else frozenset()
    dates.date_page(page, skip=known)
    if tagger is not None:
        tagger.tag_items([item for item in page.items if item.id not in known] if known else page.items)
    return page


def parse_inputs(paths: Iterable[str], *, tagger: Tagger | None = None) -> Iterator[Page | InputError]:
    """Every page under the given paths, or the error that stopped one; a bad input never ends
    the batch."""
    from triage import read

    for text in read.iter_texts(paths):
        yield text if isinstance(text, InputError) else parse_or_error(text, tagger=tagger)


def parse_or_error(
    raw: RawPage | PageText, *, tagger: Tagger | None = None, stored: StoredIds | None = None
) -> Page | InputError:
    """One page through the pipeline, from its lines or from its decoded text (turned into lines
    first: in a worker process, that costly step is off the one main process); any failure is that
    page's error, never the batch's."""
    name = raw.source if isinstance(raw, RawPage) else raw.where or raw.source
    try:
        if isinstance(raw, PageText):
            from triage.read import raw_page

            raw = raw_page(raw)
        return parse_page(raw, tagger=tagger, stored=stored)
    except InputError as e:
        return e
    except RecursionError:
        return InputError(name, "page structure too deeply nested to parse")
    except Exception as e:  # a bug on one odd page must not stop a crawl of millions
        return InputError(name, f"could not parse: {type(e).__name__}: {e}")

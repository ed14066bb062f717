"""The data path of one page: read -> segment -> tag (dates, topics). Pure over typed values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from triage.errors import InputError
from triage.models import Page, RawPage

if TYPE_CHECKING:
    from triage.topics import Tagger


def parse_page(raw: RawPage, *, tagger: Tagger | None = None) -> Page:
    """Segment a read page into items and date them; tag topics when a tagger is given."""
    from triage import dates, segment

    page = Page(
        source=raw.source,
        encoding=raw.encoding,
        sha256=raw.sha256,
        items=segment.segment(raw),
        url=raw.url,
        crawl_time=raw.crawl_time,
    )
    dates.date_page(page)
    if tagger is not None:
        tagger.tag_items(page.items)
    return page


def parse_inputs(paths: Iterable[str], *, tagger: Tagger | None = None) -> Iterator[Page | InputError]:
    """Every page under the given paths, or the error that stopped one; a bad input never ends
    the batch."""
    from triage import read

    for raw in read.iter_pages(paths):
        if isinstance(raw, InputError):
            yield raw
            continue
        yield parse_or_error(raw, tagger=tagger)


def parse_or_error(raw: RawPage, *, tagger: Tagger | None = None) -> Page | InputError:
    """One page through the pipeline; any failure is that page's error, never the batch's."""
    try:
        return parse_page(raw, tagger=tagger)
    except RecursionError:
        return InputError(raw.source, "page structure too deeply nested to parse")
    except Exception as e:  # a bug on one odd page must not stop a crawl of millions
        return InputError(raw.source, f"could not parse: {type(e).__name__}: {e}")

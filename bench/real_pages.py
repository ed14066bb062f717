"""Distinct real pages for the ingest benchmark (issue 6 part 6), packed into a WET or JSONL file.

    python bench/real_pages.py /tmp/new.wet.gz      # writes the file, prints what is in it
    python bench/real_pages.py /tmp/new.jsonl

Every page is a real web page, each stored once (no copies with a record number added):
  - the 192 text pages of ../shared/corpus/pages (not corpus/html: the same pages as HTML);
  - trafilatura 1.0.0's tests/cache pages (GPLv3+ package, third-party pages; used here only,
    never committed or redistributed), 110 pages, mostly German and English;
  - newspaper4k 0.9.6's tests/data/html pages (MIT), 30 pages, multilingual;
  - htmldate 1.3.2's tests/cache pages (GPLv3+, like trafilatura: same author), 68 pages.
The sdists are fetched with `pip download` by bench_extractors.fetch_sdist (imported, not copied)
into bench/out/public (gitignored) once. Other sdists were looked at and hold no HTML pages:
goose3 3.1.22, readability-lxml 0.9 and 0.8.1, newspaper3k 0.2.8, justext 3.0.2, boilerpy3 1.0.7,
trafilatura 1.2.2 to 2.3.1 (tests/resources only), newspaper4k 0.9.3.1.

Pages that are one page to the store (the same text once read: the same sha256) are kept once;
pages that triage cannot read (an InputError) are left out and counted. HTML pages keep their
bytes (WET: a `resource` record of type text/html, so read's encoding detection runs as on a real
crawl); in JSONL they are the text decoded by triage's reader. The order is by the page's sha256,
a fixed shuffle, so the first half of the file holds about the same mix of kinds as the whole.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_extractors import NEWSPAPER_SDIST, TRAFILATURA_SDIST, fetch_sdist  # noqa: E402
from make_crawl import CRAWL_START, DEFAULT_CORPUS, corpus_pages, write_crawl  # noqa: E402

HTMLDATE_SDIST = ("htmldate", "1.3.2")


@dataclass(frozen=True, slots=True)
class RealPage:
    kind: str  # which set it came from
    name: str
    url: str
    data: bytes  # as it was on disk
    content_type: str  # text/plain (a text dump) or text/html


def corpus_text_pages(corpus: Path = DEFAULT_CORPUS) -> list[RealPage]:
    return [
        RealPage("corpus text", url.rsplit("/", 1)[-1] or url, url, text.encode("utf-8"), "text/plain")
        for text, url in corpus_pages(corpus)
    ]


def html_pages(kind: str, folder: Path, urls: dict[str, str] | None = None) -> list[RealPage]:
    urls = urls or {}
    slug = kind.split()[0]
    return [
        RealPage(
            kind, p.name, urls.get(p.stem) or f"https://{slug}.bench.invalid/{p.name}", p.read_bytes(), "text/html"
        )
        for p in sorted(folder.glob("*.html"))
    ]


def newspaper_urls(data: Path) -> dict[str, str]:
    """The article URLs newspaper4k's test metadata gives (not used to parse, only as the source)."""
    urls = {}
    for meta in (data / "metadata").glob("*.json"):
        url = json.loads(meta.read_text(encoding="utf-8")).get("url")
        if isinstance(url, str) and url.startswith("http"):
            urls[meta.stem] = url
    return urls


def all_sources() -> list[RealPage]:
    trafilatura = fetch_sdist(*TRAFILATURA_SDIST) / "tests" / "cache"
    newspaper = fetch_sdist(*NEWSPAPER_SDIST) / "tests" / "data"
    htmldate = fetch_sdist(*HTMLDATE_SDIST) / "tests" / "cache"
    return [
        *corpus_text_pages(),
        *html_pages(f"trafilatura {TRAFILATURA_SDIST[1]} tests/cache", trafilatura),
        *html_pages(f"newspaper4k {NEWSPAPER_SDIST[1]} tests/data/html", newspaper / "html", newspaper_urls(newspaper)),
        *html_pages(f"htmldate {HTMLDATE_SDIST[1]} tests/cache", htmldate),
    ]


@dataclass(slots=True)
class RealSet:
    records: list[dict]  # make_crawl records: url, date, text, data, content_type, kind
    kinds: Counter[str]  # pages kept per set
    duplicates: Counter[str]  # pages dropped as the same page as one kept before
    unreadable: Counter[str]  # pages triage's reader refuses


def real_pages() -> RealSet:
    """Every distinct readable real page, as make_crawl records in a fixed sha256 order."""
    from triage.errors import InputError
    from triage.read import decode, read_bytes

    kept: dict[str, tuple[RealPage, str]] = {}
    duplicates: Counter[str] = Counter()
    unreadable: Counter[str] = Counter()
    for page in all_sources():
        try:
            digest = read_bytes(page.data, page.name).sha256
        except InputError:
            unreadable[page.kind] += 1
            continue
        if digest in kept:
            duplicates[page.kind] += 1
            continue
        kept[digest] = (page, decode(page.data, page.name)[0])
    records = []
    for n, digest in enumerate(sorted(kept)):
        page, text = kept[digest]
        crawl_time = CRAWL_START + timedelta(seconds=37 * n)
        records.append(
            {
                "url": page.url,
                "date": crawl_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "text": text,
                "data": page.data,
                "content_type": page.content_type,
                "kind": page.kind,
            }
        )
    kinds = Counter(r["kind"] for r in records)
    return RealSet(records, kinds, duplicates, unreadable)


def describe(real: RealSet) -> str:
    parts = [f"{n} {kind}" for kind, n in real.kinds.items()]
    dropped = []
    if real.duplicates:
        dropped.append(
            f"{sum(real.duplicates.values())} duplicates ({', '.join(f'{n} {k}' for k, n in real.duplicates.items())})"
        )
    if real.unreadable:
        dropped.append(
            f"{sum(real.unreadable.values())} unreadable ({', '.join(f'{n} {k}' for k, n in real.unreadable.items())})"
        )
    left_out = f"; left out: {'; '.join(dropped)}" if dropped else ""
    return f"{len(real.records)} distinct real pages: {', '.join(parts)}{left_out}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help=".wet.gz, .warc.gz, .jsonl or .jsonl.gz")
    ap.add_argument("--first", type=int, default=None, help="only the first N pages (in the file's order)")
    args = ap.parse_args()
    real = real_pages()
    count = write_crawl(args.out, iter(real.records[: args.first]))
    print(describe(real), file=sys.stderr)
    print(f"{args.out}: {count} records, {args.out.stat().st_size / 1e6:.1f} MB on disk", file=sys.stderr)


if __name__ == "__main__":
    main()

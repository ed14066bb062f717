"""Generate a big crawl-like input from the real corpus pages: a Common Crawl style WET file
(.wet.gz, WARC conversion records of page text) or a CCNet style JSON-lines corpus (.jsonl[.gz]).

Pages are the real corpus pages repeated; each copy gets its own record number line, URL and
crawl date, so every record has a different sha256 (no page is a duplicate of another).

    python bench/make_crawl.py /tmp/crawl.wet.gz --size 100M
    python bench/make_crawl.py /tmp/crawl.jsonl --pages 3000
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not DEFAULT_CORPUS.exists():
    DEFAULT_CORPUS = Path("/work/shared/corpus")
CRAWL_START = datetime(2024, 8, 1, tzinfo=UTC)


def parse_size(text: str) -> int:
    """'1G', '100M', '512K' or a plain number of bytes."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def corpus_pages(corpus: Path) -> list[tuple[str, str]]:
    """(text, url) of every corpus page, in file order."""
    urls = {}
    sources = corpus / "SOURCES.tsv"
    if sources.exists():
        with open(sources, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                urls[row["file"]] = row.get("url") or ""
    pages = []
    for path in sorted((corpus / "pages").glob("*.txt")):
        url = urls.get(path.name) or f"http://example.invalid/{path.stem}"
        pages.append((path.read_text(encoding="utf-8"), url))
    return pages


def records(pages: list[tuple[str, str]], *, limit_pages: int | None, limit_bytes: int | None) -> Iterator[dict]:
    """Numbered copies of the pages, cycling through the corpus, until a limit is reached."""
    written = 0
    n = 0
    while (limit_pages is None or n < limit_pages) and (limit_bytes is None or written < limit_bytes):
        text, url = pages[n % len(pages)]
        # The record line makes each copy a distinct page (its own sha256) without changing its shape.
        text = f"{text.rstrip()}\n\nrecord {n:08d}\n"
        sep = "&" if "?" in url else "?"
        crawl_time = CRAWL_START + timedelta(seconds=37 * n)
        yield {"url": f"{url}{sep}record={n}", "date": crawl_time.strftime("%Y-%m-%dT%H:%M:%SZ"), "text": text}
        written += len(text.encode("utf-8"))
        n += 1


def write_wet(out: Path, recs: Iterator[dict]) -> int:
    from warcio.warcwriter import WARCWriter

    count = 0
    with open(out, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        info = writer.create_warcinfo_record(out.name, {"software": "triage bench/make_crawl.py"})
        writer.write_record(info)
        for rec in recs:
            # A page's own bytes (HTML in its own encoding) when the record has them, else its text.
            payload = rec["data"] if "data" in rec else rec["text"].encode("utf-8")
            content_type = rec.get("content_type", "text/plain")
            record = writer.create_warc_record(
                rec["url"],
                "conversion" if content_type == "text/plain" else "resource",  # WET: page text; else a document
                payload=io.BytesIO(payload),
                length=len(payload),
                warc_content_type=content_type,
                warc_headers_dict={"WARC-Date": rec["date"]},
            )
            writer.write_record(record)
            count += 1
    return count


def write_jsonl(out: Path, recs: Iterator[dict]) -> int:
    count = 0
    opener = gzip.open if out.name.endswith(".gz") else open
    with opener(out, "wt", encoding="utf-8") as f:
        for rec in recs:
            row = {"url": rec["url"], "date_download": rec["date"], "raw_content": rec["text"]}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def make_crawl(out: Path, *, pages: int | None = None, size: int | None = None, corpus: Path = DEFAULT_CORPUS) -> int:
    """Write the file; returns the number of records."""
    return write_crawl(out, records(corpus_pages(corpus), limit_pages=pages, limit_bytes=size))


def write_crawl(out: Path, recs: Iterator[dict]) -> int:
    """Records into a WET or JSONL file, by the file's name; returns how many."""
    name = out.name.lower()
    if name.endswith((".wet.gz", ".warc.gz", ".wet", ".warc")):
        return write_wet(out, recs)
    if name.endswith((".jsonl", ".jsonl.gz")):
        return write_jsonl(out, recs)
    raise SystemExit(f"make_crawl: {out}: name must end in .wet.gz, .warc.gz, .jsonl or .jsonl.gz")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--pages", type=int, help="number of records")
    group.add_argument("--size", type=parse_size, help="page text to write (before compression): 100M, 1G")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    count = make_crawl(args.out, pages=args.pages, size=args.size, corpus=args.corpus)
    print(f"{args.out}: {count} records, {args.out.stat().st_size / 1e6:.1f} MB on disk", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Reading speed: pages/s and MB/s for triage.read over the corpus text dumps and HTML pages.

    python bench/bench_read.py [--runs 5] [--stream-mb 200]

Each figure is the median of --runs runs (the machine is shared, so single runs are noisy).
With --stream-mb N it also writes an N MB JSON-lines file and an N MB (of text) WET.gz file of
corpus pages to a temporary directory and reads each as a stream, printing the peak resident
memory before and after: reading a crawl file must not grow with its size.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from triage.errors import InputError
from triage.read import iter_pages

CORPUS = Path(os.environ.get("TRIAGE_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.platform()}, {cpu}, {os.cpu_count()} cpus, Python {platform.python_version()}"


def read_all(directory: Path) -> tuple[int, int, float, float]:
    """(pages, errors, wall seconds, CPU seconds) for reading every input under the directory.
    CPU time is printed too: on a shared machine it is the steadier of the two."""
    start, start_cpu = time.perf_counter(), time.process_time()
    pages = errors = 0
    for result in iter_pages([str(directory)]):
        if isinstance(result, InputError):
            errors += 1
        else:
            pages += 1
    return pages, errors, time.perf_counter() - start, time.process_time() - start_cpu


def input_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def bench_directory(directory: Path, runs: int) -> None:
    size = input_bytes(directory)
    timings, cpu_timings = [], []
    pages = errors = 0
    for _ in range(runs):
        pages, errors, seconds, cpu_seconds = read_all(directory)
        timings.append(seconds)
        cpu_timings.append(cpu_seconds)
    median, cpu = statistics.median(timings), statistics.median(cpu_timings)
    print(
        f"{directory.name:>6}: {pages} pages ({errors} errors), {size / 1e6:.1f} MB, median of {runs}: "
        f"wall {median:.3f} s = {pages / median:.0f} pages/s, {size / 1e6 / median:.1f} MB/s; "
        f"CPU {cpu:.3f} s = {pages / cpu:.0f} pages/s, {size / 1e6 / cpu:.1f} MB/s "
        f"(wall runs: {', '.join(f'{t:.3f}' for t in timings)})"
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_stream(megabytes: int) -> None:
    """Read a generated JSONL file and a generated WET.gz file of about `megabytes` MB each."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "pages").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        jsonl, wet = Path(tmp) / "corpus.jsonl", Path(tmp) / "corpus.wet.gz"
        written = write_jsonl(jsonl, texts, megabytes)
        measure_stream("JSONL", jsonl, written)
        jsonl.unlink()
        written = write_wet(wet, texts, megabytes)
        measure_stream("WET.gz", wet, written)


def write_jsonl(path: Path, texts: list[str], megabytes: int) -> int:
    written = records = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < megabytes * 1_000_000:
            line = json.dumps({"url": f"http://example.org/{records}", "raw_content": texts[records % len(texts)]})
            f.write(line + "\n")
            written += len(line.encode()) + 1
            records += 1
    return written


def write_wet(path: Path, texts: list[str], megabytes: int) -> int:
    """A WET file of conversion records; returns the uncompressed payload bytes written."""
    from warcio.warcwriter import WARCWriter

    written = records = 0
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        while written < megabytes * 1_000_000:
            payload = texts[records % len(texts)].encode()
            record = writer.create_warc_record(
                f"http://example.org/{records}",
                "conversion",
                payload=io.BytesIO(payload),
                warc_content_type="text/plain",
                warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"},
            )
            writer.write_record(record)
            written += len(payload)
            records += 1
    return written


def measure_stream(kind: str, path: Path, written: int) -> None:
    before = peak_rss_mb()
    start = time.perf_counter()
    pages = sum(1 for r in iter_pages([str(path)]) if not isinstance(r, InputError))
    seconds = time.perf_counter() - start
    print(
        f"stream {kind}: {pages} records, {written / 1e6:.0f} MB of text ({path.stat().st_size / 1e6:.0f} MB on disk) "
        f"in {seconds:.1f} s = {pages / seconds:.0f} pages/s, {written / 1e6 / seconds:.1f} MB/s; "
        f"peak RSS {before:.0f} MB before reading, {peak_rss_mb():.0f} MB after"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stream-mb", type=int, default=0, help="also stream a generated JSONL file of this size")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    for name in ("pages", "html"):
        bench_directory(CORPUS / name, args.runs)
    if args.stream_mb:
        bench_stream(args.stream_mb)


if __name__ == "__main__":
    main()

"""Segmentation speed (issue 2 part 7): pages/s and MB/s for read + segment over the corpus, on
one core, median of several runs; segment alone is printed too, since read (encoding detection,
HTML parsing) is another stage.

    python bench/bench_segment.py                          # the text corpus, 5 runs
    python bench/bench_segment.py --corpus ../shared/corpus/html --runs 7

Pages are read from disk once before timing to warm the OS cache; every run then reads and
segments every page in one process (one core). The first run also warms the regex cache and the
vocabulary and is not counted.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from triage.read import read_path
from triage.segment import segment

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pages"


def machine() -> str:
    return f"{platform.platform()}, {platform.processor() or platform.machine()}, cpu_count={os.cpu_count()}"


def timed_pass(paths: list[str]) -> tuple[float, float]:
    """Seconds for read + segment of every page, and for segment alone."""
    read_total = seg_total = 0.0
    for path in paths:
        t0 = time.perf_counter()
        raw = read_path(path)
        t1 = time.perf_counter()
        segment(raw)
        t2 = time.perf_counter()
        read_total += t1 - t0
        seg_total += t2 - t1
    return read_total + seg_total, seg_total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    paths = sorted(str(p) for p in a.corpus.iterdir() if p.suffix in (".txt", ".html", ".htm"))
    megabytes = sum(os.path.getsize(p) for p in paths) / 1e6
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    timed_pass(paths)  # warm-up: file cache, regex compilation, vocabulary
    runs = [timed_pass(paths) for _ in range(a.runs)]
    both = statistics.median(r[0] for r in runs)
    seg = statistics.median(r[1] for r in runs)
    print(f"machine: {machine()}, python {platform.python_version()}, pinned to one core")
    print(f"corpus: {a.corpus} ({len(paths)} pages, {megabytes:.2f} MB), median of {a.runs} runs")
    print(
        f"read+segment: {len(paths) / both:.0f} pages/s, {megabytes / both:.2f} MB/s ({1000 * both / len(paths):.2f} ms/page)"
    )
    print(
        f"segment only: {len(paths) / seg:.0f} pages/s, {megabytes / seg:.2f} MB/s ({1000 * seg / len(paths):.2f} ms/page)"
    )


if __name__ == "__main__":
    main()

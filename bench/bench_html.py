"""HTML -> lines CPU per page: triage.html.html_to_lines over the corpus HTML pages (and the HTML
pages under bench/out/public when present), the pages decoded once before timing.

    python bench/bench_html.py [--runs 5]

Prints the median CPU ms/page of --runs runs (CPU time: the machine is shared, wall time is noisy).
To compare with another commit, run it with PYTHONPATH set to a clone of that commit, alternately.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from triage.html import html_to_lines

CORPUS = Path(os.environ.get("TRIAGE_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
PUBLIC = Path(__file__).resolve().parent / "out" / "public"


def html_pages() -> list[str]:
    paths = sorted((CORPUS / "html").glob("*.html")) + sorted(PUBLIC.rglob("*.html"))
    return [path.read_bytes().decode("utf-8", "replace") for path in paths]


def cpu_ms_per_page(pages: list[str]) -> float:
    start = time.process_time()
    for page in pages:
        html_to_lines(page)
    return (time.process_time() - start) * 1000 / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    pages = html_pages()
    cpu_ms_per_page(pages)  # warm-up: loads lxml and the hint vocabulary
    timings = [cpu_ms_per_page(pages) for _ in range(runs)]
    median = statistics.median(timings)
    print(f"html_to_lines: {median:.3f} CPU ms/page over {len(pages)} HTML pages (median of {runs} runs)")


if __name__ == "__main__":
    main()

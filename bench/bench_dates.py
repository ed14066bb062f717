"""Speed of triage.dates: finding and resolving the dates of a 10 KB article, dating whole corpus pages,
and importing the module.

    python bench/bench_dates.py [--runs 50] [--page-runs 5]

A/B against another checkout: PYTHONPATH=/tmp/start python bench/bench_dates.py (this script, that triage).

Prints medians. The articles are real page text: the sample page (Chinese) and, when the shared
corpus is there, English and Chinese corpus pages, each cut to 10 KB of UTF-8. A baseline (one
plain regex pass over the same text) is timed in the same run, so the ratio is comparable across
noisy machines; the CPU time (thread_time) is not inflated by waiting for a core on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_b52fec7cb67c6a22.txt"
CORPUS = Path("/work/shared/corpus/pages")
SIZE = 10_000  # bytes of UTF-8


def article(paths: list[Path]) -> str:
    """Real page text, repeated if needed and cut to SIZE bytes on a character boundary."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths if p.exists())
    while len(text.encode("utf-8")) < SIZE:
        text += "\n" + text
    return text.encode("utf-8")[:SIZE].decode("utf-8", errors="ignore")


def median_ms(fn, runs: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times) * 1000


def corpus_pages() -> list:
    """Every corpus page (text and HTML) read and segmented once, ready to be dated."""
    from triage import read, segment
    from triage.models import Page

    paths = sorted(CORPUS.glob("*.txt")) + sorted((CORPUS.parent / "html").glob("*.html"))
    pages = []
    for path in paths:
        raw = read.read_path(str(path))
        items = segment.segment(raw)
        pages.append(Page(raw.source, raw.encoding, raw.sha256, items, url=raw.url, crawl_time=raw.crawl_time))
    return pages


def date_page_ms(pages: list, runs: int) -> float:
    """CPU ms per page of dates.date_page over fresh copies of the pages, its memos emptied before each run
    (a cold start: within the run a site's repeated sidebar is still remembered, as in an ingest)."""
    import copy

    from triage import dates

    times = []
    for _ in range(runs):
        fresh = copy.deepcopy(pages)
        for memo in ("_text_days", "_scan"):
            if hasattr(dates, memo):
                getattr(dates, memo).cache_clear()
        if hasattr(dates, "_last_long"):  # the shared scan of older versions, for an A/B
            dates._last_long.clear()
        start = time.thread_time()
        for page in fresh:
            dates.date_page(page)
        times.append(time.thread_time() - start)
    return statistics.median(times) * 1000 / len(pages)


def import_ms(runs: int, bytecode: bool) -> tuple[float, float, float]:
    """Import time of triage.dates in a fresh interpreter (python -X importtime), medians of: cumulative,
    the module's own, and the `triage` package it sits in (triage/__init__.py and what that imports).
    With bytecode, compiled modules are cached in __pycache__ (git-ignored) as in any installed package,
    warmed first; without, every run compiles triage's sources (PYTHONDONTWRITEBYTECODE=1, as in this
    sandbox's environment)."""
    env = dict(os.environ)
    env.pop("PYTHONPYCACHEPREFIX", None)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    cmd = [sys.executable, "-X", "importtime", "-c", "import triage.dates"]
    subprocess.run(cmd, capture_output=True, env=env, check=True)  # warm the cache and the disk
    times = []
    for _ in range(runs):
        err = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stderr
        rows = {x.split("|")[2].strip(): x.split("|") for x in err.splitlines() if x.count("|") == 2}
        dates, package = rows["triage.dates"], rows["triage"]
        times.append((int(dates[1]) / 1000, int(dates[0].split(":")[1]) / 1000, int(package[1]) / 1000))
    return tuple(statistics.median(t[i] for t in times) for i in range(3))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--import-runs", type=int, default=9)
    ap.add_argument("--page-runs", type=int, default=5)
    args = ap.parse_args()

    start = time.perf_counter()
    from triage.dates import find_dates

    find_dates("2024年5月6日")  # the grammar is compiled on first use
    first_use = (time.perf_counter() - start) * 1000

    base = datetime(2025, 6, 7, 12)
    articles = {
        "seed (zh)": article([SEED]),
        "corpus zh 005+101+138": article([CORPUS / f"{n}.txt" for n in ("005", "101", "138")]),
        "corpus en 188+172": article([CORPUS / f"{n}.txt" for n in ("188", "172")]),
    }
    baseline = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
    print(f"first use (import + compile grammar): {first_use:.1f} ms")
    for name, text in articles.items():
        if not text:
            continue
        found = len(find_dates(text, base))
        ms = median_ms(lambda t=text: find_dates(t, base), args.runs)
        cpu = median_ms(lambda t=text: find_dates(t, base), args.runs, time.thread_time)
        base_ms = median_ms(lambda t=text: baseline.findall(t), args.runs)
        print(
            f"{name}: {len(text.encode('utf-8'))} bytes, {found} dates, median {ms:.2f} ms wall, {cpu:.2f} ms CPU"
            f" (target <= 3 ms; {ms / base_ms:.0f}x one plain regex pass of {base_ms * 1000:.0f} us)"
        )
    if CORPUS.exists() and args.page_runs:
        pages = corpus_pages()
        per_page = date_page_ms(pages, args.page_runs)
        one_pass = median_ms(
            lambda: [baseline.findall(i.text) for p in pages for i in p.items], args.page_runs, time.thread_time
        )
        print(
            f"date_page over {len(pages)} corpus pages: median {per_page:.2f} ms CPU per page"
            f" ({per_page * len(pages) / one_pass:.0f}x one plain regex pass over their items)"
        )
    cached = import_ms(args.import_runs, True)
    compiling = import_ms(args.import_runs, False)
    print(
        f"import triage.dates: median {cached[0]:.1f} ms cumulative with bytecode cached (target <= 30 ms):"
        f" {cached[1]:.1f} ms its own, {cached[2]:.1f} ms the triage package before it;"
    )
    print(f"  {compiling[0]:.1f} ms cumulative when every module is compiled from source (no bytecode cache)")


if __name__ == "__main__":
    main()

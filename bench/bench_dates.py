"""Speed of triage.dates: finding and resolving the dates of a 10 KB article, dating whole corpus pages,
and importing the module.

    python bench/bench_dates.py [--runs 50] [--page-runs 5]
    python bench/bench_dates.py --baseline /tmp/start        # A/B: that checkout's dates.py, same runs

Instructions, which the load of a shared machine does not move: --callgrind-pass, under callgrind started with
collection off, counts one date_page pass over the corpus pages (read and segmented first, memos emptied, the
grammar built); run it for the working tree and for a clone of the baseline (PYTHONPATH=clone) side by side:

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/dev/null \
        python bench/bench_dates.py --callgrind-pass      # prints "Collected : N"

With --baseline (a checkout holding triage/dates.py, or the file itself) that dates.py (with its own
data/dates.toml) is loaded beside this one and dates the same pages, its runs interleaved with this
one's: the ratio is what the change did, on a machine others share. Everything else (reading,
segmenting) is this checkout's, so only the dates module differs. The cost of building the grammar
(first use in a process: import, patterns read and compiled) is measured in fresh processes.

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
CORPUS = Path(os.environ.get("TRIAGE_SHARED", ROOT.parent / "shared")) / "corpus" / "pages"
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


def date_page_once(pages: list, dates) -> float:
    """CPU seconds of dates.date_page over fresh copies of the pages, its memos emptied first (a cold
    start: within the run a site's repeated sidebar is still remembered, as in an ingest)."""
    import copy

    fresh = copy.deepcopy(pages)
    for memo in ("_text_days", "_scan"):
        if hasattr(dates, memo):
            getattr(dates, memo).cache_clear()
    if hasattr(dates, "_last_long"):  # the shared scan of older versions, for an A/B
        dates._last_long.clear()
    start = time.thread_time()
    for page in fresh:
        dates.date_page(page)
    return time.thread_time() - start


def date_page_ms(pages: list, runs: int, modules: dict) -> dict[str, float]:
    """Median CPU ms per page of each module's date_page, the modules' runs interleaved."""
    times: dict[str, list[float]] = {name: [] for name in modules}
    for _ in range(runs):
        for name, dates in modules.items():
            times[name].append(date_page_once(pages, dates))
    return {name: statistics.median(t) * 1000 / len(pages) for name, t in times.items()}


def load_dates(path: Path):
    """A dates.py loaded as its own module (reading the data file beside it), to time beside triage.dates."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("baseline_dates", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.find_dates("2024年5月6日")  # the grammar is compiled on first use
    return module


def grammar_ms(path: Path, runs: int) -> tuple[float, float]:
    """Medians over fresh processes of the CPU ms to import a dates.py and build its grammar (the first
    use of find_dates in a process: what every process pays once, or a parent before forking), and of
    its import alone."""
    code = (
        "import importlib.util, sys, time\n"
        "start = time.process_time()\n"
        f"spec = importlib.util.spec_from_file_location('d', {str(path)!r})\n"
        "d = importlib.util.module_from_spec(spec); spec.loader.exec_module(d)\n"
        "imported = time.process_time()\n"
        "d.find_dates('2024年5月6日')\n"
        "print(time.process_time() - start, imported - start)\n"
    )
    times = []
    for _ in range(runs):  # triage.models (which a dates.py imports) is loaded first: the same in both
        out = subprocess.run([sys.executable, "-c", "import triage.models\n" + code], capture_output=True, text=True)
        times.append(tuple(float(x) for x in out.stdout.split()))
    return statistics.median(t[0] for t in times) * 1000, statistics.median(t[1] for t in times) * 1000


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


def callgrind_pass() -> None:
    """One date_page pass over the corpus pages with callgrind's collection on (callgrind_control)."""
    from triage import dates

    def collect(state: str) -> None:
        subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], check=True, capture_output=True)

    pages = corpus_pages()
    dates.find_dates("2024年5月6日")  # the grammar is built on first use
    for memo in ("_text_days", "_scan"):
        getattr(dates, memo).cache_clear()
    collect("on")
    for page in pages:
        dates.date_page(page)
    collect("off")
    print(f"one date_page pass over {len(pages)} pages collected")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--import-runs", type=int, default=9)
    ap.add_argument("--page-runs", type=int, default=5)
    ap.add_argument("--grammar-runs", type=int, default=7)
    ap.add_argument("--baseline", type=Path, help="a checkout (or its triage/dates.py) to time beside this one")
    ap.add_argument("--callgrind-pass", action="store_true", help="under callgrind: collect one date_page pass only")
    args = ap.parse_args()
    if args.callgrind_pass:
        callgrind_pass()
        return
    baseline = None
    if args.baseline:
        baseline = args.baseline / "triage" / "dates.py" if args.baseline.is_dir() else args.baseline

    start = time.perf_counter()
    from triage.dates import find_dates

    find_dates("2024年5月6日")  # the grammar is compiled on first use
    first_use = (time.perf_counter() - start) * 1000

    from triage import dates

    modules = {"current": dates} | ({"baseline": load_dates(baseline)} if baseline else {})
    base = datetime(2025, 6, 7, 12)
    articles = {
        "seed (zh)": article([SEED]),
        "corpus zh 005+101+138": article([CORPUS / f"{n}.txt" for n in ("005", "101", "138")]),
        "corpus en 188+172": article([CORPUS / f"{n}.txt" for n in ("188", "172")]),
    }
    plain = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
    print(f"first use (import + compile grammar): {first_use:.1f} ms")
    for name, text in articles.items():
        if not text:
            continue
        for label, module in modules.items():
            found = len(module.find_dates(text, base))
            ms = median_ms(lambda t=text, m=module: m.find_dates(t, base), args.runs)
            cpu = median_ms(lambda t=text, m=module: m.find_dates(t, base), args.runs, time.thread_time)
            base_ms = median_ms(lambda t=text: plain.findall(t), args.runs)
            print(
                f"{name} [{label}]: {len(text.encode('utf-8'))} bytes, {found} dates, median {ms:.2f} ms wall,"
                f" {cpu:.2f} ms CPU (target <= 3 ms; {ms / base_ms:.0f}x one plain regex pass of"
                f" {base_ms * 1000:.0f} us)"
            )
    if CORPUS.exists() and args.page_runs:
        pages = corpus_pages()
        per_page = date_page_ms(pages, args.page_runs, modules)
        one_pass = median_ms(
            lambda: [plain.findall(i.text) for p in pages for i in p.items], args.page_runs, time.thread_time
        )
        for label, ms in per_page.items():
            print(
                f"date_page over {len(pages)} corpus pages [{label}]: median {ms:.3f} ms CPU per page"
                f" ({ms * len(pages) / one_pass:.0f}x one plain regex pass over their items)"
            )
        if baseline:
            print(f"  current / baseline CPU per page: {per_page['current'] / per_page['baseline']:.2f}")
    if args.grammar_runs:
        paths = {"current": Path(dates.__file__)} | ({"baseline": baseline} if baseline else {})
        for label, path in paths.items():
            first, imported = grammar_ms(path, args.grammar_runs)
            print(
                f"first use of find_dates in a process [{label}]: median {first:.1f} ms CPU"
                f" ({imported:.1f} ms the import, the rest building the grammar)"
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

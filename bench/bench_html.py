"""HTML -> lines CPU per page: triage.html.html_to_lines over the corpus HTML pages (and the HTML
pages under bench/out/public when present), the pages decoded once before timing.

    python bench/bench_html.py [--runs 5] [--against REV] [--read]

Prints the median CPU ms/page of --runs runs (CPU time: the machine is shared, wall time is noisy).
With --read it times the whole reading of a decoded page instead (triage.read.page_from_text: the
checks on the text, HTML -> lines, the page's hash), as the ingest's workers do.
With --against REV it also loads triage/html.py as it was at git revision REV (a module of its own,
beside today's) and times the two alternately in the same process, run for run, then prints the
ratio of the medians and whether the two gave the same lines on every page.

Instructions, which the load of a shared machine does not move: --callgrind-pass under callgrind started
with collection off counts one html_to_lines pass over the pages (given their UTF-8 bytes, as the reader
does) after a warm-up, its memos of class and id words emptied first (an ingest meets new sites' words);
run it for the working tree and for a clone of the baseline (PYTHONPATH=clone) side by side:

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/dev/null \
        python bench/bench_html.py --callgrind-pass      # prints "Collected : N"
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from triage.errors import InputError
from triage.html import html_to_lines
from triage.read import page_from_text

CORPUS = Path(os.environ.get("TRIAGE_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
PUBLIC = Path(__file__).resolve().parent / "out" / "public"
REPOSITORY = Path(__file__).resolve().parents[1]


def html_pages() -> list[str]:
    paths = sorted((CORPUS / "html").glob("*.html")) + sorted(PUBLIC.rglob("*.html"))
    return [path.read_bytes().decode("utf-8", "replace") for path in paths]


def cpu_ms_per_page(to_lines: Callable, pages: list[str]) -> float:
    start = time.process_time()
    for page in pages:
        to_lines(page)
    return (time.process_time() - start) * 1000 / len(pages)


def read_page(text: str) -> None:
    try:
        page_from_text(text, "page.html", "utf-8")
    except InputError:
        pass  # two of the public test pages have no visible text


def html_to_lines_at(revision: str) -> Callable:
    """html_to_lines of triage/html.py at a git revision, imported as a module of its own."""
    source = subprocess.run(
        ["git", "-C", str(REPOSITORY), "show", f"{revision}:triage/html.py"], capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "html_at_revision.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("html_at_revision", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module.html_to_lines


def callgrind_pass(pages: list[str]) -> None:
    """One html_to_lines pass over the pages with callgrind's collection on (callgrind_control)."""
    from triage import html

    def collect(state: str) -> None:
        subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], check=True, capture_output=True)

    encoded = [page.encode("utf-8", "surrogatepass") for page in pages]
    for page, utf8 in zip(pages, encoded, strict=True):  # warm-up: lxml, the hint vocabulary, the patterns
        html_to_lines(page, utf8)
    for memo in ("_own_hints", "_name_hints", "_token_hint", "_merged_hints", "role_hints"):
        if hasattr(html, memo):
            getattr(html, memo).cache_clear()
    collect("on")
    for page, utf8 in zip(pages, encoded, strict=True):
        html_to_lines(page, utf8)
    collect("off")
    print(f"one html_to_lines pass over {len(pages)} pages collected")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", metavar="REV", help="also time triage/html.py at this git revision, alternately")
    parser.add_argument("--read", action="store_true", help="time read.page_from_text, not html_to_lines")
    parser.add_argument("--callgrind-pass", action="store_true", help="under callgrind: collect one pass only")
    args = parser.parse_args()
    if args.callgrind_pass:
        callgrind_pass(html_pages())
        return
    if args.read and args.against:
        parser.error("--against compares html.py alone; compare --read runs with PYTHONPATH set to a clone")
    pages = html_pages()
    versions = {"today": read_page if args.read else html_to_lines}
    if args.against:
        versions[args.against] = html_to_lines_at(args.against)
    timings: dict[str, list[float]] = {name: [] for name in versions}
    for to_lines in versions.values():
        cpu_ms_per_page(to_lines, pages)  # warm-up: loads lxml and the hint vocabulary
    for _ in range(args.runs):
        for name, to_lines in versions.items():
            timings[name].append(cpu_ms_per_page(to_lines, pages))
    measured = "page_from_text" if args.read else "html_to_lines"
    for name, runs in timings.items():
        print(
            f"{measured} ({name}): {statistics.median(runs):.3f} CPU ms/page over {len(pages)} HTML pages "
            f"(median of {args.runs} runs: {', '.join(f'{t:.2f}' for t in runs)})"
        )
    if args.against:
        today, before = statistics.median(timings["today"]), statistics.median(timings[args.against])
        same = all(html_to_lines(page) == versions[args.against](page) for page in pages)
        print(f"today / {args.against}: {today / before:.3f}; the same lines on every page: {same}")


if __name__ == "__main__":
    main()

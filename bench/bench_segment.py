"""Segmentation speed (issue 2 part 7): pages/s and MB/s for read + segment over the corpus, on
one core, median of several runs; segment alone is printed too, since read (encoding detection,
HTML parsing) is another stage.

    python bench/bench_segment.py                          # the text corpus, 5 runs
    python bench/bench_segment.py --corpus ../shared/corpus/html --runs 7
    python bench/bench_segment.py --against 39c7303        # also segment() of that git revision, same run
    python bench/bench_segment.py --crawl /tmp/new.wet.gz --against bbda498 --runs 7   # the issue 6 page set
    python bench/bench_segment.py --crawl /tmp/new.wet.gz --against d1a02ce --processes 9 --gc-thresholds 20000,20,50

With --crawl (a WARC/WET or JSON-lines file, e.g. the 392 distinct real pages that bench/real_pages.py
writes, the input of bench_ingest), its pages are read into memory once (and frozen out of the collector's
sight: a worker holds one page) and only segment() is timed: reading a crawl file is another stage (and the
main process's). Each run forgets segment's memos before and after it, so that with --against neither
revision runs beside the other's remembered objects.

Instructions, which the load of a shared machine does not move: --callgrind-pass under callgrind started
with collection off counts one segment() pass over the crawl's pages alone (not the reading, imports and
warm-up); run it for the working tree and for a clone of the baseline (PYTHONPATH=clone) side by side:

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/dev/null \
        python bench/bench_segment.py --crawl /tmp/new.wet.gz --callgrind-pass      # prints "Collected : N"

Every run starts with segment's memos emptied (forget_memos; forget_shapes at older revisions): it times
pages new to it, as an ingest of new pages meets them. --gc-thresholds sets the collector's thresholds
first (an ingest's workers run with parallel.PARSE_GC_THRESHOLDS).

Pages are read from disk once before timing to warm the OS cache; every run then reads and
segments every page in one process pinned to one core. The first pass also warms the regex
cache and the vocabulary and is not counted. Wall-clock figures suffer when others load the
machine; the process CPU-time figures (time.process_time) show what one core delivers.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from triage import segment_rows
from triage.errors import InputError
from triage.read import iter_pages, read_path
from triage.segment import segment

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pages"


def no_memo() -> None:
    """The forget_memos of a revision that remembers nothing across pages."""


# forget_shapes at older revisions (a --processes child may run one)
forget_memos = getattr(segment_rows, "forget_memos", None) or getattr(segment_rows, "forget_shapes", no_memo)


def segment_at(revision: str):
    """segment() as it was at a git revision (its triage/segment*.py modules and segment.toml), to time
    against the working tree in the same process and under the same load; and its forget_memos."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout

    files = [
        f
        for f in git("ls-tree", "--name-only", revision, "triage/").split()
        if re.fullmatch(r"triage/segment\w*\.py", f)
    ]
    modules = [Path(f).stem for f in files]  # segment, segment_vocab, and the parts segment.py was split into
    rename = re.compile(rf"\bfrom triage\.({'|'.join(modules)}) import")
    folder = Path(tempfile.mkdtemp(prefix="bench_segment_"))
    for f, name in zip(files, modules, strict=True):
        (folder / f"baseline_{name}.py").write_text(
            rename.sub(r"from baseline_\1 import", git("show", f"{revision}:{f}"))
        )
    sys.path.insert(0, str(folder))
    vocab_module = importlib.import_module("baseline_segment_vocab")
    compiled = vocab_module.compile_vocab(tomllib.loads(git("show", f"{revision}:triage/data/segment.toml")))
    vocab_module.vocab = lambda: compiled  # the revision's vocabulary, not the working tree's data file
    rows_module = importlib.import_module("baseline_segment_rows")
    forget = getattr(rows_module, "forget_memos", None) or getattr(rows_module, "forget_shapes", no_memo)
    return importlib.import_module("baseline_segment").segment, forget


def machine() -> str:
    return f"{platform.platform()}, {platform.processor() or platform.machine()}, cpu_count={os.cpu_count()}"


def timed_pass(paths: list[str], clock=time.perf_counter, segment=segment, forget=forget_memos) -> tuple[float, float]:
    """Seconds for read + segment of every page, and for segment alone."""
    forget()  # a run times lines new to it, not what it remembered from the warm-up or the run before
    read_total = seg_total = 0.0
    for path in paths:
        t0 = clock()
        raw = read_path(path)
        t1 = clock()
        segment(raw)
        t2 = clock()
        read_total += t1 - t0
        seg_total += t2 - t1
    return read_total + seg_total, seg_total


def timed_segment(raws: list, clock=time.process_time, segment=segment, forget=forget_memos) -> tuple[float, float]:
    """Seconds for segment of every page read beforehand (twice: timed_pass's shape, read + segment)."""
    forget()  # a run times lines new to it, not what it remembered from the warm-up or the run before
    t0 = clock()
    for raw in raws:
        segment(raw)
    secs = clock() - t0
    forget()  # nor does the next run (the other revision's, with --against) live beside this one's memos
    return secs, secs


def report(label: str, runs: list[tuple[float, float]], pages: int, megabytes: float, with_read: bool = True) -> None:
    both = statistics.median(r[0] for r in runs)
    seg = statistics.median(r[1] for r in runs)
    for stage, secs in (("read+segment", both), ("segment only", seg))[0 if with_read else 1 :]:
        print(
            f"{label} {stage}: {pages / secs:.0f} pages/s, {megabytes / secs:.2f} MB/s,"
            f" {1000 * secs / pages:.2f} ms/page"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--crawl", type=Path, help="time segment() alone over the pages of this crawl file")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--against", metavar="REV", help="also time segment() of this git revision, interleaved")
    ap.add_argument(
        "--callgrind-pass", action="store_true", help="with --crawl, under callgrind: collect one segment() pass only"
    )
    ap.add_argument("--gc-thresholds", metavar="N,N,N", help="gc.set_threshold(...) first, e.g. 20000,20,50")
    ap.add_argument(
        "--processes", type=int, metavar="N", help="with --crawl --against: N alternating process pairs instead"
    )
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # one process of --processes
    a = ap.parse_args()
    if a.processes and a.crawl and a.against:
        process_pairs(a)
        return
    if a.gc_thresholds:
        gc.set_threshold(*(int(n) for n in a.gc_thresholds.split(",")))
    baseline = segment_at(a.against) if a.against and not a.child else None  # (segment, forget_memos)
    if a.crawl:
        crawl_main(a, baseline)
        return
    paths = sorted(str(p) for p in a.corpus.iterdir() if p.suffix in (".txt", ".html", ".htm"))
    megabytes = sum(os.path.getsize(p) for p in paths) / 1e6
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    load = os.getloadavg()[0]
    timed_pass(paths)  # warm-up: file cache, regex compilation, vocabulary
    if baseline:
        timed_pass(paths, segment=baseline[0], forget=baseline[1])
    wall, cpu, base = [], [], []
    for _ in range(a.runs):  # interleaved, so load from other users of the machine hits both alike
        wall.append(timed_pass(paths))
        cpu.append(timed_pass(paths, time.process_time))
        if baseline:
            base.append(timed_pass(paths, time.process_time, *baseline))
    print(f"machine: {machine()}, python {platform.python_version()}, pinned to one core")
    print(f"load average at the start: {load:.2f} (the machine is shared)")
    print(f"corpus: {a.corpus} ({len(paths)} pages, {megabytes:.2f} MB), median of {a.runs} runs")
    report("wall", wall, len(paths), megabytes)
    report("cpu ", cpu, len(paths), megabytes)
    if baseline:
        report(f"cpu  at {a.against}", base, len(paths), megabytes)
        ratio = statistics.median(r[1] for r in base) / statistics.median(r[1] for r in cpu)
        print(f"segment only, working tree vs {a.against}: {ratio:.2f}x (CPU time, same run)")


def crawl_main(a: argparse.Namespace, baseline) -> None:
    """segment() alone over a crawl file's pages, CPU time, interleaved with the baseline's when given."""
    raws = [p for p in iter_pages([str(a.crawl)]) if not isinstance(p, InputError)]
    megabytes = sum(len(line.text.encode()) + 1 for raw in raws for line in raw.lines) / 1e6
    if a.callgrind_pass:
        callgrind_pass(raws)
        return
    gc.collect()
    gc.freeze()  # the pages read beforehand are no work for the collector: an ingest's worker holds one page
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    load = os.getloadavg()[0]
    timed_segment(raws)  # warm-up: regex compilation, vocabulary
    if a.child:
        print(1000 * statistics.median(timed_segment(raws)[1] for _ in range(a.runs)) / len(raws))
        return
    if baseline:
        timed_segment(raws, segment=baseline[0], forget=baseline[1])
    cpu, base = [], []
    for _ in range(a.runs):
        cpu.append(timed_segment(raws))
        if baseline:
            base.append(timed_segment(raws, time.process_time, *baseline))
    print(f"machine: {machine()}, python {platform.python_version()}, pinned to one core")
    print(f"load average at the start: {load:.2f} (the machine is shared), gc thresholds {gc.get_threshold()}")
    print(f"crawl: {a.crawl} ({len(raws)} pages, {megabytes:.2f} MB of lines), segment only, median of {a.runs} runs")
    report("cpu ", cpu, len(raws), megabytes, with_read=False)
    if baseline:
        report(f"cpu  at {a.against}", base, len(raws), megabytes, with_read=False)
        ratio = statistics.median(r[1] for r in base) / statistics.median(r[1] for r in cpu)
        print(f"segment only, working tree vs {a.against}: {ratio:.2f}x (CPU time, same run)")


def process_pairs(a: argparse.Namespace) -> None:
    """The working tree and REV's segment (its triage/segment*.py and segment.toml over a copy of the working
    tree's package, as segment_at swaps them), each in processes of its own, alternating: in one process, memory
    one revision keeps (a memo, the heap it leaves) is the other's too. Each process prints its median."""
    root = Path(__file__).resolve().parent.parent
    folder = Path(tempfile.mkdtemp(prefix="bench_segment_rev_"))
    shutil.copytree(root / "triage", folder / "triage", ignore=shutil.ignore_patterns("__pycache__"))
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-tree", "--name-only", "-r", a.against, "triage/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for f in folder.joinpath("triage").glob("segment*.py"):
        f.unlink()
    for f in listed:
        if re.fullmatch(r"triage/segment\w*\.py|triage/data/segment\.toml", f):
            shown = subprocess.run(
                ["git", "-C", str(root), "show", f"{a.against}:{f}"], capture_output=True, check=True
            )
            (folder / f).write_bytes(shown.stdout)
    child = [sys.executable, __file__, "--crawl", str(a.crawl), "--runs", str(a.runs), "--child"]
    child += ["--gc-thresholds", a.gc_thresholds] if a.gc_thresholds else []
    figures: dict[str, list[float]] = {"tree": [], "rev": []}
    for k in range(a.processes):
        for who in ("tree", "rev") if k % 2 == 0 else ("rev", "tree"):
            env = dict(os.environ, PYTHONPATH=str(root if who == "tree" else folder))
            out = subprocess.run(child, env=env, capture_output=True, text=True, check=True).stdout
            figures[who].append(float(out))
    tree, rev = statistics.median(figures["tree"]), statistics.median(figures["rev"])
    print(f"machine: {machine()}, python {platform.python_version()}, each process pinned to one core")
    print(f"crawl: {a.crawl}, segment only, {a.processes} process pairs, each the median of {a.runs} runs")
    print(f"cpu  segment only: {tree:.3f} ms/page; at {a.against}: {rev:.3f} ms/page")
    print(f"segment only, working tree vs {a.against}: {rev / tree:.3f}x (CPU time, separate processes)")


def callgrind_pass(raws: list) -> None:
    """One segment() pass over the pages with callgrind's collection on (callgrind_control), after a warm-up."""

    def collect(state: str) -> None:
        subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], check=True, capture_output=True)

    timed_segment(raws)  # warm-up: regex compilation, vocabulary
    forget_memos()
    collect("on")
    for raw in raws:
        segment(raw)
    collect("off")
    print(f"one segment() pass over {len(raws)} pages collected")


if __name__ == "__main__":
    main()

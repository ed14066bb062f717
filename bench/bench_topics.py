"""Topic tagging speed: headlines per second in batch, a 10 KB article after warm-up, one-off load,
and the CPU per page of tagging the items of the corpus pages (what ingest spends on topics).

    python bench/bench_topics.py [--headlines FILE] [--runs 5] [--corpus DIR-or-FILE ...]
    python bench/bench_topics.py --corpus-only --corpus PAGES.wet.gz --baseline CLONE [--rounds 3] [--instructions]

Prints medians of several runs (the machine is shared, single runs are noise). Headlines come from
../shared/data/topics (THUCNews); the article is the sample page's story repeated to 10 KB of UTF-8;
the corpus items are segmented once, outside the timings, and the memos emptied before each run.

With --baseline (a checkout of another revision, e.g. `git clone . /tmp/base && git -C /tmp/base checkout REV`),
the corpus figure is an A/B: both trees tag the same items (segmented once, by this tree) in fresh
processes, alternating, and the ratio of their median CPU per page is printed. --instructions adds the
count the machine's load does not move: one tagging pass under callgrind minus a load-only run, per page
(minutes per tree; the two trees run side by side).
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.models import Item  # noqa: E402
from triage.topics import load_tagger  # noqa: E402

DEFAULT_HEADLINES = ROOT.parent / "shared" / "data" / "topics" / "thuc_dev.txt"
DEFAULT_CORPUS = [ROOT.parent / "shared" / "corpus" / "pages", ROOT.parent / "shared" / "corpus" / "html"]
SEED = ROOT / "seeds" / "000_b52fec7cb67c6a22.txt"
ARTICLE_BYTES = 10_000

LOAD_CODE = """
import time
w0, c0 = time.perf_counter(), time.process_time()
from triage.topics import load_tagger
tagger = load_tagger()
w1, c1 = time.perf_counter(), time.process_time()
tagger.keywords("加载结巴分词词典")
w2, c2 = time.perf_counter(), time.process_time()
print(w1 - w0, w2 - w1, c1 - c0, c2 - c1)
"""


# one tree's tagging of pickled (text, title) pages: "time RUNS" prints CPU seconds per run (after one
# warm-up run), "once" tags them once and "load" only loads (their difference is the tagging's instructions)
TAG_CODE = """
import pickle, sys, time
from triage.topics import load_tagger
pages = pickle.load(open(sys.argv[1], "rb"))
tagger = load_tagger()
def tag():
    tagger._judged.cache_clear()
    for items in pages:
        for text, title in items:
            tagger.topics(text, title=title)
if sys.argv[2] == "once":
    tag()
elif sys.argv[2] == "time":
    tag()
    for _ in range(int(sys.argv[3])):
        c0 = time.process_time()
        tag()
        print(time.process_time() - c0)
"""


def headlines(path: Path, n: int) -> list[str]:
    rows = [line.rsplit("\t", 1)[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:n]


def article() -> tuple[str, str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    body = "\n".join(line for line in lines[1 : lines.index("参考资料:")] if line.strip())
    text = ""
    while len(text.encode("utf-8")) < ARTICLE_BYTES:
        text += body + "\n"
    return lines[0], text.encode("utf-8")[:ARTICLE_BYTES].decode("utf-8", "ignore")


def corpus_pages_items(dirs: list[Path]) -> list[list[Item]]:
    """The items of every readable page under dirs, as the pipeline segments them (untagged)."""
    from triage.models import RawPage
    from triage.pipeline import parse_page
    from triage.read import iter_pages

    pages = [parse_page(raw) for raw in iter_pages([str(d) for d in dirs if d.exists()]) if isinstance(raw, RawPage)]
    return [page.items for page in pages]


def tagging(
    tree: Path, pickled: Path, *args: str, under: tuple[str, ...] = (), seed: str | None = None
) -> subprocess.CompletedProcess:
    """TAG_CODE run by the triage of tree (a checkout) in a fresh process, with the string hash seed given (the
    model's dict of 111k n-grams is laid out by it, and its memory traffic costs CPU with the layout)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    command = [*under, sys.executable, "-c", TAG_CODE, str(pickled), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=tree, env=env)


def ab_corpus(pages: list[list[Item]], baseline: Path, rounds: int, runs: int, instructions: bool) -> None:
    """CPU per page of tagging the same items by this tree and by baseline, alternating; optionally
    the instructions per page under callgrind."""
    trees = {"this tree": ROOT, "baseline": baseline.resolve()}
    with tempfile.TemporaryDirectory() as tmp:
        pickled = Path(tmp) / "pages.pickle"
        pickled.write_bytes(pickle.dumps([[(i.text or "", i.title or "") for i in items] for items in pages]))
        cpus: dict[str, list[float]] = {name: [] for name in trees}
        for r in range(rounds):  # both trees under the same hash seed in a round: the same dict layouts
            for name, tree in trees.items():
                out = tagging(tree, pickled, "time", str(runs), seed=str(r + 1)).stdout
                cpus[name] += [float(v) for v in out.split()]
        ms = {name: statistics.median(v) / len(pages) * 1000 for name, v in cpus.items()}
        lows = {name: min(v) / len(pages) * 1000 for name, v in cpus.items()}
        print(
            f"corpus A/B ({len(pages)} pages, {sum(map(len, pages))} items), topics only, CPU per page (median of"
            f" {rounds}x{runs} runs each, alternating, hash seeds 1..{rounds}): this tree {ms['this tree']:.3f} ms,"
            f" baseline {ms['baseline']:.3f} ms, ratio {ms['this tree'] / ms['baseline']:.3f}; fastest runs"
            f" {lows['this tree']:.3f} vs {lows['baseline']:.3f} ms, ratio {lows['this tree'] / lows['baseline']:.3f}"
        )
        if instructions:
            with ThreadPoolExecutor(2) as pool:
                counts = list(pool.map(lambda tree: tag_instructions(tree, pickled), trees.values()))
            per_page = [c / len(pages) / 1e6 for c in counts]
            print(
                f"corpus A/B instructions per page (callgrind, one tagging pass minus load): this tree"
                f" {per_page[0]:.2f} M, baseline {per_page[1]:.2f} M, ratio {counts[0] / counts[1]:.3f}"
            )


def tag_instructions(tree: Path, pickled: Path) -> int:
    """Instructions of one tagging pass: callgrind's count of a pass minus that of a load-only run."""
    under = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")
    counts = []
    for mode in ("once", "load"):
        err = tagging(tree, pickled, mode, under=under).stderr
        counts.append(int(re.search(r"Collected : (\d+)", err).group(1)))
    return counts[0] - counts[1]


def tag_topics(tagger, pages: list[list[Item]]) -> None:
    for items in pages:
        for item in items:
            tagger.topics(item.text or "", title=item.title or "")


def median_time(fn, runs: int, forget=lambda: None) -> tuple[float, float]:
    """Median wall and CPU seconds of fn over runs (CPU time suffers less when the cores are shared).
    forget() empties the tagger's memos before each run: a repeated text must cost what a new one does."""
    walls, cpus = [], []
    for _ in range(runs):
        forget()
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def reference_work() -> None:
    """A fixed pure-Python workload: its time, printed beside the figures, says how loaded the machine was."""
    counts: dict[str, int] = {}
    for i in range(200_000):
        key = str(i % 997)
        counts[key] = counts.get(key, 0) + 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--headlines", type=Path, default=DEFAULT_HEADLINES)
    ap.add_argument("-n", type=int, default=2000, help="headlines per batch")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", type=Path, nargs="*", default=DEFAULT_CORPUS, help="directories or files of pages")
    ap.add_argument("--corpus-only", action="store_true", help="only the corpus figure (and its A/B)")
    ap.add_argument("--baseline", type=Path, help="a checkout to compare the corpus figure against")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of the A/B")
    ap.add_argument("--instructions", action="store_true", help="the A/B in callgrind instructions too")
    a = ap.parse_args()
    if a.corpus_only:
        corpus_figure(load_tagger(), a)
        return

    loads = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", LOAD_CODE], capture_output=True, text=True, check=True, cwd=ROOT)
        loads.append([float(v) for v in out.stdout.split()])
    ms = [statistics.median(x[i] for x in loads) * 1000 for i in range(4)]
    print(
        f"load (fresh process, median of 3): taxonomy+model {ms[0]:.0f} ms wall / {ms[2]:.0f} ms CPU,"
        f" jieba dictionary + IDF table {ms[1]:.0f} ms wall / {ms[3]:.0f} ms CPU"
    )

    tagger = load_tagger()
    tagger.keywords("预热")  # jieba loaded once per process, outside the timings
    texts = headlines(a.headlines, a.n)

    ref = median_time(reference_work, a.runs)
    print(f"reference workload: wall {ref[0] * 1000:.0f} ms, CPU {ref[1] * 1000:.0f} ms (wall > CPU: shared cores)")
    wall, cpu = median_time(lambda: [tagger.topics(h) for h in texts], a.runs, tagger.forget)
    print(
        f"headlines, topics only: {len(texts) / wall:,.0f}/s wall, {len(texts) / cpu:,.0f}/s CPU"
        f" (median of {a.runs} batches of {len(texts)})"
    )
    items = [Item(id=str(i), kind="sidebar", title=h, text="", position=i) for i, h in enumerate(texts)]
    wall, cpu = median_time(lambda: tagger.tag_items(items), a.runs, tagger.forget)
    print(f"headlines, tag_items (topics + keywords): {len(texts) / wall:,.0f}/s wall, {len(texts) / cpu:,.0f}/s CPU")

    title, text = article()
    runs = max(a.runs, 15)
    tagger.tag_items([Item(id="w", kind="story", title=title, text=text, position=0)])  # warm-up
    wall, cpu = median_time(lambda: tagger.topics(text, title=title), runs, tagger.forget)
    print(
        f"10 KB article ({len(text)} chars), topics only: {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU"
        f" (median of {runs})"
    )
    story = Item(id="s", kind="story", title=title, text=text, position=0)
    wall, cpu = median_time(lambda: tagger.tag_items([story]), runs, tagger.forget)
    print(f"10 KB article, tag_items (topics + keywords): {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU")
    corpus_figure(tagger, a)
    ref = median_time(reference_work, a.runs)
    print(f"reference workload again: wall {ref[0] * 1000:.0f} ms, CPU {ref[1] * 1000:.0f} ms")


def corpus_figure(tagger, a: argparse.Namespace) -> None:
    pages = corpus_pages_items(a.corpus)
    if not pages:
        return
    n_items = sum(map(len, pages))
    wall, cpu = median_time(lambda: tag_topics(tagger, pages), a.runs, tagger.forget)
    print(
        f"corpus pages ({len(pages)} pages, {n_items} items), topics only: {cpu / len(pages) * 1000:.2f} ms CPU"
        f" per page, {wall / len(pages) * 1000:.2f} ms wall (median of {a.runs}; memos emptied per run)"
    )
    if a.baseline:
        ab_corpus(pages, a.baseline, a.rounds, a.runs, a.instructions)


if __name__ == "__main__":
    main()

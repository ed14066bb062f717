"""Keyword extraction speed over the items of the corpus pages: items/s and CPU per item, A/B against
another checkout of the project (a clean clone of an earlier commit), and a dump of every item's
keywords for byte-identical checks.

    python bench/bench_keywords.py [--runs 5] [--base /tmp/B_base] [--dump FILE] [--texts FILE] [--corpus DIR ...]

The items are segmented once (by this checkout, without tagging) and their texts, as tag_items hands
them to keywords (title, newline, text), are written to a temporary file. Each timed run is a fresh
process that imports triage.keywords from one checkout, loads jieba's dictionary and IDF table
outside the timing, then extracts the keywords of every item once: per-process memos start empty, as
in a worker that begins ingesting new pages. With --base the runs of the two checkouts alternate and
the medians of both and their ratio are printed (the machine is shared: CPU time, medians, interleaved).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = [ROOT.parent / "shared" / "corpus" / "pages", ROOT.parent / "shared" / "corpus" / "html"]

# run in a fresh process with the checkout to measure first on sys.path; prints CPU and wall seconds
RUN_CODE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import triage.keywords as kw
assert kw.__file__.startswith(sys.argv[1]), kw.__file__
texts = json.load(open(sys.argv[2], encoding="utf-8"))
kw.keywords("加载结巴分词词典")  # dictionary and IDF table, outside the timing
kw.forget()
extract = kw.keywords
if sys.argv[3] == "cut":  # the floor: rjieba's cut of every distinct text, as keywords() cuts them
    import rjieba
    texts = list(dict.fromkeys(texts))
    extract = lambda t: rjieba.cut(t, hmm=True)  # noqa: E731
w0, c0 = time.perf_counter(), time.process_time()
out = [extract(t) for t in texts]
c1, w1 = time.process_time(), time.perf_counter()
print(c1 - c0, w1 - w0)
if sys.argv[3] == "dump":
    with open(sys.argv[4], "w", encoding="utf-8") as f:
        f.writelines(json.dumps(k, ensure_ascii=False) + "\\n" for k in out)
"""


def item_texts(dirs: list[Path]) -> list[str]:
    """The texts tag_items gives keywords() for every item of every readable page under dirs."""
    sys.path.insert(0, str(ROOT))
    from triage.models import RawPage
    from triage.pipeline import parse_page
    from triage.read import iter_pages

    raws = [raw for raw in iter_pages([str(d) for d in dirs if d.exists()]) if isinstance(raw, RawPage)]
    return [f"{item.title}\n{item.text}" for raw in raws for item in parse_page(raw).items]


def timed_run(checkout: Path, texts_path: Path, mode: str = "time", dump: Path | None = None) -> tuple[float, float]:
    """CPU and wall seconds of one pass of keywords() (mode "cut": rjieba's cut alone) over the texts,
    in a fresh process."""
    args = [sys.executable, "-c", RUN_CODE, str(checkout), str(texts_path), mode] + ([str(dump)] if dump else [])
    out = subprocess.run(args, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    cpu, wall = (float(v) for v in out.stdout.split())
    return cpu, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--base", type=Path, help="another checkout to compare with (e.g. a clone of the start commit)")
    ap.add_argument("--dump", type=Path, help="write each item's keywords, one JSON list a line, to this file")
    ap.add_argument("--corpus", type=Path, nargs="*", default=DEFAULT_CORPUS, help="directories of pages")
    ap.add_argument("--texts", type=Path, help="the item texts (JSON list): read if it exists, else written there")
    a = ap.parse_args()

    if a.texts and a.texts.exists():  # the same texts whatever segmentation does meanwhile
        texts = json.loads(a.texts.read_text(encoding="utf-8"))
        origin = str(a.texts)
    else:
        texts = item_texts(a.corpus)
        origin = f"the pages under {', '.join(str(d) for d in a.corpus)}"
        if a.texts:
            a.texts.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(texts, f, ensure_ascii=False)
    texts_path = Path(f.name)
    print(f"{len(texts)} items ({sum(map(len, texts)):,} chars) of {origin}")
    try:
        if a.dump:
            timed_run(ROOT, texts_path, "dump", a.dump)
            print(f"keywords of every item written to {a.dump}")
        checkouts = {"this": ROOT} | ({"base": a.base.resolve()} if a.base else {})
        cpus: dict[str, list[float]] = {name: [] for name in checkouts}
        walls: dict[str, list[float]] = {name: [] for name in checkouts}
        for _ in range(a.runs):
            for name, checkout in checkouts.items():  # interleaved: both see the same load on the machine
                cpu, wall = timed_run(checkout, texts_path)
                cpus[name].append(cpu)
                walls[name].append(wall)
        for name, checkout in checkouts.items():
            cpu, wall = statistics.median(cpus[name]), statistics.median(walls[name])
            print(
                f"{name} ({checkout}): {cpu:.3f} s CPU = {cpu / len(texts) * 1e6:.0f} us CPU/item,"
                f" {len(texts) / cpu:,.0f} items/s CPU, {len(texts) / wall:,.0f} items/s wall"
                f" (median of {a.runs} fresh processes; CPU runs {', '.join(f'{c:.3f}' for c in cpus[name])})"
            )
        if a.base:
            ratio = statistics.median(cpus["base"]) / statistics.median(cpus["this"])
            print(f"speed-up of this over base: {ratio:.2f}x CPU (ratio of the medians)")
        cut = statistics.median(timed_run(ROOT, texts_path, "cut")[0] for _ in range(a.runs))
        print(
            f"of which rjieba's cut of the distinct texts (a floor no ranking code goes below): {cut:.3f} s CPU"
            f" (median of {a.runs})"
        )
    finally:
        texts_path.unlink()


if __name__ == "__main__":
    main()

"""Instructions per ingested page, counted by valgrind's callgrind: the A/B figure that the load of a
shared machine does not move (issue 6 part 6).

    python bench/bench_instructions.py --baseline bbda498            # the working tree against a revision
    python bench/bench_instructions.py --current HEAD --baseline bbda498

Why: on the team's shared 2-core machine, CPU seconds per page of the same code differ by 10-30%
from one run of bench_ingest.py to the next (other users' work changes the cache and the clock of
the core we get), so a 10% change cannot be told from noise. Callgrind counts the instructions
executed, which for the same code, input and interpreter hardly change from run to run, whatever
else the machine does (two runs of one revision: 113.2 and 113.0 M instructions per page, 0.2% apart;
string hashes, so some set and dict orders, are randomised per process).

What runs: `triage ingest --jobs 1` into a fresh store, under callgrind, over the all-new real pages
of bench/real_pages.py (the input of bench_ingest.py's speed runs) and over its first page alone;
instructions per page in steady state = (I_all - I_one) / (N - 1), start-up (imports, loading the
model and jieba's tables) cancelled. Each variant's two runs go in parallel (one per core);
callgrind slows a program about 50 times, so a variant takes 5 to 10 minutes.

Instructions are not time (a cache miss costs more than an add), but for a program whose time goes
into the Python interpreter, as ours does, they follow CPU time closely: read the ratio as the
change in CPU per page. --jobs 2 is not measured: the workers run the same code per page.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_ingest import baseline_root, ingest_command, measured_triage, triage_env  # noqa: E402
from make_crawl import write_crawl  # noqa: E402
from real_pages import describe, real_pages  # noqa: E402

_COLLECTED = re.compile(r"^==\d+== Collected : (\d+)$", re.M)


def callgrind(db: Path, inputs: list[Path], root: Path | None, out: Path) -> subprocess.Popen:
    """A callgrind run of one ingest, started (not waited for)."""
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *ingest_command(db, 1, inputs)]
    return subprocess.Popen(
        command,
        env=triage_env(root),
        cwd=db.parent,  # not a checkout: cwd comes first on sys.path
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def instructions(process: subprocess.Popen) -> int:
    """The instructions a finished callgrind run counted (from its summary on stderr)."""
    _, err = process.communicate()
    found = _COLLECTED.search(err)
    if process.returncode != 0 or found is None:
        sys.exit(f"bench_instructions: a callgrind run failed: {err.strip().splitlines()[-1:]}")
    return int(found.group(1))


def per_page(tmp: Path, name: str, root: Path | None, files: dict[str, Path], pages: int) -> tuple[float, int]:
    """(instructions per page in steady state, instructions of start-up and one page) of one variant."""
    runs = {
        size: callgrind(tmp / f"{name}-{size}.db", [path], root, tmp / f"{name}-{size}.callgrind")
        for size, path in files.items()
    }
    counted = {size: instructions(process) for size, process in runs.items()}
    return (counted["all"] - counted["one"]) / (pages - 1), counted["one"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", help="a git revision (or a directory holding triage/) to compare with")
    ap.add_argument("--current", help="measure this revision instead of the working tree's triage")
    ap.add_argument("--tmp", type=Path, help="where inputs, stores and callgrind files go (default: a temp dir)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("bench_instructions: valgrind is not installed (Debian: apt-get install valgrind)")
    tmp = args.tmp or Path(tempfile.mkdtemp(prefix="triage-instructions-"))
    tmp.mkdir(parents=True, exist_ok=True)
    real = real_pages()
    files = {"all": tmp / "all.wet.gz", "one": tmp / "one.wet.gz"}
    pages = write_crawl(files["all"], iter(real.records))
    write_crawl(files["one"], iter(real.records[:1]))
    variants: dict[str, Path | None] = {"current": baseline_root(args.current, tmp) if args.current else None}
    if args.baseline:
        variants["baseline"] = baseline_root(args.baseline, tmp)
    print(f"input: {describe(real)}")
    figures = {}
    for name, root in variants.items():
        print(measured_triage(root, name), flush=True)
        figures[name] = per_page(tmp, name, root, files, pages)
        steady, start = figures[name]
        print(
            f"{name}: {steady / 1e6:.1f} M instructions per page in steady state;"
            f" start-up and one page {start / 1e9:.2f} G"
        )
    if args.baseline:
        ratio = figures["current"][0] / figures["baseline"][0]
        print(f"current / baseline, instructions per page: {ratio:.3f}x (< 1: current does less work per page)")


if __name__ == "__main__":
    main()

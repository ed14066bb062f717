"""Regenerate docs/list.svg, the README's picture of `triage list` in a terminal.

    python scripts/make_screenshot.py [--width 100]

Ingests seeds/ into a temporary store and draws the listing with the same table code as
`triage list` (triage.render.build_table), recorded by Rich and saved as SVG.
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=100)
    ap.add_argument("--out", default=str(ROOT / "docs" / "list.svg"))
    args = ap.parse_args()

    from rich.console import Console

    from triage.pipeline import parse_inputs
    from triage.query import DEFAULT_FIELDS, Filters
    from triage.render import build_table
    from triage.store import open_store
    from triage.topics import load_tagger

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "triage.db"), write=True) as store:
        for page in parse_inputs([str(ROOT / "seeds")], tagger=load_tagger()):
            if not isinstance(page, Exception):
                store.add_page(page)
        rows = list(store.listing(Filters(), list(DEFAULT_FIELDS), 30))
    console = Console(record=True, file=io.StringIO(), width=args.width, force_terminal=True, color_system="standard")
    console.print(build_table(rows, list(DEFAULT_FIELDS), args.width))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    console.save_svg(args.out, title="triage list")
    print(f"wrote {args.out} ({len(rows)} rows)")


if __name__ == "__main__":
    main()

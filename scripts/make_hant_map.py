"""Write triage/data/zh_hant_chars.txt: traditional -> simplified characters, one pair a line.

    pip install hanziconv   # only for this script (Apache 2.0); triage reads the data file with the stdlib
    python scripts/make_hant_map.py [--data ../shared/data/topics]

The topic model and the keyword terms are simplified Chinese; a traditional text is mapped onto them
character by character before tagging. A traditional form that simplified text also uses in its own
right (乾隆, 著作) is left out: it is kept where it occurs in the simplified training headlines.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from hanziconv import charmap

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "triage" / "data" / "zh_hant_chars.txt"
IN_SIMPLIFIED_USE = 3  # occurrences in the simplified headlines that make a form simplified too


def simplified_use(data: Path) -> Counter[str]:
    text = (data / "thuc_dev.txt").read_text(encoding="utf-8") + (data / "pytc_thucnews_1w.txt").read_text(
        encoding="utf-8"
    )
    return Counter(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    a = ap.parse_args()
    used = simplified_use(a.data)
    pairs = [
        (t, s)
        for t, s in zip(charmap.traditional_charmap, charmap.simplified_charmap, strict=True)
        if t != s and used[t] < IN_SIMPLIFIED_USE
    ]
    kept_out = [
        t
        for t, s in zip(charmap.traditional_charmap, charmap.simplified_charmap, strict=True)
        if t != s and used[t] >= IN_SIMPLIFIED_USE
    ]
    head = "# traditional -> simplified characters for topic tagging (scripts/make_hant_map.py writes this file)\n"
    OUT.write_text(head + "".join(f"{t}{s}\n" for t, s in pairs), encoding="utf-8")
    print(f"wrote {OUT} ({len(pairs)} pairs; left out, used in simplified text too: {''.join(kept_out)})")


if __name__ == "__main__":
    main()

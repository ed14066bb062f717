"""Write tests/fixtures/topics/corpus_stories.jsonl: the main story (title, first 4,000 characters of
its text) that triage's segmenter finds on each labelled corpus page with gold topics, beside those
topics. The topic quality gate in tests/test_topics.py scores the tagger on it, apart from segmentation.

    python scripts/make_story_fixture.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.pipeline import parse_inputs  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "topics" / "corpus_stories.jsonl"
MAX_TEXT = 4000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    a = ap.parse_args()
    labels = {}
    for path in sorted((a.corpus / "labels").glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        if label.get("topics"):
            labels[label["file"]] = label
    lines = []
    for page in parse_inputs([str(a.corpus / "pages" / f) for f in labels]):
        story = next((i for i in page.items if i.kind == "story"), None)
        label = labels[Path(page.source).name]
        row = {
            "file": label["file"],
            "lang": label.get("lang"),
            "topics": label["topics"],
            "title": story.title if story else None,
            "text": (story.text or "")[:MAX_TEXT] if story else None,
        }
        lines.append(json.dumps(row, ensure_ascii=False) + "\n")
    OUT.write_text("".join(lines), encoding="utf-8")
    print(f"wrote {OUT} ({len(lines)} stories)")


if __name__ == "__main__":
    main()

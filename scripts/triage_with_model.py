"""Run triage's command line with a candidate topic model instead of the shipped one, so the scorer
can measure a model from bench/out/topics before anyone ships it:

    python3 ../shared/eval/score.py pages --labels ../shared/corpus/labels --pages ../shared/corpus/pages \
        --cmd "python scripts/triage_with_model.py bench/out/topics/topic_model.bin.gz parse --format jsonl"
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    import triage.topics_model
    from triage.cli import main as triage_main

    model = Path(sys.argv.pop(1)).resolve()
    triage.topics_model.load_model.__defaults__ = (model,)  # load_tagger() reads the default path
    sys.argv[0] = "triage"
    triage_main()


if __name__ == "__main__":
    main()

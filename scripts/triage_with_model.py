"""Run triage's command line with a candidate topic model instead of the shipped one, so the scorer
can measure a model from bench/out/topics before anyone ships it:

    python3 ../shared/eval/score.py pages --labels ../shared/corpus/labels --pages ../shared/corpus/pages \
        --cmd "python scripts/triage_with_model.py bench/out/topics/topic_model.bin.gz parse --format jsonl"

An experiment (not triage's behaviour): MODEL[:SHARE] scales the keyword-only topics' keyword scores
(those the model has no class for) by SHARE wherever the model read the text.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scale_keyword_only_topics(share: float) -> None:
    import triage.topics

    plain = triage.topics.Tagger._keyword_scores

    def scaled(self, text, title, length):
        evidence, scores = plain(self, text, title, length)
        if self._reads(f"{title}\n{text}" if title else text):
            scores = {s: v if s in self._model_classes else v * share for s, v in scores.items()}
        return evidence, scores

    triage.topics.Tagger._keyword_scores = scaled


def main() -> None:
    import triage.topics_model
    from triage.cli import main as triage_main

    model, _, share = sys.argv.pop(1).partition(":")
    triage.topics_model.load_model.__defaults__ = (Path(model).resolve(),)  # load_tagger() reads the default path
    if share:
        scale_keyword_only_topics(float(share))
    sys.argv[0] = "triage"
    triage_main()


if __name__ == "__main__":
    main()

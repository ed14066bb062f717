"""The quality gate: the segmenter's score on real labelled pages may not drop below the floor
recorded in tests/pages/floor.json (as trafilatura pins its extraction score in CI).

The figures are those of the project's scorer (../shared/eval/README.md), computed here on the
items segment() returns: story precision/recall over the labels' "with"/"without" snippets,
title accuracy, sidebar recall over the labelled headlines, the shares of story snippets
and of junk (navigation, footer) wrongly made into sidebar items, and the story's publish date
(to the day, as the dates stage resolves the line segment() picks; and dates given where the
page prints none).
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from triage.pipeline import parse_page
from triage.read import read_path

PAGES = Path(__file__).resolve().parent / "pages"
FLOOR = json.loads((PAGES / "floor.json").read_text(encoding="utf-8"))


def norm(text: str | None) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text or "")).lower()


def title_matches(gold: str, got: str | None) -> bool:
    g, p = norm(gold), norm(got)
    return bool(p) and (g == p or (g in p and len(g) >= 0.8 * len(p)))


def page_counts(label: dict) -> dict[str, int]:
    items = parse_page(read_path(str(PAGES / "pages" / label["file"]))).items
    story = next((i for i in items if i.kind == "story"), None)
    story_text = "\n".join(filter(None, [story.title, story.text])) if story else ""
    published = (story.published if story else None) or ""
    sidebar = ["\n".join(filter(None, [i.title, i.text])) for i in items if i.kind == "sidebar"]
    junk = [s for s in label["without"] if not any(s in h or h in s for h in label["sidebar"])]
    return {
        "tp": sum(s in story_text for s in label["with"]),
        "with": len(label["with"]),
        "fp": sum(s in story_text for s in label["without"]),
        "titles": int(bool(label.get("title"))),
        "titles_ok": int(bool(label.get("title")) and title_matches(label["title"], story.title if story else None)),
        "headlines": len(label["sidebar"]),
        "headlines_found": sum(any(h in t for t in sidebar) for h in label["sidebar"]),
        "leaked": sum(any(s in t for t in sidebar) for s in label["with"]),
        "junk": len(junk),
        "junk_items": sum(any(s in t for t in sidebar) for s in junk),
        "dated": int(bool(label.get("published"))),
        "dated_ok": int(bool(label.get("published")) and published[:10] == label["published"][:10]),
        "undated": int(not label.get("published") and label["kind"] in ("article", "forum")),
        "undated_false": int(not label.get("published") and label["kind"] in ("article", "forum") and bool(published)),
    }


def scores() -> dict[str, float]:
    total: dict[str, int] = {}
    for path in sorted((PAGES / "labels").glob("*.json")):
        for key, n in page_counts(json.loads(path.read_text(encoding="utf-8"))).items():
            total[key] = total.get(key, 0) + n
    precision = total["tp"] / max(1, total["tp"] + total["fp"])
    recall = total["tp"] / max(1, total["with"])
    return {
        "story_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "title_acc": total["titles_ok"] / max(1, total["titles"]),
        "sidebar_recall": total["headlines_found"] / max(1, total["headlines"]),
        "story_in_sidebar": total["leaked"] / max(1, total["with"]),
        "junk_in_sidebar": total["junk_items"] / max(1, total["junk"]),
        "date_acc": total["dated_ok"] / max(1, total["dated"]),
        "false_date_rate": total["undated_false"] / max(1, total["undated"]),
    }


@pytest.fixture(scope="module")
def gate_scores() -> dict[str, float]:
    return scores()


@pytest.mark.parametrize("figure", ["story_f1", "title_acc", "sidebar_recall", "date_acc"])
def test_score_stays_above_its_floor(gate_scores, figure):
    assert gate_scores[figure] >= FLOOR[figure], f"{figure} fell to {gate_scores[figure]:.3f}"


@pytest.mark.parametrize("figure", ["story_in_sidebar", "junk_in_sidebar", "false_date_rate"])
def test_error_rate_stays_below_its_ceiling(gate_scores, figure):
    assert gate_scores[figure] <= FLOOR[figure], f"{figure} rose to {gate_scores[figure]:.3f}"


def test_gate_holds_at_least_25_pages_and_the_seed():
    names = {p.name for p in (PAGES / "pages").glob("*.txt")}
    assert len(names) >= 25
    assert "000_b52fec7cb67c6a22.txt" in names


if __name__ == "__main__":  # print the current figures, to raise the floor after an improvement
    print(json.dumps({k: round(v, 3) for k, v in scores().items()}, indent=1))

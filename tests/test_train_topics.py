"""scripts/train_topics.py's experts learner (one model per data set and a gate), on real labelled headlines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

# training dependencies (the train extra), not the runtime's: CI installs the test extra only
pytest.importorskip("sklearn")
np = pytest.importorskip("numpy")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "topics"
sys.path.insert(0, str(ROOT / "scripts"))

import train_topics  # noqa: E402


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str, str]]:
    """The 400 THUCNews and 400 TNEWS fixture headlines as train_topics reads them (text, slug, original line)."""
    out = []
    for line in (FIXTURES / "thuc_heldout_400.txt").read_text(encoding="utf-8").splitlines():
        title, _, number = line.rpartition("\t")
        out.append((title, train_topics.THUC[int(number)], line))
    for line in (FIXTURES / "tnews_heldout_400.json").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)["label"]
        if label in train_topics.TNEWS:
            out.append((json.loads(line)["sentence"], train_topics.TNEWS[label], line))
    return out


@pytest.fixture(scope="module")
def experts(rows):
    return train_topics.learn(train_topics.fit_experts, rows, np.ones(len(rows)))


def test_experts_mixture_is_a_distribution_over_both_experts_classes(experts, rows):
    probs = experts.probabilities([r[0] for r in rows[:50]])
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert "conflict-war" in experts.classes  # a TNEWS class THUCNews has not
    assert "society" in experts.classes  # a THUCNews class TNEWS has not


def test_experts_gate_leans_to_the_data_set_a_headline_reads_like(experts, rows):
    x = experts.vectorizer.transform([r[0] for r in rows])
    gate = np.asarray(x @ experts.coef[-1]).ravel() + experts.intercept[-1]
    is_thuc = np.array([train_topics.source(r) == "THUCNews" for r in rows])
    assert np.mean(gate[is_thuc] > 0) > 0.8
    assert np.mean(gate[~is_thuc] < 0) > 0.8


def test_a_cv_fold_model_learns_none_of_its_held_out_headlines_nor_their_keyword_rows(rows):
    thuc = [r for r in rows if train_topics.source(r) == "THUCNews"]
    tnews = [r for r in rows if train_topics.source(r) == "TNEWS"]
    folds = np.array([train_topics.fold(r[0]) for r in thuc + tnews])
    for f in range(train_topics.CV_FOLDS):
        held = {train_topics.normalise(r[0]) for r, g in zip(thuc + tnews, folds, strict=True) if g == f}
        train, _, headlines = train_topics.fold_training_set(thuc, tnews, folds, f)
        assert held and train
        assert not held & {train_topics.normalise(r[0]) for r in train}
        assert not held & {train_topics.normalise(h) for h in headlines}  # a keyword row's headline


def test_the_shipped_training_set_holds_every_labelled_row(rows):
    thuc = [r for r in rows if train_topics.source(r) == "THUCNews"]
    tnews = [r for r in rows if train_topics.source(r) == "TNEWS"]
    train, weights, _ = train_topics.training_set(thuc, tnews, set())
    assert {r[2] for r in thuc + tnews} <= {r[2] for r in train}
    assert len(weights) == len(train)

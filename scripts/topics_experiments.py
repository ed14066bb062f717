"""Candidate topic learners measured by the same 5-fold cross-validation over all labelled rows as
scripts/train_topics.py (model alone, mean +- spread over the folds, child counts for parent):

    python scripts/topics_experiments.py [svm nbsvm cnb svm+cnb svm+words ...]

Each learner sees only its fold's training rows. Ensemble weights are fixed numbers, not fitted.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_topics import (  # noqa: E402
    ROOT,
    C,
    LinearModel,
    cross_validate,
    fit,
    fit_nbsvm,
    ngrams,
    print_cv,
    read_thuc,
    read_tnews,
    vectorize,
)

SVM_TEMPERATURE = 0.27  # the softmax temperature train_topics.py fits for the SVM's margins


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def nbsvm(c: float = C, alpha: float = 1.0):
    """NB-SVM as train_topics ships it (fit_nbsvm), at another C and smoothing alpha."""
    return partial(fit_nbsvm, c=c, alpha=alpha)


def logistic(c: float = 10.0):
    def learn(texts, labels, weights) -> LinearModel:
        vectorizer, x = vectorize(texts)
        lr = LogisticRegression(C=c, max_iter=2000).fit(x, labels, sample_weight=weights)
        return LinearModel(vectorizer, lr.classes_, lr.coef_, lr.intercept_)

    return learn


def cnb(alpha: float = 0.3):
    """Complement naive Bayes over the same tf-idf features: linear too (a joint log-likelihood per class)."""

    def learn(texts, labels, weights) -> LinearModel:
        vectorizer, x = vectorize(texts)
        nb = ComplementNB(alpha=alpha).fit(x, labels, sample_weight=weights)
        return LinearModel(vectorizer, nb.classes_, nb.feature_log_prob_, np.zeros(len(nb.classes_)))

    return learn


@dataclass
class MeanOfProbabilities:
    """An ensemble: the mean of the members' softmax probabilities (each at its own temperature)."""

    members: list  # (model, temperature, weight)

    @property
    def classes(self):
        return self.members[0][0].classes

    def decisions(self, texts):
        total = sum(w * softmax(m.decisions(texts) / t) for m, t, w in self.members)
        return np.log(total + 1e-12)


def words(text: str) -> list[str]:
    """jieba's words (rjieba cuts the same) and their bigrams: what a word model reads."""
    import rjieba

    from triage.topics_model import normalise

    ws = [w for w in rjieba.cut(normalise(text)) if w.strip()]
    return ws + [a + " " + b for a, b in zip(ws, ws[1:], strict=False)]


@dataclass
class WordModel:
    vectorizer: TfidfVectorizer
    svm: LinearSVC

    @property
    def classes(self):
        return self.svm.classes_

    def decisions(self, texts):
        return self.svm.decision_function(self.vectorizer.transform(texts))


def word_svm(texts, labels, weights) -> WordModel:
    vectorizer = TfidfVectorizer(analyzer=words, sublinear_tf=True, min_df=1, dtype=np.float64)
    x = vectorizer.fit_transform(texts)
    return WordModel(vectorizer, LinearSVC(C=C, random_state=0, max_iter=5000).fit(x, labels, sample_weight=weights))


def ensemble(*members):
    """members: (learner, temperature, weight)."""

    def learn(texts, labels, weights):
        return MeanOfProbabilities([(m(texts, labels, weights), t, w) for m, t, w in members])

    return learn


def corpus_headlines(path: Path = ROOT / "bench" / "out" / "topics" / "corpus_parse.jsonl") -> list[str]:
    """Unlabelled real headlines: the sidebar items (8+ Han characters) of `triage parse ../shared/corpus/pages`."""
    import json
    import re

    han = re.compile(r"[\u4e00-\u9fff]")
    titles = {
        item.get("title") or ""
        for line in path.read_text(encoding="utf-8").splitlines()
        for item in json.loads(line).get("items", [])
        if item["kind"] == "sidebar"
    }
    return sorted(t for t in titles if len(han.findall(t)) >= 8)


def self_trained(base, min_probability: float = 0.9, weight: float = 0.5):
    """Self-training: the fold's model labels the unlabelled corpus headlines; those it is sure of
    (softmax at the SVM temperature) join the training rows at a lower weight, and the model is fit again."""

    def learn(texts, labels, weights):
        unlabelled = corpus_headlines()
        model = base(texts, labels, weights)
        probs = softmax(model.decisions(unlabelled) / SVM_TEMPERATURE)
        sure = probs.max(axis=1) >= min_probability
        extra = [t for t, s in zip(unlabelled, sure, strict=True) if s]
        extra_labels = model.classes[probs.argmax(axis=1)][sure]
        print(f"  self-training: {len(extra)} of {len(unlabelled)} corpus headlines added", flush=True)
        return base(
            texts + extra,
            np.concatenate([labels, extra_labels]),
            np.concatenate([weights, np.full(len(extra), weight)]),
        )

    return learn


LEARNERS = {
    "svm": fit,
    "nbsvm": fit_nbsvm,  # the one train_topics.py --learner nbsvm ships (C 0.2)
    "nbsvm-c0.5": nbsvm(0.5),
    "nbsvm-c1": nbsvm(1.0),
    "nbsvm-c0.1": nbsvm(0.1),
    "nbsvm-c0.05": nbsvm(0.05),
    "nbsvm-c0.1-a0.5": nbsvm(0.1, alpha=0.5),
    "lr": logistic(),
    "nbsvm+self": self_trained(fit_nbsvm),
    # character 1-4-grams: needs MAX_N = 4 at run time (a change to triage/topics_model.py)
    "nbsvm-4g": lambda t, y, w: fit_nbsvm(t, y, w, analyzer=partial(ngrams, max_n=4)),
    "nbsvm-4g-c0.3": lambda t, y, w: fit_nbsvm(t, y, w, c=0.3, analyzer=partial(ngrams, max_n=4)),
    "cnb": cnb(),
    "words": word_svm,
    "svm+cnb": ensemble((fit, SVM_TEMPERATURE, 1.0), (cnb(), 0.05, 1.0)),
    "svm+words": ensemble((fit, SVM_TEMPERATURE, 1.0), (word_svm, SVM_TEMPERATURE, 1.0)),
    "nbsvm+words": ensemble((fit_nbsvm, SVM_TEMPERATURE, 1.0), (word_svm, SVM_TEMPERATURE, 1.0)),
}


def subtree_predictions(cv, temperature: float = SVM_TEMPERATURE, threshold: float = 0.2) -> list[str]:
    """A child implies its parent, and the model's classes exclude each other: a top-level topic's
    probability is its own plus its children's (a sum, where the tagger takes their max). Pick the
    top-level topic by that sum, then its best child when the child's own probability clears the threshold."""
    from triage.topics_taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    classes = [str(c) for c in cv.classes]
    top_of = {c: taxonomy.ancestors(c)[-1] for c in classes}
    out = []
    for probs in softmax(cv.decisions / temperature):
        subtree: dict[str, float] = {}
        for c, p in zip(classes, probs, strict=True):
            subtree[top_of[c]] = subtree.get(top_of[c], 0.0) + p
        top = max(subtree, key=subtree.get)
        kids = [(p, c) for c, p in zip(classes, probs, strict=True) if c != top and top_of[c] == top and p >= threshold]
        out.append(max(kids)[1] if kids else top)
    return out


def scaled_keyword_only_tagger(share: float):
    """A Tagger whose keyword-only topics (those the model has no class for: crime-law, labour, health...)
    count `share` of their keyword score wherever the model read the text, as the model's own classes
    do with MODEL_KEYWORD_SHARE (in triage.topics they count in full: one generic term beats the model)."""
    from triage.topics import Tagger

    class ScaledTagger(Tagger):
        def _keyword_scores(self, text, title, length):
            evidence, scores = super()._keyword_scores(text, title, length)
            if self._reads(f"{title}\n{text}" if title else text):
                scores = {s: v if s in self._model_classes else v * share for s, v in scores.items()}
            return evidence, scores

    return ScaledTagger


def tagger_temperatures(
    thuc, tnews, learner, temperatures: list[float], shares: list[float], f: int = 0, keyword_only_share: float = 1.0
) -> None:
    """The whole tagger on one fold at several model temperatures and keyword shares (the threshold and
    the keyword share read the model's probabilities, so its sharpness decides how often keywords or the
    threshold win). The share is triage.topics.MODEL_KEYWORD_SHARE, set here for the experiment only."""
    import tempfile

    from train_topics import fold, fold_training_set, load_model, load_taxonomy, write_model

    import triage.topics

    tagger_class = scaled_keyword_only_tagger(keyword_only_share)
    rows = thuc + tnews
    folds = np.array([fold(r[0]) for r in rows])
    train, weights, _ = fold_training_set(thuc, tnews, folds, f)
    model = learner([r[0] for r in train], np.array([r[1] for r in train]), weights)
    taxonomy = load_taxonomy()
    held = [(r, "THUCNews" if i < len(thuc) else "TNEWS") for i, r in enumerate(rows) if folds[i] == f]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.bin.gz"
        for t, share in [(t, share) for t in temperatures for share in shares]:
            triage.topics.MODEL_KEYWORD_SHARE = share
            write_model(path, model, t)
            tagger = tagger_class(taxonomy, load_model(path))
            for name in ("THUCNews", "TNEWS"):
                mine = [r for r, n in held if n == name]
                tops = [(tagger.topics(r[0]) or [None])[0] for r in mine]
                hits = [bool(top) and r[1] in taxonomy.ancestors(top.slug) for r, top in zip(mine, tops, strict=True)]
                untagged = sum(top is None for top in tops) / len(mine)
                print(
                    f"fold {f} T {t:.2f} share {share:.2f} {name:8} tagger {np.mean(hits):.3f} untagged {untagged:.3f}",
                    flush=True,
                )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("learners", nargs="*", help=f"some of {', '.join(LEARNERS)}")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    ap.add_argument("--subtree", action="store_true", help="the shipped learner with the subtree-sum decision rule")
    ap.add_argument("--temperatures", type=float, nargs="*", help="whole tagger on fold 0 at these temperatures")
    ap.add_argument("--shares", type=float, nargs="*", default=[0.5], help="keyword shares for --temperatures")
    ap.add_argument(
        "--keyword-only-share", type=float, default=1.0, help="for --temperatures: see scaled_keyword_only_tagger"
    )
    a = ap.parse_args()
    if unknown := set(a.learners) - set(LEARNERS):
        ap.error(f"unknown learners {sorted(unknown)}")
    thuc, tnews = read_thuc(a.data), read_tnews(a.data)
    if a.temperatures:
        for name in a.learners:
            tagger_temperatures(thuc, tnews, LEARNERS[name], a.temperatures, a.shares, 0, a.keyword_only_share)
        return
    base = cross_validate(thuc, tnews, fit)  # the shipped learner: each candidate's per-fold difference to it
    base_hits = base.hits(base.model_predictions())
    print_cv(base, f"{'svm':12}")
    if a.subtree:
        print_cv(base, f"{'svm subtree':12}", base.hits(subtree_predictions(base)))
        return
    for name in a.learners:
        start = time.process_time()
        cv = cross_validate(thuc, tnews, LEARNERS[name])
        hits = cv.hits(cv.model_predictions())
        print_cv(cv, f"{name:12}")
        for data in ("THUCNews", "TNEWS"):
            diff = np.subtract(cv.per_fold(hits, data), base.per_fold(base_hits, data))
            print(f"{name:12} {data:8} minus svm: {diff.mean():+.4f} +- {diff.std():.4f} (folds {np.round(diff, 3)})")
        print(f"{name:12} {time.process_time() - start:.0f} s CPU for the 5 folds", flush=True)


if __name__ == "__main__":
    main()

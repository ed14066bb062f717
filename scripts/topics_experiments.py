"""Candidate topic learners measured by the same 5-fold cross-validation over all labelled rows as
scripts/train_topics.py (model alone, mean +- spread over the folds, child counts for parent):

    python scripts/topics_experiments.py [svm nbsvm cnb svm+cnb svm+words ...]

Each learner sees only its fold's training rows. Ensemble weights are fixed numbers, not fitted.

Where the shipped model loses against the data README's baseline (char 1-3-gram tf-idf + linear SVM on
THUCNews alone), one factor at a time (each line: mean +- spread over the folds, and the per-fold difference to
the first configuration):

    python scripts/topics_experiments.py --factors "" "analyzer=sk,data=thuc,min_df=1,c=1" "data=thuc" \
        "data=joint-nokw" "tnews_weight=0.5" "analyzer=sk" "min_df=1" "min_df=3" "c=1" "c=0.3" \
        "class_weight=balanced" "labels=fine" "data=tnews" "tnews_weight=10,c=0.05" "learner=lr,c=10"
    python scripts/topics_experiments.py --experts "data=thuc" "tnews_weight=10,c=0.05"   # one model per data set

The keyword layer in headlines: top-level topics the model has no class for keeping a share of their keyword score
in headline-length texts the model read (whole tagger, 5-fold CV, paired per fold; then the corpus story titles):

    python scripts/topics_experiments.py svm --tagger-shares 1 0.7 0.5 0.3 0 [--single-term]

What the rows the old fixed split held out are worth (whole tagger, 5-fold CV, paired per fold):

    python scripts/topics_experiments.py --old-split

How accuracy grows with the training rows (the shipped learner, 5-fold CV, each fold's training rows cut to a
share by a fixed hash of their text), and the rows the issue's targets would need if each further doubling of the
rows gained what the last one did (a lower bound: each doubling gains less than the one before):

    python scripts/topics_experiments.py --learning-curve 0.125 0.25 0.5 1
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_topics import (  # noqa: E402
    CV_FOLDS,
    ROOT,
    C,
    LinearModel,
    cross_validate,
    fit,
    fit_nbsvm,
    fold,
    fold_training_set,
    ngrams,
    print_cv,
    read_thuc,
    read_tnews,
    summary,
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


# a headline, as the CV judges them: all its 24,753 headlines but one are at most 42 long (triage.topics.text_length)
HEADLINE_LENGTH = 50
STORIES = ROOT / "tests" / "fixtures" / "topics" / "corpus_stories.jsonl"


def headline_keyword_share_tagger(share: float, single_term: bool):
    """A Tagger whose top-level topics without a model class (crime-law, health, labour...) keep `share` of their
    keyword score in a headline-length text the model read (with single_term: only when one term fired for them).
    A child of a model class (ai, patents) refines the model's answer and keeps its score; a story keeps it too."""
    from triage.topics import Tagger

    class HeadlineScaledTagger(Tagger):
        def _keyword_scores(self, text, title, length):
            evidence, scores = super()._keyword_scores(text, title, length)
            if length <= HEADLINE_LENGTH and self._reads(f"{title}\n{text}" if title else text):
                scaled = {
                    s
                    for s in scores
                    if s in self._top_level
                    and s not in self._model_classes
                    and not (single_term and len(evidence[s]) > 1)
                }
                scores = {s: v * share if s in scaled else v for s, v in scores.items()}
            return evidence, scores

    return HeadlineScaledTagger


def story_title_hits(tagger, taxonomy) -> list[bool]:
    """The tagger on the titles of the labelled corpus stories alone: real headlines of other sites that no model
    saw, with gold from the whole taxonomy (the CV's data sets have no crime-law, health, disaster... class)."""
    import json

    rows = [r for r in map(json.loads, STORIES.read_text(encoding="utf-8").splitlines()) if (r["title"] or "").strip()]
    tops = [(tagger.topics(r["title"]) or [None])[0] for r in rows]
    return [
        bool(t) and bool(set(taxonomy.ancestors(t.slug)) & set(r["topics"])) for r, t in zip(rows, tops, strict=True)
    ]


def tagger_shares(thuc, tnews, names: list[str], shares: list[float], single_term: bool) -> None:
    """The whole tagger under the 5-fold CV, per learner and per share of headline_keyword_share_tagger: mean +-
    spread per data set and the per-fold difference to the first learner at the first share (the shipped
    configuration when that is svm 1); per share, what the rows it turned right had first, and the corpus story
    titles judged by the shipped model (a check on unseen headlines of every topic, not a figure to tune on)."""
    import tempfile
    from collections import Counter

    from train_topics import best_temperature, fold_training_set, load_model, load_taxonomy, write_model

    from triage.topics_model import MODEL_PATH

    taxonomy = load_taxonomy()
    results: dict[tuple[str, float], dict[str, list[float]]] = {}
    for name in names:
        learner = LEARNERS[name]
        cv = cross_validate(thuc, tnews, learner)
        print_cv(cv, f"{name:8} model alone")
        temperature = best_temperature(cv.decisions, np.searchsorted(cv.classes, [r[1] for r in cv.rows]))
        print(f"{name:8} temperature {temperature:.2f} (fitted on the out-of-fold decisions)", flush=True)
        tops = {share: [""] * len(cv.rows) for share in shares}
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.bin.gz"
            for f in range(int(cv.folds.max()) + 1):
                train, weights, _ = fold_training_set(thuc, tnews, cv.folds, f)
                write_model(path, learner([r[0] for r in train], np.array([r[1] for r in train]), weights), temperature)
                model = load_model(path)
                for share in shares:
                    tagger = headline_keyword_share_tagger(share, single_term)(taxonomy, model)
                    for i in np.flatnonzero(cv.folds == f):
                        tops[share][i] = ([t.slug for t in tagger.topics(cv.rows[i][0])] or [""])[0]
        first = cv.hits(tops[shares[0]])
        for share in shares:
            hits = cv.hits(tops[share])
            results[name, share] = {d: cv.per_fold(hits, d) for d in ("THUCNews", "TNEWS")}
            print_cv(cv, f"{name:8} tagger share {share:.2f}", hits)
            won = Counter((tops[shares[0]][i], cv.rows[i][1]) for i in np.flatnonzero(hits & ~first))
            print(f"{name:8} share {share:.2f} turned right (first topic before, gold): {won.most_common(8)}")
    base = results[names[0], shares[0]]
    for (name, share), figures in results.items():
        for data in ("THUCNews", "TNEWS"):
            diff = np.subtract(figures[data], base[data])
            print(
                f"{name:8} share {share:.2f} {data:8} minus {names[0]} share {shares[0]:.2f}:"
                f" {diff.mean():+.4f} +- {diff.std():.4f} (folds {np.round(diff, 3)})"
            )
    shipped = load_model(MODEL_PATH)
    for share in shares:
        hits = story_title_hits(headline_keyword_share_tagger(share, single_term)(taxonomy, shipped), taxonomy)
        print(f"share {share:.2f}: corpus story titles alone, shipped model: {sum(hits)} of {len(hits)} right")


def subsampled(base: Callable, share: float) -> Callable:
    """base learning from a share of the rows it is given: those whose text hashes below the share."""

    def learn(texts, labels, weights):
        keep = np.array(
            [int(hashlib.md5(("lc:" + t).encode("utf-8")).hexdigest(), 16) % 1000 < share * 1000 for t in texts]
        )
        return base([t for t, k in zip(texts, keep, strict=True) if k], labels[keep], weights[keep])

    return learn


def learning_curve(thuc, tnews, shares: list[float]) -> None:
    """CV accuracy of the model alone at each share of the training rows (ascending), and the rows the issue's
    targets (THUCNews 0.90, TNEWS 0.55) need at the last step's gain per doubling."""
    folds = np.array([fold(r[0]) for r in thuc + tnews])
    training_rows = np.mean([len(fold_training_set(thuc, tnews, folds, f)[0]) for f in range(CV_FOLDS)])
    points: dict[str, list[tuple[float, float]]] = {"THUCNews": [], "TNEWS": []}
    for share in shares:
        cv = cross_validate(thuc, tnews, subsampled(fit, share))
        hits = cv.hits(cv.model_predictions())
        for name in points:
            accuracy = cv.per_fold(hits, name)
            points[name].append((share * training_rows, float(np.mean(accuracy))))
            print(
                f"share {share:5.3f} (~{share * training_rows:6.0f} training rows) {name:8} {summary(accuracy)}",
                flush=True,
            )
    for name, target in (("THUCNews", 0.90), ("TNEWS", 0.55)):
        (n0, a0), (n1, a1) = points[name][-2:]
        gain = (a1 - a0) / math.log2(n1 / n0)  # the curve bends down: the last step's gain, not a fit through all
        needed = n1 * 2 ** ((target - a1) / gain) if gain > 0 else math.inf
        print(
            f"{name:8} +{gain:.4f} per doubling at the last step; {target} at ~{needed:,.0f} training rows"
            " if later doublings gained as much (they gain less)"
        )


def old_split_value(thuc, tnews) -> None:
    """What the rows the old fixed split held out (THUCNews bucket 0, TNEWS buckets 0-2) are worth to the shipped
    learner: per CV fold, the whole tagger of a model trained on the fold's training rows against one trained on those
    rows minus the old held-out ones, both judging the whole fold; the paired difference per data set."""
    import tempfile

    from train_topics import (
        THUC_HELDOUT_BUCKETS,
        TNEWS_HELDOUT_BUCKETS,
        bucket,
        fold,
        load_model,
        load_taxonomy,
        normalise,
        training_set,
        write_model,
    )

    from triage.topics import Tagger

    taxonomy = load_taxonomy()
    rows = thuc + tnews
    names = np.array(["THUCNews"] * len(thuc) + ["TNEWS"] * len(tnews))
    folds = np.array([fold(r[0]) for r in rows])
    old_held = {normalise(r[0]) for r in thuc if bucket(r[0]) in THUC_HELDOUT_BUCKETS}
    old_held |= {normalise(r[0]) for r in tnews if bucket(r[0]) in TNEWS_HELDOUT_BUCKETS}
    figures: dict[str, dict[str, list[float]]] = {k: {"THUCNews": [], "TNEWS": []} for k in ("all", "old split")}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.bin.gz"
        for f in range(int(folds.max()) + 1):
            held = np.flatnonzero(folds == f)
            excluded = {normalise(rows[i][0]) for i in held}
            for kind, dropped in (("all", set()), ("old split", old_held)):
                train, weights, _ = training_set(
                    [
                        r
                        for r, g in zip(thuc, folds[: len(thuc)], strict=True)
                        if g != f and normalise(r[0]) not in dropped
                    ],
                    [
                        r
                        for r, g in zip(tnews, folds[len(thuc) :], strict=True)
                        if g != f and normalise(r[0]) not in dropped
                    ],
                    excluded,
                )
                write_model(path, fit([r[0] for r in train], np.array([r[1] for r in train]), weights), SVM_TEMPERATURE)
                tagger = Tagger(taxonomy, load_model(path))
                tops = [(tagger.topics(rows[i][0]) or [None])[0] for i in held]
                hits = np.array(
                    [bool(t) and rows[i][1] in taxonomy.ancestors(t.slug) for i, t in zip(held, tops, strict=True)]
                )
                for name in ("THUCNews", "TNEWS"):
                    figures[kind][name].append(float(hits[names[held] == name].mean()))
            print(f"fold {f} done", flush=True)
    for name in ("THUCNews", "TNEWS"):
        diff = np.subtract(figures["all"][name], figures["old split"][name])
        print(
            f"whole tagger {name:8} all rows {summary(figures['all'][name])}; without the old held-out rows"
            f" {summary(figures['old split'][name])}; paired {diff.mean():+.4f} +- {diff.std():.4f}"
            f" (folds {np.round(diff, 4)})"
        )


# ---------------------------------------------------------------- factors: where ours loses to a plain baseline
# The data README's baseline (a char 1-3-gram TF-IDF linear model on THUCNews alone, ~0.89) against the shipped
# model (0.878), one factor at a time, under the same 5-fold CV (train_topics.fold) as everything above. Counts are
# built once per analyzer; each fold's tf-idf (df, min_df, smooth idf, sublinear tf, L2) is computed from that
# fold's training rows exactly as TfidfVectorizer.fit_transform would, so a configuration costs its fits only.


@dataclass(frozen=True)
class Config:
    """One configuration of the learner: what it reads, what it trains on, how it is regularised."""

    analyzer: str = (
        "ours"  # ours: triage_model.ngrams; sk: sklearn's char (1, 3); ours-nospace: ours minus space n-grams
    )
    data: str = "joint"  # joint: THUCNews + TNEWS + TNEWS keyword rows (shipped); thuc: THUCNews alone; joint-nokw
    min_df: int = 2
    learner: str = "svm"  # svm: LinearSVC (one-vs-rest); lr: multinomial logistic regression
    c: float = 0.5
    tnews_weight: float = 1.0
    sublinear: bool = True
    labels: str = "slug"  # slug: the model's classes are triage slugs; fine: the data sets' own classes (see FINE)
    class_weight: str = ""  # "" or balanced


@dataclass
class Rows:
    texts: list[str]
    slugs: np.ndarray
    sources: np.ndarray  # THUCNews, TNEWS or keywords (a TNEWS row's editors' keywords)
    folds: np.ndarray  # a keyword row is in its headline's fold
    normalised: list[str]
    fine: np.ndarray  # the row's class in its data set's own terms (one name where both data sets have it)


def factor_rows(thuc, tnews) -> Rows:
    from train_topics import fold, keyword_text

    from triage.topics_model import normalise

    texts, slugs, sources, folds, fine = [], [], [], [], []
    for name, rows in (("THUCNews", thuc), ("TNEWS", tnews)):
        for text, slug, line in rows:
            texts.append(text), slugs.append(slug), sources.append(name), folds.append(fold(text))
            fine.append(fine_class(name, line))
    for text, slug, line in tnews:
        if kw := keyword_text(line):
            texts.append(kw), slugs.append(slug), sources.append("keywords"), folds.append(fold(text))
            fine.append(fine_class("TNEWS", line))
    normalised = [normalise(t) for t in texts]
    return Rows(texts, np.array(slugs), np.array(sources), np.array(folds), normalised, np.array(fine))


# THUCNews class names as TNEWS names them (the same kind of news); THUCNews' politics and society stay apart
THUC_AS_TNEWS = {"realty": "house", "stocks": "stock", "education": "edu", "science": "tech", "sports": "sports"}


def fine_class(name: str, line: str) -> str:
    """A row's class in its data set's own terms: THUCNews' by number, TNEWS' label_desc without news_."""
    import json

    from train_topics import THUC_NAMES

    if name == "THUCNews":
        thuc_name = THUC_NAMES[int(line.rpartition("\t")[2])]
        return THUC_AS_TNEWS.get(thuc_name, thuc_name)
    return json.loads(line)["label_desc"].removeprefix("news_")


def sk_char(text: str) -> list[str]:
    """sklearn's TfidfVectorizer(analyzer='char', ngram_range=(1, 3)): lower case, white space runs as one space."""
    from sklearn.feature_extraction.text import CountVectorizer

    global _SK_ANALYZER
    if _SK_ANALYZER is None:
        _SK_ANALYZER = CountVectorizer(analyzer="char", ngram_range=(1, 3)).build_analyzer()
    return _SK_ANALYZER(text)


_SK_ANALYZER = None
ANALYZERS = {"ours": ngrams, "sk": sk_char}


def count_matrix(rows: Rows, analyzer: str):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(analyzer=ANALYZERS[analyzer], dtype=np.float64).fit_transform(rows.texts).tocsc()


def fold_tfidf(counts, train: np.ndarray, min_df: int, sublinear: bool):
    """TfidfVectorizer(min_df, sublinear_tf, smooth idf, L2) fitted on the train rows, applied to all rows."""
    from sklearn.preprocessing import normalize

    df = np.asarray((counts[train] > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df >= min_df)
    idf = np.log((1 + train.sum()) / (1 + df[keep])) + 1.0
    x = counts[:, keep].tocsr(copy=True)
    if sublinear:
        x.data = 1.0 + np.log(x.data)
    return normalize(x @ sparse.diags(idf), copy=False), keep


def training_rows(rows: Rows, config: Config, f: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows fold f's model learns from (none whose text is one of the fold's held-out texts) and their weights."""
    held_texts = {
        t for t, g, s in zip(rows.normalised, rows.folds, rows.sources, strict=True) if g == f and s != "keywords"
    }
    allowed = {"thuc": {"THUCNews"}, "joint-nokw": {"THUCNews", "TNEWS"}, "tnews": {"TNEWS", "keywords"}}.get(
        config.data, {"THUCNews", "TNEWS", "keywords"}
    )
    train = np.array(
        [
            g != f and s in allowed and t not in held_texts
            for t, g, s in zip(rows.normalised, rows.folds, rows.sources, strict=True)
        ]
    )
    weights = np.where(rows.sources == "THUCNews", 1.0, config.tnews_weight)
    return train, weights


def fit_linear(config: Config, x, y, w):
    class_weight = config.class_weight or None
    if config.learner == "lr":
        model = LogisticRegression(C=config.c, max_iter=3000, class_weight=class_weight).fit(x, y, sample_weight=w)
    else:
        model = LinearSVC(C=config.c, random_state=0, max_iter=5000, class_weight=class_weight)
        model.fit(x, y, sample_weight=w)
    return model


def factor_cv(rows: Rows, counts, config: Config) -> dict[str, list[float]]:
    """Per data set, the model-alone accuracy of each fold (a child counts for its parent, as the scorer counts)."""
    from triage.topics_taxonomy import load_taxonomy

    ancestors = load_taxonomy().ancestors
    labels = rows.fine if config.labels == "fine" else rows.slugs
    slug_of = dict(zip(labels, rows.slugs, strict=True))
    out: dict[str, list[float]] = {"THUCNews": [], "TNEWS": [], "n_features": []}
    for f in range(int(rows.folds.max()) + 1):
        train, weights = training_rows(rows, config, f)
        x, keep = fold_tfidf(counts, train, config.min_df, config.sublinear)
        model = fit_linear(config, x[train], labels[train], weights[train])
        out["n_features"].append(float(len(keep)))
        for name in ("THUCNews", "TNEWS"):
            held = (rows.folds == f) & (rows.sources == name)
            best = model.classes_[np.asarray(model.decision_function(x[held])).argmax(axis=1)]
            predicted = [slug_of[c] for c in best]
            gold = rows.slugs[held]
            out[name].append(float(np.mean([g in ancestors(p) for g, p in zip(gold, predicted, strict=True)])))
    return out


def parse_config(spec: str) -> Config:
    """'analyzer=sk,data=thuc,c=1' -> Config (unnamed fields keep the shipped values)."""
    kwargs = {}
    for part in filter(None, spec.split(",")):
        key, _, value = part.partition("=")
        field_type = type(getattr(Config(), key))
        kwargs[key] = value in ("1", "true", "True") if field_type is bool else field_type(value)
    return Config(**kwargs)


def run_factors(thuc, tnews, specs: list[str]) -> None:
    """Each configuration's CV figures and its per-fold difference to the first one (the reference)."""
    rows = factor_rows(thuc, tnews)
    counts = {}
    reference = None
    for spec in specs:
        config = parse_config(spec)
        if config.analyzer not in counts:
            counts[config.analyzer] = count_matrix(rows, config.analyzer)
        start = time.process_time()
        result = factor_cv(rows, counts[config.analyzer], config)
        reference = reference or result
        label = spec or "shipped"
        for name in ("THUCNews", "TNEWS"):
            diff = np.subtract(result[name], reference[name])
            print(
                f"{label:40} {name:8} {summary(result[name])}  minus first: {diff.mean():+.4f} +- {diff.std():.4f}",
                flush=True,
            )
        cpu = time.process_time() - start
        print(f"{label:40} {np.mean(result['n_features']):.0f} n-grams, {cpu:.0f} s CPU", flush=True)


def softmax_t(d: np.ndarray, t: float = SVM_TEMPERATURE) -> np.ndarray:
    return softmax(np.asarray(d) / t)


def on_classes(model, d: np.ndarray, classes: np.ndarray, missing: float) -> np.ndarray:
    """A model's decisions laid out on the given classes (a class it never learnt gets the constant `missing`)."""
    out = np.full((d.shape[0], len(classes)), missing)
    for j, c in enumerate(model.classes_):
        out[:, np.searchsorted(classes, c)] = d[:, j]
    return out


GATES = [(0.5, 0.0), (2.0, 0.0), (1.0, -1.0), (1.0, -2.0), (0.5, -1.0), (2.0, -2.0)]


def experts_cv(rows: Rows, counts, thuc_config: Config, tnews_config: Config, lambdas: list[float]) -> None:
    """One model per data set over shared tf-idf features: THUCNews' model (trained on THUCNews alone) and
    TNEWS' (tnews_config.data rows), combined (a) by the sum of their margins, d_thuc + lambda * d_tnews (still
    one linear model: the runtime reads it unchanged), (b) weighted by a domain model's probability that a
    headline reads like THUCNews (logistic regression over the same features), (c) by the oracle (which data
    set the row came from: the ceiling of (b))."""
    from triage.topics_taxonomy import load_taxonomy

    ancestors = load_taxonomy().ancestors
    results: dict[str, dict[str, list[float]]] = {}
    domain_acc = []
    for f in range(int(rows.folds.max()) + 1):
        train_t, w_t = training_rows(rows, thuc_config, f)
        train_n, w_n = training_rows(rows, tnews_config, f)
        train_all, _ = training_rows(rows, Config(), f)
        x, _ = fold_tfidf(counts, train_all, 2, True)
        model_t = fit_linear(thuc_config, x[train_t], rows.slugs[train_t], w_t[train_t])
        model_n = fit_linear(tnews_config, x[train_n], rows.slugs[train_n], w_n[train_n])
        headlines = train_all & (rows.sources != "keywords")
        domain = LogisticRegression(C=10.0, max_iter=3000).fit(x[headlines], rows.sources[headlines] == "THUCNews")
        classes = np.union1d(model_t.classes_, model_n.classes_)
        held = (rows.folds == f) & (rows.sources != "keywords")
        d_t = on_classes(model_t, model_t.decision_function(x[held]), classes, -1.0)
        d_n = on_classes(model_n, model_n.decision_function(x[held]), classes, -1.0)
        p_thuc = domain.predict_proba(x[held])[:, 1]
        sources = rows.sources[held]
        domain_acc.append(float(np.mean((p_thuc > 0.5) == (sources == "THUCNews"))))
        rules = {f"sum l={lam}": d_t + lam * d_n for lam in lambdas}
        rules["domain mix"] = p_thuc[:, None] * softmax_t(d_t) + (1 - p_thuc[:, None]) * softmax_t(d_n)
        logit = domain.decision_function(x[held])
        for k, shift in GATES:  # the gate sharpened (k) and moved towards TNEWS (shift < 0)
            g = 1.0 / (1.0 + np.exp(-(k * logit + shift)))[:, None]
            rules[f"mix k={k} shift={shift}"] = g * softmax_t(d_t) + (1 - g) * softmax_t(d_n)
        p_t, p_n = softmax_t(d_t), softmax_t(d_n)
        rules["surer expert"] = np.where((p_t.max(axis=1) >= p_n.max(axis=1))[:, None], p_t, p_n)
        rules["mean of experts"] = p_t + p_n
        rules["domain switch"] = np.where((p_thuc > 0.5)[:, None], d_t, d_n)
        rules["oracle switch"] = np.where((sources == "THUCNews")[:, None], d_t, d_n)
        rules["thuc model"] = d_t
        rules["tnews model"] = d_n
        gold = rows.slugs[held]
        for rule, d in rules.items():
            predicted = classes[d.argmax(axis=1)]
            hits = np.array([g in ancestors(p) for g, p in zip(gold, predicted, strict=True)])
            for name in ("THUCNews", "TNEWS"):
                results.setdefault(rule, {}).setdefault(name, []).append(float(hits[sources == name].mean()))
    print(f"domain model accuracy {summary(domain_acc)}")
    for rule, result in results.items():
        for name in ("THUCNews", "TNEWS"):
            print(f"{rule:20} {name:8} {summary(result[name])}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("learners", nargs="*", help=f"some of {', '.join(LEARNERS)}")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    ap.add_argument(
        "--factors", nargs="*", help="configurations (see Config: 'analyzer=sk,data=thuc,c=1'); '' = shipped"
    )
    ap.add_argument("--experts", nargs=2, help="configurations of THUCNews' and TNEWS' models (experts_cv)")
    ap.add_argument("--subtree", action="store_true", help="the shipped learner with the subtree-sum decision rule")
    ap.add_argument("--temperatures", type=float, nargs="*", help="whole tagger on fold 0 at these temperatures")
    ap.add_argument("--shares", type=float, nargs="*", default=[0.5], help="keyword shares for --temperatures")
    ap.add_argument(
        "--keyword-only-share", type=float, default=1.0, help="for --temperatures: see scaled_keyword_only_tagger"
    )
    ap.add_argument(
        "--tagger-shares", type=float, nargs="*", help="whole tagger CV at these headline keyword-only shares"
    )
    ap.add_argument("--old-split", action="store_true", help="what the old split's held-out rows are worth (CV)")
    ap.add_argument("--learning-curve", type=float, nargs="*", help="CV at these shares of the training rows")
    ap.add_argument("--single-term", action="store_true", help="--tagger-shares: only topics one term fired for")
    a = ap.parse_args()
    if unknown := set(a.learners) - set(LEARNERS):
        ap.error(f"unknown learners {sorted(unknown)}")
    thuc, tnews = read_thuc(a.data), read_tnews(a.data)
    if a.old_split:
        old_split_value(thuc, tnews)
        return
    if a.learning_curve:
        learning_curve(thuc, tnews, a.learning_curve)
        return
    if a.tagger_shares:
        tagger_shares(thuc, tnews, a.learners or ["svm"], a.tagger_shares, a.single_term)
        return
    if a.experts:
        rows = factor_rows(thuc, tnews)
        configs = [parse_config(spec) for spec in a.experts]
        experts_cv(rows, count_matrix(rows, "ours"), configs[0], configs[1], [0.3, 0.5, 1.0])
        return
    if a.factors is not None:
        run_factors(thuc, tnews, a.factors)
        return
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

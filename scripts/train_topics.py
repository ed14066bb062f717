"""Train triage's topic model from ../shared/data/topics.

    pip install -e '.[train]'
    python scripts/train_topics.py [--out FILE] [--tagger]      # all rows; 5-fold CV estimate printed
    python scripts/train_topics.py --heldout                     # the old fixed split and its files

By default the model learns from ALL labelled rows, and the honest figure is the 5-fold
cross-validation estimate printed first (mean and spread over the folds; folds are a fixed function
of each headline's text, so a headline and its duplicates share a fold). The softmax temperature is
fitted on the out-of-fold decisions. With --tagger the CV also runs the whole tagger (model +
keyword layer + threshold) on each held-out fold and writes, per data set, all its rows and the
out-of-fold predictions, so the scorer gives the full-tagger CV figure:

    cd bench/out/topics
    python3 ../../../../shared/eval/score.py topics --data cv_thuc.txt --pred cv_thuc_pred.jsonl
    python3 ../../../../shared/eval/score.py topics --data cv_tnews.json --pred cv_tnews_pred.jsonl

--heldout reproduces the old measurement: 10% of THUCNews and 30% of TNEWS (md5 buckets) held out
and written in the data sets' own formats, with the whole tagger's predictions by the model just
trained (score.py without --pred runs `triage tag`, i.e. the shipped model):

    cd bench/out/topics
    python3 ../../../../shared/eval/score.py topics --data thuc_heldout.txt [--pred thuc_heldout_pred.jsonl]
    python3 ../../../../shared/eval/score.py topics --data tnews_heldout.json [--pred tnews_heldout_pred.jsonl]

--learner svm (default: the shipped model's learner) or nbsvm (NB-SVM, same features and file format), or
experts: one linear SVM per data set over shared tf-idf features (THUCNews' from THUCNews alone; TNEWS' from TNEWS,
its keyword rows and THUCNews at weight 0.1) and a gate (logistic regression: does the headline read like
THUCNews?) weighing their softmaxes. Joint training costs both data sets (scripts/topics_experiments.py --factors
and --experts); the runtime reads the mixture only with the `experts` header of triage.topics_model
(/work/notes/s11/F_patch.diff).

The model is written to --out (default bench/out/topics/topic_model.bin.gz, a candidate: the shipped
triage/data/topic_model.bin.gz is replaced only on purpose, with --out). The shipped model is the default
mode's, trained on all rows: `python scripts/train_topics.py --out triage/data/topic_model.bin.gz` rebuilds it
byte for byte (tests/test_topics.py's 400-row floors are in-sample guards of that file, not accuracy figures).
Reproducible: fixed folds and buckets, deterministic learners, no timestamp in the file.

Classes are triage slugs; the THUCNews and TNEWS class tables below are the ones the scorer uses.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.topics_model import MODEL_PATH, dump_model, load_model, ngrams, normalise  # noqa: E402
from triage.topics_taxonomy import load_taxonomy  # noqa: E402

DATASET_CLASSES = tomllib.loads((ROOT / "scripts" / "dataset_classes.toml").read_text(encoding="utf-8"))
THUC = DATASET_CLASSES["thucnews"]["slugs"]
THUC_NAMES = DATASET_CLASSES["thucnews"]["names"]
TNEWS = DATASET_CLASSES["tnews"]
THUC_HELDOUT_BUCKETS = {0}  # 10% of THUCNews
TNEWS_HELDOUT_BUCKETS = {0, 1, 2}  # 30% of TNEWS: it is small, and the harder measure
VALIDATION_BUCKET = 7  # of the training rows: only to fit the softmax temperature
C = 0.5
NBSVM_C = 0.2  # of 0.05, 0.1, 0.2, 0.5 and 1, the best 5-fold CV figure (scripts/topics_experiments.py)
NBSVM_ALPHA = 1.0  # count smoothing of the log-count ratios
MIN_DF = 2
CV_FOLDS = 5
# each expert's softmax temperature: at 0.23 the out-of-fold mixture is calibrated (the temperature fitted on its
# log-probabilities is 1.04; at 0.27, the shipped SVM's, 0.87: too flat, keywords overruled it too often)
EXPERT_TEMPERATURE = 0.23
GATE_C = 10.0
# the gate's logit is GATE_SHARPNESS * (the domain model's logit) + GATE_SHIFT: moved towards TNEWS' expert, which
# knows THUCNews too (at 0.1), where THUCNews' knows nothing of TNEWS' classes. Of the 7 gates of
# topics_experiments.py --experts (GATES), the one gaining on both data sets (1, -1; 2, -2 gains a little less)
GATE_SHARPNESS = 1.0
GATE_SHIFT = -1.0
GATE = "_gate"  # the gate's column in the model file (not a topic)
# TNEWS' expert learns from THUCNews too, at this weight: its vocabulary without its class boundaries (TNEWS
# alone 0.522, joint at weight 1 0.516, at 0.1 0.535: topics_experiments.py --factors "tnews_weight=10,c=0.05")
THUC_WEIGHT_IN_TNEWS_EXPERT = 0.1
DEFAULT_OUT = ROOT / "bench" / "out" / "topics" / "topic_model.bin.gz"


def bucket(text: str) -> int:
    return int(hashlib.md5(normalise(text).encode("utf-8")).hexdigest(), 16) % 10


def read_thuc(data: Path) -> list[tuple[str, str, str]]:
    """(text, slug, original line) from both THUCNews files."""
    rows = []
    for line in (data / "thuc_dev.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            title, _, number = line.rpartition("\t")
            rows.append((title, THUC[int(number)], f"{title}\t{number}"))
    for line in (data / "pytc_thucnews_1w.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            name, _, title = line.partition("\t")
            number = THUC_NAMES.index(name)
            rows.append((title, THUC[number], f"{title}\t{number}"))
    return rows


def read_tnews(data: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in (data / "tnews_dev.json").read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            if obj["label"] in TNEWS:
                rows.append((obj["sentence"], TNEWS[obj["label"]], line))
    return rows


def keyword_text(line: str) -> str:
    return " ".join(k for k in json.loads(line).get("keywords", "").split(",") if k.strip())


def split(rows, heldout_buckets):
    train = [r for r in rows if bucket(r[0]) not in heldout_buckets]
    held = [r for r in rows if bucket(r[0]) in heldout_buckets]
    return train, held


@dataclass
class LinearModel:
    """What triage's runtime reads: tf-idf char n-grams (vectorizer) and one weight row per class."""

    vectorizer: TfidfVectorizer
    classes: np.ndarray
    coef: np.ndarray  # classes x features
    intercept: np.ndarray

    def decisions(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.vectorizer.transform(texts) @ self.coef.T) + self.intercept

    def predict(self, texts: list[str]) -> np.ndarray:
        return self.classes[self.decisions(texts).argmax(axis=1)]


@dataclass
class ExpertsModel:
    """One linear SVM per data set over the same features and a gate weighing them: decisions are the log of
    the mixture's probabilities over the union of the experts' classes (what the runtime computes)."""

    vectorizer: TfidfVectorizer
    expert_classes: list[np.ndarray]  # THUCNews' expert's classes, then TNEWS'
    coef: np.ndarray  # columns x features: the experts' classes in order, then the gate
    intercept: np.ndarray
    classes: np.ndarray  # the union of the experts' classes, sorted
    temperature: float = EXPERT_TEMPERATURE

    @property
    def column_classes(self) -> list[str]:
        return [str(c) for cs in self.expert_classes for c in cs] + [GATE]

    def probabilities(self, texts: list[str]) -> np.ndarray:
        margins = np.asarray(self.vectorizer.transform(texts) @ self.coef.T) + self.intercept
        first = 1.0 / (1.0 + np.exp(-np.clip(margins[:, -1:], -30, 30)))
        out = np.zeros((len(texts), len(self.classes)))
        start = 0
        for cs, share in zip(self.expert_classes, (first, 1.0 - first), strict=True):
            z = margins[:, start : start + len(cs)] / self.temperature
            e = np.exp(z - z.max(axis=1, keepdims=True))
            out[:, np.searchsorted(self.classes, cs)] += share * e / e.sum(axis=1, keepdims=True)
            start += len(cs)
        return out

    def decisions(self, texts: list[str]) -> np.ndarray:
        return np.log(self.probabilities(texts) + 1e-12)

    def predict(self, texts: list[str]) -> np.ndarray:
        return self.classes[self.decisions(texts).argmax(axis=1)]


Learner = Callable[..., LinearModel | ExpertsModel]


def vectorize(texts: list[str], analyzer=ngrams) -> tuple[TfidfVectorizer, object]:
    vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=MIN_DF, dtype=np.float64)
    return vectorizer, vectorizer.fit_transform(texts)


def fit(texts, labels, weights) -> LinearModel:
    """The shipped learner: a linear SVM (one-vs-rest) over the tf-idf n-grams."""
    vectorizer, x = vectorize(texts)
    svm = LinearSVC(C=C, random_state=0, max_iter=5000).fit(x, labels, sample_weight=weights)
    return LinearModel(vectorizer, svm.classes_, svm.coef_, svm.intercept_)


def fit_nbsvm(texts, labels, weights, c: float = NBSVM_C, analyzer=ngrams, alpha: float = NBSVM_ALPHA) -> LinearModel:
    """NB-SVM (Wang & Manning 2012): per class, the features scaled by their log-count ratio (the class
    against the rest, on binarised counts) and a binary linear SVM on them. The scaled weights fold back
    into one linear model over the same tf-idf features, so the runtime reads it unchanged."""
    vectorizer, x = vectorize(texts, analyzer)
    present = (x > 0).astype(np.float64)
    classes = np.unique(labels)
    coef, intercept = [], []
    for cls in classes:
        mine = labels == cls
        p = alpha + np.asarray(present[mine].sum(axis=0)).ravel()
        q = alpha + np.asarray(present[~mine].sum(axis=0)).ravel()
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        svm = LinearSVC(C=c, random_state=0, max_iter=5000)
        svm.fit(x @ sparse.diags(ratio), mine, sample_weight=weights)
        coef.append(svm.coef_.ravel() * ratio)
        intercept.append(svm.intercept_[0])
    return LinearModel(vectorizer, classes, np.array(coef), np.array(intercept))


def fit_experts(texts, labels, weights, sources, gate_shift: float | None = None) -> ExpertsModel:
    """THUCNews' expert learns from THUCNews' rows alone, TNEWS' from TNEWS' rows and keyword rows (and THUCNews'
    at a low weight), the gate
    from the headlines of both (THUCNews or not); the tf-idf is fitted on all rows, as the shipped model's."""
    gate_shift = GATE_SHIFT if gate_shift is None else gate_shift
    vectorizer, x = vectorize(texts)
    sources = np.asarray(sources)
    experts, coef, intercept = [], [], []
    thuc = sources == "THUCNews"
    tnews_weights = np.where(thuc, THUC_WEIGHT_IN_TNEWS_EXPERT, 1.0) * weights
    for mine, w in ((thuc, weights), (np.ones_like(thuc), tnews_weights)):
        svm = LinearSVC(C=C, random_state=0, max_iter=5000).fit(x[mine], labels[mine], sample_weight=w[mine])
        experts.append(svm.classes_)
        coef.append(svm.coef_)
        intercept.append(svm.intercept_)
    headlines = sources != "keywords"
    gate = LogisticRegression(C=GATE_C, max_iter=3000).fit(x[headlines], sources[headlines] == "THUCNews")
    coef.append(GATE_SHARPNESS * gate.coef_)
    intercept.append(GATE_SHARPNESS * gate.intercept_ + gate_shift)
    classes = np.unique(np.concatenate(experts))
    return ExpertsModel(vectorizer, experts, np.vstack(coef), np.concatenate(intercept), classes, EXPERT_TEMPERATURE)


fit_experts.needs_sources = True


def learn(learner: Learner, train, weights):
    """The learner fitted on training rows (text, slug, original line); the experts are told each row's data set."""
    texts, labels = [r[0] for r in train], np.array([r[1] for r in train])
    if getattr(learner, "needs_sources", False):
        return learner(texts, labels, weights, [source(r) for r in train])
    return learner(texts, labels, weights)


LEARNERS: dict[str, Learner] = {"svm": fit, "nbsvm": fit_nbsvm, "experts": fit_experts}


def best_temperature(decisions: np.ndarray, gold: np.ndarray) -> float:
    """The softmax temperature that makes the margins honest probabilities on unseen rows (min NLL)."""
    best, best_nll = 1.0, math.inf
    for t in np.arange(0.05, 1.5, 0.01):
        z = decisions / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -logp[np.arange(len(gold)), gold].mean()
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def quantise(matrix: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """int8 values and a scale per slice along axis (per class for weights)."""
    peak = np.abs(matrix).max(axis=axis, keepdims=True)
    scale = np.where(peak > 0, peak / 127.0, 1.0)
    return np.clip(np.rint(matrix / scale), -127, 127).astype(np.int8), scale.ravel()


def accuracy(model, rows) -> float:
    hits = 0
    for text, gold, _ in rows:
        probs = model.probabilities(text)
        hits += bool(probs) and max(probs, key=probs.get) == gold
    return hits / len(rows)


def source(row: tuple[str, str, str]) -> str:
    """Which data set a training row came from (its original line tells): THUCNews, TNEWS or a keyword row."""
    return "TNEWS" if row[2].startswith("{") else "THUCNews" if row[2] else "keywords"


def print_confusion(name: str, gold: list[str], predicted: list[str]) -> None:
    """Rows: gold class; columns: the model's class. A child counts for its parent, as the scorer counts it
    (a finance headline called markets is right), so the accuracy line is the scorer's figure."""
    ancestors = load_taxonomy().ancestors
    hits = sum(g in ancestors(p) for g, p in zip(gold, predicted, strict=True))
    print(f"{name} validation: {hits / len(gold):.3f} of {len(gold)} (model alone; rows gold, columns predicted)")
    columns = sorted(set(predicted) | set(gold))
    counts = Counter(zip(gold, predicted, strict=True))
    print(" " * 19 + "".join(f"{c[:6]:>7}" for c in columns))
    for g in sorted(set(gold)):
        print(f"{g[:18]:18} " + "".join(f"{counts[g, c]:7d}" for c in columns))


def training_set(thuc_rows, tnews_rows, excluded: set[str], tnews_weight: float = 1.0):
    """(rows, weights, headline of each row): the headlines, plus the TNEWS editors' keywords as extra
    rows (they teach the Toutiao vocabulary; what is measured is the headline alone, as triage sees
    it). Rows whose text is one of the excluded (held-out) texts are left out, keyword rows too."""
    tnews_keywords = [((kw, slug, ""), text) for text, slug, line in tnews_rows if (kw := keyword_text(line))]
    weighted = [(r, 1.0, r[0]) for r in thuc_rows] + [(r, tnews_weight, r[0]) for r in tnews_rows]
    weighted += [(r, tnews_weight, headline) for r, headline in tnews_keywords]
    weighted = [(r, w, h) for r, w, h in weighted if normalise(r[0]) not in excluded]
    return [r for r, _, _ in weighted], np.array([w for _, w, _ in weighted]), [h for _, _, h in weighted]


def write_model(path: Path, model: LinearModel | ExpertsModel, temperature: float) -> None:
    """The int8 file triage reads (weights quantised per class, idf to uint8). The experts' file has their
    columns in order and the gate's last, and their own temperature."""
    experts = [len(cs) for cs in model.expert_classes] if isinstance(model, ExpertsModel) else []
    classes = model.column_classes if experts else model.classes.tolist()
    temperature = model.temperature if experts else temperature
    features = model.vectorizer.get_feature_names_out().tolist()
    weights_q, scale = quantise(model.coef.T, axis=0)  # features x classes, a scale per class
    idf = model.vectorizer.idf_
    idf_scale = idf.max() / 255.0
    idf_q = np.clip(np.rint(idf / idf_scale), 1, 255).astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    dump_model(
        path,
        classes=classes,
        features=features,
        weights_q=weights_q.ravel().tolist(),
        scale=scale,
        bias=model.intercept,
        idf_q=idf_q.tolist(),
        idf_scale=idf_scale,
        temperature=temperature,
        **({"experts": experts} if experts else {}),
    )


# ---------------------------------------------------------------- k-fold cross-validation
def fold(text: str, k: int = CV_FOLDS) -> int:
    """A headline's fold: a fixed function of its normalised text (duplicates share a fold)."""
    return int(hashlib.md5(("cv:" + normalise(text)).encode("utf-8")).hexdigest(), 16) % k


@dataclass
class CrossValidation:
    """Out-of-fold results over all labelled rows: each row judged by a model that never saw it."""

    rows: list[tuple[str, str, str]]  # (text, slug, original line), THUCNews then TNEWS
    names: list[str]  # the data set of each row
    folds: np.ndarray
    classes: np.ndarray
    decisions: np.ndarray  # rows x classes, out of fold

    def hits(self, predicted: list[str]) -> np.ndarray:
        """A child counts for its parent, as the scorer counts it (a finance headline called markets is right)."""
        ancestors = load_taxonomy().ancestors
        pairs = zip(self.rows, predicted, strict=True)
        return np.array([bool(p) and gold in ancestors(p) for (_, gold, _), p in pairs])

    def model_predictions(self) -> list[str]:
        return [str(c) for c in self.classes[self.decisions.argmax(axis=1)]]

    def per_fold(self, hits: np.ndarray, name: str) -> list[float]:
        mine = np.array([n == name for n in self.names])
        return [float(hits[mine & (self.folds == f)].mean()) for f in range(int(self.folds.max()) + 1)]


def fold_training_set(thuc, tnews, folds: np.ndarray, f: int, tnews_weight: float = 1.0):
    """The training rows of fold f's model: every other fold's rows (the held-out texts excluded everywhere)."""
    rows = thuc + tnews
    excluded = {normalise(r[0]) for r, g in zip(rows, folds, strict=True) if g == f}
    return training_set(
        [r for r, g in zip(thuc, folds[: len(thuc)], strict=True) if g != f],
        [r for r, g in zip(tnews, folds[len(thuc) :], strict=True) if g != f],
        excluded,
        tnews_weight,
    )


def cross_validate(thuc, tnews, learner: Learner = fit, k: int = CV_FOLDS, tnews_weight: float = 1.0):
    """k models, each trained on all rows but one fold's (and that fold's keyword rows) and judging that fold."""
    rows = thuc + tnews
    names = ["THUCNews"] * len(thuc) + ["TNEWS"] * len(tnews)
    folds = np.array([fold(r[0], k) for r in rows])
    decisions, classes = None, None
    for f in range(k):
        train, weights, _ = fold_training_set(thuc, tnews, folds, f, tnews_weight)
        model = learn(learner, train, weights)
        if decisions is None:
            classes = model.classes
            decisions = np.zeros((len(rows), len(classes)))
        assert list(model.classes) == list(classes)
        decisions[folds == f] = model.decisions([r[0] for r, g in zip(rows, folds, strict=True) if g == f])
    return CrossValidation(rows, names, folds, classes, decisions)


def summary(values: list[float]) -> str:
    return f"{np.mean(values):.3f} +- {np.std(values):.3f} (folds {' '.join(f'{v:.3f}' for v in values)})"


def print_cv(cv: CrossValidation, label: str, hits: np.ndarray | None = None) -> None:
    hits = cv.hits(cv.model_predictions()) if hits is None else hits
    for name in ("THUCNews", "TNEWS"):
        print(f"{label} {name:8} {summary(cv.per_fold(hits, name))}")


def tagger_predictions(cv: CrossValidation, thuc, tnews, temperature: float, work: Path, learner: Learner = fit):
    """The whole tagger (model as the runtime reads it + keyword layer + threshold) on each held-out fold:
    per row its ranked slugs and the keyword terms (not model n-grams) behind its first topic."""
    from triage.topics import Tagger

    taxonomy = load_taxonomy()
    predicted: list[list[str]] = [[] for _ in cv.rows]
    terms: list[list[str]] = [[] for _ in cv.rows]
    for f in range(int(cv.folds.max()) + 1):
        train, weights, _ = fold_training_set(thuc, tnews, cv.folds, f)
        path = work / f"cv_fold{f}.bin.gz"
        write_model(path, learn(learner, train, weights), temperature)
        tagger = Tagger(taxonomy, load_model(path))
        for i in np.flatnonzero(cv.folds == f):
            topics = tagger.topics(cv.rows[i][0])
            predicted[i] = [t.slug for t in topics]
            terms[i] = [e for e in topics[0].evidence if not e.startswith("model:")] if topics else []
        path.unlink()
    return predicted, terms


def write_cv_files(cv: CrossValidation, predicted: list[list[str]], work: Path) -> None:
    """Per data set: all its rows in its own format and the out-of-fold predictions (ids number the lines as
    the scorer does), so score.py --pred gives the full tagger's CV figure."""
    files = (("THUCNews", "cv_thuc.txt", "cv_thuc_pred.jsonl"), ("TNEWS", "cv_tnews.json", "cv_tnews_pred.jsonl"))
    for name, data, pred in files:
        mine = [i for i, n in enumerate(cv.names) if n == name]
        (work / data).write_text("".join(cv.rows[i][2] + "\n" for i in mine), encoding="utf-8")
        lines = [json.dumps({"id": f"t{n}", "topics": predicted[i]}, ensure_ascii=False) for n, i in enumerate(mine)]
        (work / pred).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def print_tagger_confusion(cv: CrossValidation, predicted: list[list[str]], terms: list[list[str]]) -> None:
    """Where the keyword layer and the threshold change the model's answer: per gold class, how often
    they turn a wrong model answer right (won) or a right one wrong (lost), to what, and the keyword
    terms behind the wrong first topics."""
    model = cv.model_predictions()
    tagger_top = [p[0] if p else "" for p in predicted]
    model_hits, tagger_hits = cv.hits(model), cv.hits(tagger_top)
    for name in ("THUCNews", "TNEWS"):
        mine = [i for i, n in enumerate(cv.names) if n == name]
        print(f"{name}: the tagger against the model alone, per gold class (won / lost, and lost to what)")
        for gold in sorted({cv.rows[i][1] for i in mine}):
            rows = [i for i in mine if cv.rows[i][1] == gold]
            won = sum(bool(tagger_hits[i] and not model_hits[i]) for i in rows)
            lost = [i for i in rows if model_hits[i] and not tagger_hits[i]]
            to = Counter(tagger_top[i] or "(untagged)" for i in lost).most_common(4)
            print(f"  {gold:20} n={len(rows):5d} won {won:4d} lost {len(lost):4d}  {to}")
        lost = [i for i in mine if model_hits[i] and not tagger_hits[i]]
        culprits = Counter((tagger_top[i], t) for i in lost for t in terms[i][:1])
        print(f"{name}: terms that turned right model answers wrong (topic, term): {culprits.most_common(25)}")


def main_all(a) -> None:
    """Default: the CV estimate over all rows, then the model trained on all of them."""
    thuc, tnews = read_thuc(a.data), read_tnews(a.data)
    learner = LEARNERS[a.learner]
    cv = cross_validate(thuc, tnews, learner, a.folds, a.tnews_weight)
    print(f"{a.folds}-fold CV over all {len(thuc)} THUCNews and {len(tnews)} TNEWS rows (mean +- spread):")
    print_cv(cv, "CV model alone")
    temperature = best_temperature(cv.decisions, np.searchsorted(cv.classes, [r[1] for r in cv.rows]))
    if a.learner == "experts":
        print(f"the experts' softmax temperature is {EXPERT_TEMPERATURE} (the one fitted below: on their log mixture)")
    print(f"temperature {temperature:.2f} (fitted on the out-of-fold decisions)")
    if a.temperature:
        temperature = a.temperature
        print(f"temperature {temperature:.2f} (--temperature: sharper: the model weighs more against keywords)")
    for name in ("THUCNews", "TNEWS"):
        mine = [i for i, n in enumerate(cv.names) if n == name]
        print_confusion(name, [cv.rows[i][1] for i in mine], [cv.model_predictions()[i] for i in mine])
    if a.keyword_only_share is not None:  # an experiment on the tagger, not triage's behaviour
        from triage_with_model import scale_keyword_only_topics

        scale_keyword_only_topics(a.keyword_only_share)
    if a.tagger:
        predicted, terms = tagger_predictions(cv, thuc, tnews, temperature, a.heldout_dir, learner)
        print_cv(cv, "CV whole tagger", cv.hits([p[0] if p else "" for p in predicted]))
        print_tagger_confusion(cv, predicted, terms)
        write_cv_files(cv, predicted, a.heldout_dir)
    train, weights, _ = training_set(thuc, tnews, set(), a.tnews_weight)
    model = learn(learner, train, weights)
    write_model(a.out, model, temperature)
    size = a.out.stat().st_size / 1e6
    print(
        f"wrote {a.out} ({a.learner}, {size:.2f} MB,"
        f" {len(model.vectorizer.idf_)} n-grams, {len(model.classes)} classes)"
    )


def main_heldout(a) -> None:
    """--heldout: the old fixed split, its files, and the model trained without the held-out rows."""
    thuc_train, thuc_held = split(read_thuc(a.data), THUC_HELDOUT_BUCKETS)
    tnews_train, tnews_held = split(read_tnews(a.data), TNEWS_HELDOUT_BUCKETS)
    held_texts = {normalise(t) for t, _, _ in thuc_held + tnews_held}
    train, weights, headlines = training_set(thuc_train, tnews_train, held_texts, a.tnews_weight)
    (a.heldout_dir / "thuc_heldout.txt").write_text("".join(r[2] + "\n" for r in thuc_held), encoding="utf-8")
    (a.heldout_dir / "tnews_heldout.json").write_text("".join(r[2] + "\n" for r in tnews_held), encoding="utf-8")
    n_keywords = sum(source(r) == "keywords" for r in train)
    print(
        f"train {len(train)} (TNEWS {sum(source(r) == 'TNEWS' for r in train)} + {n_keywords} keyword rows),"
        f" held out THUCNews {len(thuc_held)}, TNEWS {len(tnews_held)}"
    )

    texts = [r[0] for r in train]
    labels = np.array([r[1] for r in train])
    # validation: the headlines of one bucket; the keyword rows of those headlines are neither trained
    # on (they would leak the answer) nor judged (triage judges headlines)
    in_val_bucket = np.array([bucket(h) == VALIDATION_BUCKET for h in headlines])
    is_val = in_val_bucket & np.array([source(r) != "keywords" for r in train])
    fit_rows = ~in_val_bucket
    learner = LEARNERS[a.learner]
    val_model = learn(learner, [r for r, f in zip(train, fit_rows, strict=True) if f], weights[fit_rows])
    decisions = val_model.decisions([t for t, v in zip(texts, is_val, strict=True) if v])
    gold = np.searchsorted(val_model.classes, labels[is_val])
    temperature = best_temperature(decisions, gold)
    val_rows = [r for r, v in zip(train, is_val, strict=True) if v]
    val_predicted = val_model.classes[decisions.argmax(axis=1)]
    for name in ("THUCNews", "TNEWS"):
        mine = [i for i, r in enumerate(val_rows) if source(r) == name]
        print_confusion(name, [val_rows[i][1] for i in mine], [str(val_predicted[i]) for i in mine])
    print(f"temperature {temperature:.2f} (fitted on {is_val.sum()} validation rows)")

    model = learn(learner, train, weights)
    write_model(a.out, model, temperature)
    for name, rows in (("THUCNews", thuc_held), ("TNEWS", tnews_held)):
        predicted = model.predict([r[0] for r in rows])
        print(f"before quantising: {name} held-out {np.mean(predicted == np.array([r[1] for r in rows])):.3f}")
    loaded = load_model(a.out)
    size = a.out.stat().st_size / 1e6
    print(f"wrote {a.out} ({size:.2f} MB, {len(loaded.index)} n-grams, {len(loaded.classes)} classes)")
    print(
        f"model alone, as loaded: THUCNews held-out {accuracy(loaded, thuc_held):.3f},"
        f" TNEWS {accuracy(loaded, tnews_held):.3f}"
    )
    from triage.topics import Tagger

    tagger = Tagger(load_taxonomy(), loaded)
    for rows, pred in ((thuc_held, "thuc_heldout_pred.jsonl"), (tnews_held, "tnews_heldout_pred.jsonl")):
        lines = [
            json.dumps({"id": f"t{n}", "topics": [t.slug for t in tagger.topics(r[0])]}, ensure_ascii=False)
            for n, r in enumerate(rows)
        ]
        (a.heldout_dir / pred).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def main() -> None:
    global EXPERT_TEMPERATURE, GATE_SHIFT
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    ap.add_argument("--heldout-dir", type=Path, default=ROOT / "bench" / "out" / "topics")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"model file (the shipped one is {MODEL_PATH})")
    ap.add_argument("--heldout", action="store_true", help="the old fixed held-out split instead of all rows + CV")
    ap.add_argument("--folds", type=int, default=CV_FOLDS)
    ap.add_argument("--learner", choices=list(LEARNERS), default="svm", help="svm: the shipped model's; nbsvm: NB-SVM")
    ap.add_argument("--tagger", action="store_true", help="CV through the whole tagger too (writes the cv_* files)")
    ap.add_argument("--temperature", type=float, help="instead of the one fitted on the out-of-fold decisions")
    ap.add_argument("--keyword-only-share", type=float, help="--tagger experiment: see scripts/triage_with_model.py")
    ap.add_argument("--tnews-weight", type=float, default=1.0, help="TNEWS rows count this much (fewer, other site)")
    ap.add_argument("--gate-shift", type=float, help=f"experts: the gate's shift (default {GATE_SHIFT})")
    a = ap.parse_args()
    a.heldout_dir.mkdir(parents=True, exist_ok=True)
    if a.learner == "experts" and a.temperature:  # the experts' softmax temperature, in the CV too
        EXPERT_TEMPERATURE = a.temperature
    if a.gate_shift is not None:
        GATE_SHIFT = a.gate_shift
    if a.heldout:
        main_heldout(a)
    else:
        main_all(a)


if __name__ == "__main__":
    main()

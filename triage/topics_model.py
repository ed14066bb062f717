"""The statistical half of topic tagging: a linear model over hashed-free char n-grams, read with
the stdlib only. scripts/train_topics.py trains it (scikit-learn) and writes the file this reads,
so training and inference share `ngrams` below and cannot drift apart."""

from __future__ import annotations

import gzip
import json
import math
import re
import struct
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import add, is_not, mul, sub, truediv
from pathlib import Path
from typing import NamedTuple

from triage.errors import TriageError

MODEL_PATH = Path(__file__).resolve().parent / "data" / "topic_model.bin.gz"
MAGIC = b"TRIAGE-TOPICS\x01"
MAX_N = 3
# Enough text to know what a story is about; its lead carries the topic, and the cost of a long
# article stays bounded (the keyword layer still reads the whole text).
MAX_CHARS = 1500

# (1 + ln tf) by tf, the sublinear term frequency: an n-gram occurs at most MAX_CHARS times in the text read
_sublinear_tf = ([0.0, 1.0] + [1.0 + math.log(tf) for tf in range(2, MAX_CHARS + 1)]).__getitem__

_DIGITS = re.compile(r"\d+")


# The characters of Chinese text that fail NFKC's quick check: full-width ASCII forms, the ideographic
# space, the ellipsis. One of them and unicodedata normalises the whole text, its composition step
# costing hundreds of instructions per character; each replaced by its own NFKD first (which leaves the
# text's NFKD, so its NFKC, as it was), a Chinese text passes the quick check and comes back as it is.
_QUICK_CHECK_FAILS = re.compile("[\uff01-\uff5e\u3000\u2026]")
_DECOMPOSED = {c: unicodedata.normalize("NFKD", c) for c in map(chr, [*range(0xFF01, 0xFF5F), 0x3000, 0x2026])}


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), without the full normalisation for the common full-width forms."""
    # ASCII is its own NFKC; so is a text that passes the quick check (which stops at the first full-width
    # comma of a Chinese text, and spares a European one the scan for full-width forms below)
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    for char in set(_QUICK_CHECK_FAILS.findall(text)):  # the distinct ones: a handful in a text
        text = text.replace(char, _DECOMPOSED[char])
    return unicodedata.normalize("NFKC", text)


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, one space for any run of white space, and
    every number as 0: the figures change from story to story, the fact that there is one does not."""
    return _DIGITS.sub("0", fold(text))


@lru_cache(maxsize=4)
def fold(text: str) -> str:
    """NFKC, lower case, one space for any run of white space, stripped: the text as the model and the
    taxonomy's terms are matched against. Remembered for the few last texts: the tagger folds a headline
    for its terms and then again for the model."""
    # str.split() splits at the characters \s matches (both ask Py_UNICODE_ISSPACE): the white space runs become
    # single spaces and the ends are stripped without a regex scan
    return " ".join(nfkc(text).lower().split())


def ngrams(text: str, max_n: int = MAX_N) -> list[str]:
    """Character 1..max_n-grams of the normalised text (the training script uses this very function)."""
    text = normalise(text)[:MAX_CHARS]
    out = [c for c in text if not c.isspace()]  # white space is single spaces now: only unigrams can be all space
    for n in range(2, max_n + 1):
        out += [text[i : i + n] for i in range(len(text) - n + 1)]
    return out


def ngram_counts(text: str) -> Counter[str]:
    """Counter(ngrams(text)) for the model's MAX_N of 3, in the same order, built by C-level loops
    (the hot path of tagging: no list of every n-gram, no slicing per position)."""
    text = normalise(text)[:MAX_CHARS]
    bigrams = list(map(add, text, text[1:]))
    trigrams = map(add, bigrams, text[2:])  # each bigram and the character after it
    return Counter(chain(text.replace(" ", ""), bigrams, trigrams))  # white space is single spaces now


class Features(NamedTuple):
    """A text's known n-grams as the model reads them: ids[i] is a feature index (in order of first
    occurrence in the text), values[i] its sublinear tf-idf, L2-normalised, and weights[c][i] its
    weight for class c. Parallel sequences, not a tuple per n-gram: the n-gram strings are looked up
    (TopicModel.grams) only for the evidence shown."""

    ids: Sequence[int]
    values: list[float]
    weights: Sequence[Sequence[int]]  # one column per class


NO_FEATURES = Features([], [], [])


class Words(NamedTuple):
    """The word-like n-grams among a text's features (the candidates for the model's evidence)."""

    grams: list[str]
    values: list[float]
    keep: list[int]  # which of the features are word-like (1) ...
    weights: Sequence[Sequence[int]]  # ... in the features' weight columns, one per class


@dataclass(slots=True)
class TopicModel:
    """records[f] = (f, idf, w_0, ..., w_C-1): n-gram f's idf and its int8 weight for each class (times
    scale[c]) as a float; index maps each n-gram to its record (the same tuple), so one lookup gives all the
    model knows of it; grams[f] is the n-gram itself."""

    classes: list[str]
    index: dict[str, tuple[int, ...]]
    records: list[tuple[int | float, ...]]
    idf_scale: float
    scale: list[float]
    bias: list[float]
    temperature: float
    grams: list[str]
    wordlike: bytes = field(default=b"", repr=False)  # 1 for the word-like n-grams (word_features), made on first use

    def features(self, text: str) -> Features:
        """The known n-grams of text with their values, as the training vectoriser computes them."""
        counts = ngram_counts(text) if MAX_N == 3 else Counter(ngrams(text))
        found = list(map(self.index.get, counts))  # most n-grams of a text are not in the model: None
        known = list(map(is_not, found, repeat(None)))
        records = list(compress(found, known))
        if not records:
            return NO_FEATURES
        ids, idfs, *weights = zip(*records, strict=True)  # the transpose: ids, idfs, a column per class
        # sublinear tf (looked up in a table) times idf, by C-level loops (for tf 1 the factor is 1.0, and
        # 1.0 * x is x: the values are those of the loop this replaced)
        tfs = map(_sublinear_tf, compress(counts.values(), known))
        xs = list(map(mul, tfs, idfs))
        norm = math.sqrt(sum(map(mul, xs, xs)))
        return Features(ids, list(map(truediv, xs, repeat(norm))), weights) if norm else NO_FEATURES

    def weighed(self, ids: Sequence[int], values: list[float]) -> Features:
        """Features of the given n-grams with the given values (a long story's pieces averaged)."""
        if not ids:
            return NO_FEATURES
        _, _, *weights = zip(*map(self.records.__getitem__, ids), strict=True)
        return Features(ids, values, weights)

    def probabilities(self, text: str, feats: Features | None = None) -> dict[str, float]:
        """Softmax over the classes; {} when no known n-gram occurs (nothing to judge by)."""
        _, xs, weights = self.features(text) if feats is None else feats
        if not xs:
            return {}
        dots = [sum(map(mul, xs, col)) for col in weights]  # C-level loops: the hot path
        # (d * k + b) / t per class and the softmax by C-level maps (a Python loop per class cost as much as
        # the dot products): the same operations in the same order
        logits = list(map(truediv, map(add, map(mul, dots, self.scale), self.bias), repeat(self.temperature)))
        exps = list(map(math.exp, map(sub, logits, repeat(max(logits)))))
        return dict(zip(self.classes, map(truediv, exps, repeat(sum(exps))), strict=True))

    def word_features(self, feats: Features) -> Words:
        """The word-like n-grams among feats: 2+ Chinese or 3+ Latin letters (single characters and
        fragments with spaces or digits say little to a reader)."""
        keep = list(map(self._wordlike_flags().__getitem__, feats.ids))
        grams = list(map(self.grams.__getitem__, compress(feats.ids, keep)))
        return Words(grams, list(compress(feats.values, keep)), keep, feats.weights)

    def word_like(self, ids: Sequence[int], values: Sequence[float]) -> tuple[list[int], list[float]]:
        """The ids and values of the word-like n-grams among ids (the only ones word_features keeps)."""
        keep = list(map(self._wordlike_flags().__getitem__, ids))
        return list(compress(ids, keep)), list(compress(values, keep))

    def _wordlike_flags(self) -> bytes:
        if not self.wordlike:  # one flag per feature, once per process: cheaper than reading each n-gram
            self.wordlike = bytes(map(_is_wordlike, self.grams))
        return self.wordlike

    def evidence(self, words: Words, slug: str, n: int = 3) -> list[str]:
        """The n-grams among words (a text's features narrowed by word_features, once for all its
        slugs) that pushed most towards slug."""
        weights = compress(words.weights[self.classes.index(slug)], words.keep) if words.weights else ()
        pushes = sorted(zip(map(mul, words.values, weights), words.grams, strict=True), reverse=True)[:n]
        return [g for push, g in pushes if push > 0]


def _is_wordlike(gram: str) -> bool:
    return gram.isalpha() and len(gram) >= (3 if gram.isascii() else 2)


def dump_model(path: Path, *, classes, features, weights_q, scale, bias, idf_q, idf_scale, temperature) -> None:
    """Write the compact model file: magic, header length, JSON header, int8 weights, uint8 idf."""
    header = {
        "version": 1,
        "max_n": MAX_N,
        "max_chars": MAX_CHARS,
        "classes": list(classes),
        "scale": [float(s) for s in scale],
        "bias": [float(b) for b in bias],
        "idf_scale": float(idf_scale),
        "temperature": float(temperature),
        "features": list(features),
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    body = array("b", weights_q).tobytes() + array("B", idf_q).tobytes()
    path.write_bytes(gzip.compress(MAGIC + struct.pack("<I", len(head)) + head + body, compresslevel=9, mtime=0))


def load_model(path: Path = MODEL_PATH) -> TopicModel:
    """Read the model file; a missing or damaged one is a TriageError naming it (never a traceback)."""
    try:
        return _read_model(path)
    except (OSError, EOFError, ValueError, KeyError, struct.error) as e:  # JSONDecodeError is a ValueError
        raise TriageError(f"{path}: cannot read the topic model ({e.__class__.__name__}: {e})") from None


def _read_model(path: Path) -> TopicModel:
    blob = gzip.decompress(path.read_bytes())
    if not blob.startswith(MAGIC):
        raise ValueError("not a triage topic model")
    (head_len,) = struct.unpack_from("<I", blob, len(MAGIC))
    start = len(MAGIC) + 4
    header = json.loads(blob[start : start + head_len].decode("utf-8"))
    classes, features = header["classes"], header["features"]
    n_feat, n_cls = len(features), len(classes)
    body = blob[start + head_len :]
    flat = array("b")
    flat.frombytes(body[: n_feat * n_cls])
    idf_q = array("B")
    idf_q.frombytes(body[n_feat * n_cls : n_feat * n_cls + n_feat])
    # the weights as floats, one shared object per int8 value: a float times a float is the product of the
    # float and the int, without converting the int for each product (the hot loop of probabilities)
    weights = list(map({w: float(w) for w in range(-128, 128)}.__getitem__, flat))
    idfs = map([q * header["idf_scale"] for q in range(256)].__getitem__, idf_q)
    records = list(zip(range(n_feat), idfs, *(weights[c::n_cls] for c in range(n_cls)), strict=True))
    return TopicModel(
        classes=classes,
        index=dict(zip(features, records, strict=True)),
        records=records,
        idf_scale=header["idf_scale"],
        scale=header["scale"],
        bias=header["bias"],
        temperature=header["temperature"],
        grams=features,
    )

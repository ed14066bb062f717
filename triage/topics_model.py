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
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "data" / "topic_model.bin.gz"
MAGIC = b"TRIAGE-TOPICS\x01"
MAX_N = 3
# Enough text to know what a story is about; its lead carries the topic, and the cost of a long
# article stays bounded (the keyword layer still reads the whole text).
MAX_CHARS = 1500

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, one space for any run of white space, and
    every number as 0: the figures change from story to story, the fact that there is one does not."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _DIGITS.sub("0", _SPACE.sub(" ", text)).strip()


def ngrams(text: str, max_n: int = MAX_N) -> list[str]:
    """Character 1..max_n-grams of the normalised text (the training script uses this very function)."""
    text = normalise(text)[:MAX_CHARS]
    out = []
    for n in range(1, max_n + 1):
        out.extend(text[i : i + n] for i in range(len(text) - n + 1))
    return [g for g in out if not g.isspace()]


@dataclass(slots=True)
class TopicModel:
    """weights[f] is a tuple of per-class int weights (times scale[c]); idf[f] likewise quantised."""

    classes: list[str]
    index: dict[str, int]
    weights: list[tuple[int, ...]]
    idf: list[float]
    scale: list[float]
    bias: list[float]
    temperature: float

    def probabilities(self, text: str) -> dict[str, float]:
        """Softmax over the classes; {} when no known n-gram occurs (nothing to judge by)."""
        counts = Counter(ngrams(text))
        n_classes = len(self.classes)
        sums = [0.0] * n_classes
        norm2 = 0.0
        index, weights, idf = self.index, self.weights, self.idf
        for gram, tf in counts.items():
            f = index.get(gram)
            if f is None:
                continue
            x = (1.0 + math.log(tf)) * idf[f]  # sublinear tf-idf, as in training
            norm2 += x * x
            row = weights[f]
            for c in range(n_classes):
                sums[c] += x * row[c]
        if norm2 == 0.0:
            return {}
        inv = 1.0 / math.sqrt(norm2)
        logits = [(s * inv * k + b) / self.temperature for s, k, b in zip(sums, self.scale, self.bias, strict=True)]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}


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
    blob = gzip.decompress(path.read_bytes())
    if not blob.startswith(MAGIC):
        raise ValueError(f"{path}: not a triage topic model")
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
    weights = [tuple(flat[i * n_cls : (i + 1) * n_cls]) for i in range(n_feat)]
    idf_scale = header["idf_scale"]
    return TopicModel(
        classes=classes,
        index={g: i for i, g in enumerate(features)},
        weights=weights,
        idf=[q * idf_scale for q in idf_q],
        scale=header["scale"],
        bias=header["bias"],
        temperature=header["temperature"],
    )

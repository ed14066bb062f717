"""Inputs: files, directories, stdin -> RawPage. (Minimal first version: UTF-8 text only.)"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Iterator

from triage.errors import InputError
from triage.models import Line, RawPage
from triage.sanitize import strip_escapes

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".txt.gz", ".html.gz", ".htm.gz")


def read_bytes(data: bytes, source: str) -> RawPage:
    if not data.strip():
        raise InputError(source, "empty file")
    text = strip_escapes(data.decode("utf-8", errors="replace"))
    lines = [Line(t) for t in text.split("\n")]
    return RawPage(source, text, hashlib.sha256(text.encode()).hexdigest(), "utf-8", lines)


def read_path(path: str) -> RawPage:
    try:
        with open(path, "rb") as f:
            return read_bytes(f.read(), path)
    except OSError as e:
        raise InputError(path, e.strerror or str(e)) from None


def iter_pages(paths: Iterable[str]) -> Iterator[RawPage | InputError]:
    for path in paths:
        if path == "-":
            try:
                yield read_bytes(sys.stdin.buffer.read(), "-")
            except InputError as e:
                yield e
        elif os.path.isdir(path):
            for root, _dirs, files in os.walk(path):
                for name in sorted(files):
                    if name.lower().endswith(PAGE_SUFFIXES):
                        try:
                            yield read_path(os.path.join(root, name))
                        except InputError as e:
                            yield e
        else:
            try:
                yield read_path(path)
            except InputError as e:
                yield e

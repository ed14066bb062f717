"""Every output format, defined once. Untrusted text is made inert here as well as at ingest."""

from __future__ import annotations

import json
from typing import Any, TextIO

from triage.sanitize import strip_escapes


def _inert(value: Any) -> Any:
    if isinstance(value, str):
        return strip_escapes(value)
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_inert(v) for v in value]
    return value


def json_line(obj: Any) -> str:
    """One JSON document on one line, UTF-8 kept readable, control characters removed."""
    return json.dumps(_inert(obj), ensure_ascii=False, separators=(",", ":"))


def write_json_lines(rows: Any, out: TextIO) -> None:
    for row in rows:
        out.write(json_line(row) + "\n")

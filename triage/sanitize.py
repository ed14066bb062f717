"""Make untrusted scraped text inert: no terminal escape sequences, no control characters.

Applied at ingest (read) and again at render, because a store may hold text from older versions
or from other tools. Rich markup is a separate concern: render always wraps text in rich.text.Text.
"""

from __future__ import annotations

import re

# Escape sequences are removed whole, before lone control characters, so that their parameters
# ("]52;c;BASE64") do not survive as visible garbage.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                      # CSI ... final byte
    | \x9b[0-?]*[ -/]*[@-~]?                        # 8-bit CSI
    | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])       # OSC, DCS, SOS, PM, APC (7- or 8-bit introducer)
      [^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?       #   ... up to BEL or ST (or the end of the line)
    | \x1b[ -/]*[0-~]?                              # other ESC sequences: ESC ( B, ESC c, ESC 7...
    """,
    re.VERBOSE,
)

_ESCAPE_INTRODUCER = re.compile("[\x1b\x80-\x9f]")

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates
# (they can make a line display differently from what it is), and stray BOMs.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe]")

# A lone surrogate (a JSON "\\ud800" escape, a file name that is not UTF-8) cannot be written to a
# UTF-8 stream: printing one would crash the command. It becomes U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


# Every character strip_escapes removes or rewrites, newlines excepted: lets callers pass clean text by.
_REWRITTEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\ud800-\udfff]"
)


def is_clean(text: str) -> bool:
    """True when strip_escapes would leave the text (a line: no newlines) as it is."""
    # isprintable (a C loop, faster than the search) proves most lines clean: every character of
    # _REWRITTEN is a control, format, surrogate or noncharacter, none of which it accepts
    return text.isprintable() or not _REWRITTEN.search(text)


def strip_escapes(text: str) -> str:
    """Remove escape sequences and control characters; keep newlines, turn tabs and CRs into
    plain separators."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if _ESCAPE_INTRODUCER.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _LONE_SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def one_line(text: str) -> str:
    """Inert text collapsed to one line, for table cells and TSV fields."""
    return " ".join(strip_escapes(text).split())

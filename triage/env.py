"""The output environment of one run, as one injectable value (httpie's Environment) instead of
globals: tests build one with a StringIO and a width; the CLI builds one from the real process."""

from __future__ import annotations

import os
import sys
from typing import NamedTuple, TextIO

DEFAULT_WIDTH = 80


class Env(NamedTuple):  # not a dataclass: cheaper to create at start-up
    stdout: TextIO
    stderr: TextIO
    stdout_isatty: bool
    stderr_isatty: bool
    width: int  # terminal width in cells (COLUMNS wins, as in every Unix tool)
    color: bool  # colour on stdout when a table is printed

    @classmethod
    def from_system(cls, environ: dict[str, str] | None = None) -> Env:
        environ = dict(os.environ if environ is None else environ)
        stdout_isatty = _isatty(sys.stdout)
        return cls(
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdout_isatty=stdout_isatty,
            stderr_isatty=_isatty(sys.stderr),
            width=terminal_width(environ),
            color=wants_color(environ, stdout_isatty),
        )


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(environ: dict[str, str]) -> int:
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:  # os, not shutil: shutil's imports cost start-up time for every command
        return os.get_terminal_size(sys.stdout.fileno()).columns or DEFAULT_WIDTH
    except (AttributeError, ValueError, OSError):
        return DEFAULT_WIDTH


def wants_color(environ: dict[str, str], isatty: bool) -> bool:
    """NO_COLOR (no-color.org) beats FORCE_COLOR, which beats the terminal check."""
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return isatty and environ.get("TERM") != "dumb"

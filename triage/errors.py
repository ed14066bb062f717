"""Typed errors of the library; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0  # including "no results"
    ERROR = 1  # a runtime error: bad input file, unknown id, store problem
    USAGE = 2  # bad options or arguments


class TriageError(Exception):
    """Base of every error a user may see; str(e) is the one-line message."""

    exit_status = ExitStatus.ERROR


class InputError(TriageError):
    """A file or stream could not be read as a page."""

    def __init__(self, source: str, cause: str):
        super().__init__(f"{source}: {cause}")
        self.source = source
        self.cause = cause


class UsageError(TriageError):
    exit_status = ExitStatus.USAGE


class StoreError(TriageError):
    """The database cannot be opened, read or written."""


class NotFoundError(TriageError):
    """An id or prefix matched nothing (or too many things)."""


class TaxonomyError(TriageError):
    """A taxonomy file is malformed."""

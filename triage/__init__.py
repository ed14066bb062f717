"""triage: split scraped news pages into the main story and sidebar items, tag them by topic and
date, store them in SQLite and list them.

    from triage import read_path, parse_page
    page = parse_page(read_path("seeds/000_b52fec7cb67c6a22.txt"))
"""

from triage.errors import ExitStatus, InputError, NotFoundError, StoreError, TriageError
from triage.models import DateMention, Item, Line, Page, RawPage, TopicScore
from triage.pipeline import parse_inputs, parse_page

__all__ = [
    "DateMention",
    "ExitStatus",
    "InputError",
    "Item",
    "Line",
    "NotFoundError",
    "Page",
    "RawPage",
    "StoreError",
    "TopicScore",
    "TriageError",
    "parse_inputs",
    "parse_page",
    "read_path",
]


def read_path(path: str) -> RawPage:
    """Read one file (text or HTML, any common encoding) into a RawPage."""
    from triage.read import read_path as _read_path

    return _read_path(path)

"""triage: split scraped news pages into the main story and sidebar items, tag them by topic and
date, store them in SQLite and list them.

    from triage import read_path, parse_page
    page = parse_page(read_path("seeds/000_b52fec7cb67c6a22.txt"))

Names are imported on first use, so `import triage.cli` (every command's start-up) pays for none of them.
"""

from importlib import import_module

_EXPORTS = {
    "DateMention": "triage.models",
    "Item": "triage.models",
    "Line": "triage.models",
    "Page": "triage.models",
    "RawPage": "triage.models",
    "TopicScore": "triage.models",
    "ExitStatus": "triage.errors",
    "InputError": "triage.errors",
    "NotFoundError": "triage.errors",
    "StoreError": "triage.errors",
    "TriageError": "triage.errors",
    "parse_inputs": "triage.pipeline",
    "parse_page": "triage.pipeline",
    "read_path": "triage.read",
    "iter_pages": "triage.read",
    "load_tagger": "triage.topics",
    "find_dates": "triage.dates",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'triage' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__

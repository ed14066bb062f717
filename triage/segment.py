"""Main story vs sidebar vs boilerplate. (Placeholder: replaced by the real segmenter.)"""

from __future__ import annotations

from triage.models import Item, RawPage


def segment(raw: RawPage) -> list[Item]:
    return []

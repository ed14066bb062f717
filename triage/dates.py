"""Date expressions -> ISO values at their precision. (Placeholder: replaced by the real resolver.)"""

from __future__ import annotations

from datetime import datetime

from triage.models import DateMention, Page


def find_dates(text: str, base: datetime | None = None) -> list[DateMention]:
    return []


def date_page(page: Page) -> None:
    return None


def parse_base(value: str) -> datetime:
    """A reference time given by the user (ISO date or datetime)."""
    from triage.errors import UsageError

    try:
        return datetime.fromisoformat(value.strip().replace(" ", "T"))
    except ValueError:
        raise UsageError(f"--base: not an ISO date or datetime: {value!r}") from None

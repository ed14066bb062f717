"""Taxonomy and topic tagging. (Placeholder: replaced by the real tagger.)"""

from __future__ import annotations

from triage.models import Item, TopicScore


class Tagger:
    def topics(self, text: str) -> list[TopicScore]:
        return []

    def keywords(self, text: str, k: int = 8) -> list[str]:
        return []

    def tag_items(self, items: list[Item]) -> None:
        for item in items:
            item.topics = self.topics(f"{item.title}\n{item.text}")


def load_tagger(taxonomy_path: str | None = None) -> Tagger:
    return Tagger()

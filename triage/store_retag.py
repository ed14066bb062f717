"""`triage retag`: the stored items tagged again with today's taxonomy and model. Topics are written at
ingest, and ingesting the same pages again changes nothing; after a user adds a topic to their taxonomy
file, or a new triage ships a better model, this brings the store up to date without the pages.

Items are tagged in ingest order, a batch at a time, and each batch is one transaction: an interrupted or
killed retag leaves every item with either its old tags or its new ones, never a mix, and the same
command run again finishes the job (items already up to date are only read)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from triage.store import Store

BATCH = 500  # items per transaction: a commit's cost shared, and a reader waits at most one batch


@dataclass
class RetagSummary:
    items: int = 0  # items tagged again
    rewritten: int = 0  # of those, items whose stored tags changed (topics, scores, evidence or keywords)
    moved: int = 0  # of those, items with other topics (slugs or their order)

    def line(self) -> str:
        return f"{self.items} items tagged again; {self.rewritten} changed, {self.moved} of them in their topics"


def retag_store(
    store: Store,
    *,
    taxonomy: str | None = None,
    stop: threading.Event | None = None,
    advance: Callable[[int], None] = lambda n: None,
) -> RetagSummary:
    """Tag every stored item again (topics and keywords) with the taxonomy (the built-in one extended by
    the file, if given) and the shipped model; stop (an event set by Ctrl-C) ends it after the batch in
    hand. advance(n) is told of each batch done."""
    from triage.query import load_topic_tree
    from triage.store import tag_rows
    from triage.topics import load_tagger

    tagger = load_tagger(taxonomy)
    parents = load_topic_tree(taxonomy).parents
    summary = RetagSummary()
    last = 0
    while not (stop is not None and stop.is_set()):
        batch = store.items_to_tag(last, BATCH)
        if not batch:
            break
        tagger.tag_items([item for _, item in batch])
        rewritten, moved = store.replace_tags({seq: tag_rows(item, parents) for seq, item in batch})
        summary.items += len(batch)
        summary.rewritten += rewritten
        summary.moved += moved
        last = batch[-1][0]
        advance(len(batch))
    return summary

"""`triage ingest`: pages in, store out. Parsing may run in worker processes (triage.parallel);
this process is the one writer, storing each page as it arrives (all or nothing per page, committed by
small groups: Store.group_commits), so an interrupted batch keeps every page finished before the
interruption and a rerun skips them; after a crash the next run stores the last uncommitted group."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from triage.errors import InputError

if TYPE_CHECKING:
    from triage.env import Env
    from triage.store import Store


@dataclass
class IngestSummary:
    pages: int = 0  # new pages stored
    items: int = 0  # new items stored
    duplicate_pages: int = 0  # content already stored (from this or another file)
    duplicate_items: int = 0  # items already stored from another page, e.g. repeated hot-news
    failures: int = 0

    def line(self) -> str:
        skipped = self.duplicate_pages + self.duplicate_items
        return (
            f"{self.pages} pages, {self.items} items stored; {skipped} duplicates skipped"
            f" ({self.duplicate_pages} pages, {self.duplicate_items} items); {self.failures} failed"
        )


def count_inputs(paths: Iterable[str]) -> int:
    """How many files the paths hold (for the progress bar only), walked the way read walks them."""
    from triage.read import walk_directory

    return sum(sum(1 for _ in walk_directory(path)) if os.path.isdir(path) else 1 for path in paths)


@contextmanager
def progress_bar(env: Env, total: int, label: str = "ingest") -> Iterator[Callable[..., None]]:
    """A Rich progress bar on a terminal when there are several things to do; nothing otherwise. Yields
    advance(n=1): n more done."""
    if not env.stderr_isatty or total < 2:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=env.stderr, width=env.width)
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n=1: progress.advance(task, n)


def ingest_paths(
    store: Store,
    paths: list[str],
    *,
    env: Env,
    jobs: int = 1,
    taxonomy: str | None = None,
    report: Callable[[str], None],
    stop: threading.Event | None = None,
) -> IngestSummary:
    """Parse, tag and store every page under paths; a bad file is reported and skipped."""
    from triage.parallel import Skipped, parse_pages
    from triage.query import load_topic_tree
    from triage.store import StoredItems, page_rows

    summary = IngestSummary()
    store.topic_parents = load_topic_tree(taxonomy).parents  # items are stored with their topics' ancestors

    def already_stored(raw) -> bool:
        return store.has_page_source(raw.sha256, raw.source)

    stored = StoredItems(store.path)  # workers skip tagging items the store would ignore
    # Only a page whose source is stored already can be known: the others are turned into lines by
    # the workers, not by this process (the one writer, the serial part of a parallel ingest).
    results = parse_pages(
        paths,
        jobs=jobs,
        taxonomy=taxonomy,
        known=already_stored,
        may_know=store.has_source,
        stored=stored,
        stop=stop,
        idle=store.commit_group,
        # the workers build the store's rows of each page (text made inert, lists as JSON, topic
        # ancestors): this process, the one writer, only numbers the items and inserts them
        prepare=partial(page_rows, topic_parents=store.topic_parents),
    )
    # counting walks the directories once more: only worth it when a bar is drawn
    total = count_inputs(p for p in paths if p != "-") if env.stderr_isatty else 0
    try:
        with progress_bar(env, total) as advance, store.group_commits():
            for result in results:
                if isinstance(result, InputError):
                    summary.failures += 1
                    report(str(result))
                elif isinstance(result, Skipped):
                    summary.duplicate_pages += 1
                else:
                    added = store.add_page(result)
                    summary.pages += added.new_page
                    summary.duplicate_pages += not added.new_page
                    summary.items += added.items_added
                    summary.duplicate_items += added.items_existing if added.new_page else 0
                advance()
    finally:
        stored.close()
    return summary

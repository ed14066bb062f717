"""Parse pages in worker processes while the caller (one writer) consumes them in input order.

The main process reads (streaming) and sends small batches of pages, decoded but not yet turned
into lines (PageText), to `jobs` workers; each worker turns them into lines (for HTML the costliest
part of reading, kept off the one main process, which also stores) and parses them, with the tagger
it loaded once. At most `jobs * IN_FLIGHT_PER_JOB` batches are out at a time, so
memory stays flat however big the input is. Results come back in input order, so the output and
the store are the same as with one job. `jobs=1` runs in-process, with no pool at all.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from triage.errors import InputError, TriageError
from triage.models import DateMention, Item, Line, Page, PageText, RawPage, TopicScore

if TYPE_CHECKING:
    from triage.pipeline import StoredIds
    from triage.topics import Tagger

BATCH_SIZE = 8  # pages per task: large enough to amortise IPC, small enough to keep order latency low
IN_FLIGHT_PER_JOB = 3  # batches queued per worker: keeps workers busy without letting memory grow
PAGE_TIMEOUT = 120.0  # seconds one page may take in a worker before it is given up (a pathological page)
IDLE_AFTER = 0.25  # seconds of waiting for the workers after which the caller's idle() is called
# The collector's thresholds while pages are parsed. Parsing makes millions of short-lived containers
# (rows, tuples, lists of words) and next to no reference cycles, so CPython's default (a young
# collection every 700 net allocations, a full one every 100 of those) spent ~4% of an ingest's CPU
# finding nothing. At most 20,000 container objects of cyclic garbage wait: a few MB per process.
PARSE_GC_THRESHOLDS = (20_000, 20, 50)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A page the caller already has (same source and content): not parsed again."""

    source: str
    sha256: str


Result = Page | InputError | Skipped | Any  # Any: what parse_pages(prepare=...) makes of a Page
ToParse = PageText | RawPage  # a page as read (the reader's), or already in lines
Prepare = Callable[[Page], Any]  # a parsed page -> what the caller wants of it (e.g. the store's rows)


class _Failure(NamedTuple):
    """A page's error as it travels from a worker: InputError does not survive pickling (its
    __init__ takes two arguments), so it is rebuilt in the main process."""

    source: str
    cause: str


_Outcome = Page | Any | _Failure  # a worker's answer for one page


# --- what travels between processes ------------------------------------------------------------
# Pages go to the workers and come back pickled. The default pickling of slotted dataclasses calls
# Python code per object (per line of a page, per item and date); these reducers send plain tuples,
# a plain-text line as its text alone: about 8x cheaper in the main process, the one writer.
# Registered with multiprocessing's pickler only, so pickle itself is unchanged.

# every field, in the order the dataclasses take them (slots follow the fields' order)
_RAW_VALUES, _RAW_LINES = attrgetter(*RawPage.__slots__), RawPage.__slots__.index("lines")
_PAGE_VALUES, _PAGE_ITEMS = attrgetter(*Page.__slots__), Page.__slots__.index("items")
_LINE_VALUES = attrgetter(*Line.__slots__)
_ITEM_VALUES = attrgetter(*Item.__slots__)
_DATE_VALUES = attrgetter(*DateMention.__slots__)
_TOPIC_VALUES = attrgetter(*TopicScore.__slots__)
_ITEM_DATES, _ITEM_TOPICS = Item.__slots__.index("dates"), Item.__slots__.index("topics")
_PAGE_TEXT_VALUES = attrgetter(*PageText.__slots__)


def _line_state(line: Line) -> str | tuple:
    if line.block is None and not line.link_ratio and not line.hints and line.href is None:
        return line.text
    return _LINE_VALUES(line)


def _raw_page(values: list) -> RawPage:
    lines = values[_RAW_LINES]
    values[_RAW_LINES] = [Line(x) if type(x) is str else Line(*x) if type(x) is tuple else x for x in lines]
    return RawPage(*values)


def _reduce_raw_page(raw: RawPage):
    values = list(_RAW_VALUES(raw))
    values[_RAW_LINES] = [_line_state(line) if type(line) is Line else line for line in raw.lines]
    return _raw_page, (values,)


def _page(values: list) -> Page:
    values[_PAGE_ITEMS] = [_item(item) for item in values[_PAGE_ITEMS]]
    return Page(*values)


def _reduce_page(page: Page):
    values = list(_PAGE_VALUES(page))
    values[_PAGE_ITEMS] = [_item_state(item) for item in page.items]
    return _page, (values,)


def _item(values: list) -> Item:
    values[_ITEM_DATES] = [DateMention(*d) for d in values[_ITEM_DATES]]
    values[_ITEM_TOPICS] = [TopicScore(*t) for t in values[_ITEM_TOPICS]]
    return Item(*values)


def _item_state(item: Item) -> list:
    values = list(_ITEM_VALUES(item))
    values[_ITEM_DATES] = [_DATE_VALUES(d) for d in item.dates]
    values[_ITEM_TOPICS] = [_TOPIC_VALUES(t) for t in item.topics]
    return values


def _reduce_page_text(page: PageText):
    return PageText, _PAGE_TEXT_VALUES(page)


ForkingPickler.register(PageText, _reduce_page_text)
ForkingPickler.register(RawPage, _reduce_raw_page)
ForkingPickler.register(Page, _reduce_page)


def default_jobs() -> int:
    """One worker per core this process may run on (taskset and container CPU sets count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def parse_one(
    raw: ToParse, tagger: Tagger | None, stored: StoredIds | None = None, prepare: Prepare | None = None
) -> _Outcome:
    """One page through the pipeline (pipeline.parse_or_error), turned into lines first if it is
    not yet, then through prepare(page) if given; a failure travels back from a worker as a _Failure."""
    from triage.pipeline import parse_or_error

    result = parse_or_error(raw, tagger=tagger, stored=stored)
    if not isinstance(result, Page):
        return _Failure(result.source, result.cause)
    if prepare is None:
        return result
    try:
        return prepare(result)
    except Exception as e:  # as for parsing: one odd page must not stop a crawl
        return _Failure(result.source, f"could not prepare: {type(e).__name__}: {e}")


def _as_result(outcome: _Outcome) -> Result:
    return InputError(*outcome) if isinstance(outcome, _Failure) else outcome


# --- worker side -----------------------------------------------------------------------------

_worker_tagger: Tagger | None = None
_worker_stored: StoredIds | None = None  # which items the store already has (read-only, per worker)
_worker_prepare: Prepare | None = None  # what the caller makes of a parsed page, done in the worker
_worker_setup_error: TriageError | None = None  # e.g. a bad taxonomy file: reported, not a "crash"


def _init_worker(
    parent_pid: int,
    taxonomy: str | None,
    with_topics: bool,
    preloaded: bool,
    stored: StoredIds | None = None,
    prepare: Prepare | None = None,
) -> None:
    """Runs once per worker: load the tagger there (not per page) unless it came loaded from the
    parent, leave Ctrl-C to the main process, which stops the batch cleanly, and end with the main
    process if it is killed."""
    global _worker_tagger, _worker_setup_error, _worker_stored, _worker_prepare
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(*PARSE_GC_THRESHOLDS)  # forked workers inherit it; spawned ones do not
    _worker_stored, _worker_prepare = stored, prepare
    _exit_with_parent(parent_pid)
    if with_topics and not preloaded:
        from triage.topics import load_tagger

        try:
            _worker_tagger = load_tagger(taxonomy)
        except TriageError as e:  # an initializer that raises breaks the pool with no message
            _worker_setup_error = e


def _exit_with_parent(parent_pid: int) -> None:
    """After `kill -9` of the main process its workers would wait forever on their task queue.
    Linux can signal us when the parent dies; elsewhere a daemon thread watches the parent pid."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before prctl took effect
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _parse_batch(batch: list[ToParse]) -> list[_Outcome]:
    if _worker_setup_error is not None:
        raise _worker_setup_error
    return [parse_one(raw, _worker_tagger, _worker_stored, _worker_prepare) for raw in batch]


# --- main side -------------------------------------------------------------------------------


def parse_pages(
    paths: Iterable[str],
    *,
    jobs: int | None = None,
    taxonomy: str | None = None,
    with_topics: bool = True,
    known: Callable[[RawPage], bool] | None = None,
    may_know: Callable[[str], bool] | None = None,
    stored: StoredIds | None = None,
    stop: threading.Event | None = None,
    batch_size: int = BATCH_SIZE,
    read: Callable[[Iterable[str]], Iterator[ToParse | InputError]] | None = None,
    page_timeout: float = PAGE_TIMEOUT,
    idle: Callable[[], None] | None = None,
    prepare: Prepare | None = None,
) -> Iterator[Result]:
    """Every page under `paths`, parsed and tagged, in input order, or the error that stopped it.

    known(raw) -> True skips a page before parsing (yielding Skipped). It needs the page's lines (its
    identity is the hash of their text), so a page is turned into lines in this process to ask it,
    unless may_know(source) -> False says it cannot be known (e.g. its source was never stored):
    then the page goes to a worker as read and is turned into lines there. stored(ids) -> the ids of
    items a store already holds, which are then left undated and untagged (pipeline.parse_page;
    each worker calls its own copy, so it must pickle); `stop`, once set, ends the
    stream after the page being yielded, leaving nothing half-done; `read` replaces read.iter_texts
    (it may yield pages already in lines); prepare(page), when given, is what is yielded for a page
    instead of the page: it runs where the page was parsed (a worker), off the caller's process,
    and must pickle.
    With workers, idle() is called when the next page has kept the caller waiting IDLE_AFTER seconds
    (the writer commits what it holds rather than keep it through a slow page);
    a page that takes longer than page_timeout seconds is given up (its InputError)
    so that one pathological page cannot stall a crawl.
    """
    if read is None:
        from triage.read import iter_texts as read
    checked = (_unless_known(page, known, may_know) for page in read(paths))
    jobs = default_jobs() if jobs is None else max(1, jobs)
    with parse_gc_thresholds():
        if jobs == 1:
            yield from _parse_in_process(checked, taxonomy, with_topics, stored, stop, prepare)
        else:
            yield from _parse_in_pool(
                checked, jobs, taxonomy, with_topics, stored, stop, batch_size, page_timeout, idle, prepare
            )


@contextmanager
def parse_gc_thresholds() -> Iterator[None]:
    """PARSE_GC_THRESHOLDS while pages are parsed (and the caller stores them), then the caller's own."""
    before = gc.get_threshold()
    gc.set_threshold(*PARSE_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _unless_known(
    page: ToParse | InputError, known: Callable[[RawPage], bool] | None, may_know: Callable[[str], bool] | None
) -> ToParse | InputError | Skipped:
    """The page to parse, or what stands for it without parsing: its read error, or Skipped."""
    if known is None or isinstance(page, InputError):
        return page
    if isinstance(page, PageText):
        if may_know is not None and not may_know(page.source):
            return page
        from triage.read import raw_page

        try:
            page = raw_page(page)
        except InputError as e:
            return e
    return Skipped(page.source, page.sha256) if known(page) else page


def _stopped(stop: threading.Event | None) -> bool:
    return stop is not None and stop.is_set()


def _parse_in_process(pages, taxonomy, with_topics, stored, stop, prepare) -> Iterator[Result]:
    tagger = None
    if with_topics:
        from triage.topics import load_tagger

        tagger = load_tagger(taxonomy)
    for page in pages:
        if _stopped(stop):
            return
        if isinstance(page, InputError | Skipped):
            yield page
        else:
            yield _as_result(parse_one(page, tagger, stored, prepare))


# A few lines of the kind of text the pipeline sees, parsed once before forking so that every lazy
# load (segmenter vocabularies, date patterns, the topic model, rjieba's dictionary, the IDF table) is done.
_WARM_UP_TEXT = "\n".join(
    [
        "人工智能安全团队半数出走",
        "2024-08-31 16:59:00 来源：新智元",
        "今年5月发布会后，安全团队负责人在推特上官宣离职，公司表示将继续投入研究。",
        "热门资讯",
        "国家知识产权局信息显示，一家公司取得一项专利...",
    ]
)

_WARM_UP_HTML = "<html><body>" + "".join(f"<p>{line}</p>" for line in _WARM_UP_TEXT.split("\n")) + "</body></html>"


def _preload_in_parent(taxonomy: str | None, with_topics: bool) -> None:
    """Load the tagger (and warm every lazy load) in the main process, so forked workers share
    those pages instead of each loading its own copy: the memory of jobs workers stays near one.
    gc.freeze() keeps the collector from touching (and so copying) the shared objects."""
    global _worker_tagger
    if with_topics and _worker_tagger is None:
        from triage.topics import load_tagger

        _worker_tagger = load_tagger(taxonomy)  # a bad taxonomy is reported here, in the main process
        parse_one(PageText("<warm-up>", _WARM_UP_TEXT, "utf-8"), _worker_tagger)
        parse_one(PageText("<warm-up>", _WARM_UP_HTML, "utf-8"), _worker_tagger)
    gc.freeze()


class _Pool:
    """A process pool that can be rebuilt after a worker died (segfault, OOM kill, os._exit).
    With fork (Linux) the workers inherit the tagger loaded once in the main process."""

    def __init__(
        self,
        jobs: int,
        taxonomy: str | None,
        with_topics: bool,
        stored: StoredIds | None = None,
        prepare: Prepare | None = None,
    ):
        self.args = (jobs, taxonomy, with_topics)
        self.stored, self.prepare = stored, prepare
        self.preloaded = multiprocessing.get_start_method() == "fork"
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        jobs, taxonomy, with_topics = self.args
        if self.preloaded:
            _preload_in_parent(taxonomy, with_topics)
        return ProcessPoolExecutor(
            max_workers=jobs,
            initializer=_init_worker,
            initargs=(os.getpid(), taxonomy, with_topics, self.preloaded, self.stored, self.prepare),
        )

    def submit(self, batch: list[ToParse]) -> Future:
        return self.executor.submit(_parse_batch, batch)

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def kill(self) -> None:
        """End the workers now (one is stuck on a page) and start fresh ones."""
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            process.kill()
        self.restart()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


@dataclass(slots=True)
class _Pending:
    """One slot of the ordered output: either results already known (read errors, skips) or a
    batch out at the workers, kept with its pages so it can be redone if a worker dies."""

    ready: list[Result] | None = None
    batch: list[ToParse] | None = None
    future: Future | None = None


def _parse_in_pool(
    pages, jobs, taxonomy, with_topics, stored, stop, batch_size, page_timeout, idle, prepare
) -> Iterator[Result]:
    pool = _Pool(jobs, taxonomy, with_topics, stored, prepare)
    pending: deque[_Pending] = deque()
    max_in_flight = jobs * IN_FLIGHT_PER_JOB
    batch: list[ToParse] = []
    in_flight = 0

    def send() -> None:
        nonlocal batch, in_flight
        if batch:
            pending.append(_Pending(batch=batch, future=pool.submit(batch)))
            in_flight += 1
            batch = []

    def drain_head() -> Iterator[Result]:
        nonlocal in_flight
        head = pending.popleft()
        if head.ready is not None:
            yield from head.ready
            return
        in_flight -= 1
        yield from _batch_results(head, pool, pending, page_timeout, idle)

    try:
        for page in pages:
            if isinstance(page, InputError | Skipped):
                send()  # keep input order: the pages read before this one go first
                pending.append(_Pending(ready=[page]))
            else:
                batch.append(page)
                if len(batch) >= batch_size:
                    send()
            # Back-pressure: wait for the oldest batch before reading further.
            while in_flight >= max_in_flight or (pending and pending[0].ready is not None):
                for result in drain_head():
                    if _stopped(stop):
                        return
                    yield result
            if _stopped(stop):
                return
        send()
        while pending:
            for result in drain_head():
                if _stopped(stop):
                    return
                yield result
    finally:
        pool.close()
        _forget_preloaded()


def _forget_preloaded() -> None:
    """The next parse_pages may use another taxonomy: do not hand this tagger to its workers."""
    global _worker_tagger
    _worker_tagger = None
    gc.unfreeze()


def _batch_results(
    head: _Pending, pool: _Pool, pending: deque[_Pending], page_timeout: float, idle: Callable[[], None] | None
) -> list[Result]:
    try:
        if idle is not None and not head.future.done():
            try:
                return [_as_result(o) for o in head.future.result(timeout=IDLE_AFTER)]
            except TimeoutError:
                idle()
        # The oldest batch out is running (tasks start in order), so this bounds its time.
        return [_as_result(o) for o in head.future.result(timeout=page_timeout * len(head.batch))]
    except (BrokenProcessPool, TimeoutError) as e:
        # A worker died or hangs: the pool is rebuilt and every batch still out is lost with it.
        # Redo this batch one page per task so that only the page at fault becomes an error, then
        # send the others again.
        if isinstance(e, TimeoutError):
            pool.kill()
        else:
            pool.restart()
        results = [_isolate(raw, pool, page_timeout) for raw in head.batch]
        for slot in pending:
            if slot.batch is not None:
                slot.future = pool.submit(slot.batch)
        return results


def _isolate(raw: ToParse, pool: _Pool, page_timeout: float) -> Result:
    try:
        return _as_result(pool.submit([raw]).result(timeout=page_timeout)[0])
    except BrokenProcessPool:
        pool.restart()
        return InputError(raw.source, "the worker parsing this page crashed")
    except TimeoutError:
        pool.kill()
        return InputError(raw.source, f"gave up after {page_timeout:g} s: the page takes too long to parse")


@contextmanager
def stop_on_interrupt() -> Iterator[threading.Event]:
    """Turn the first Ctrl-C (SIGINT) into a request to stop after the current page; a second one
    interrupts at once. Yields the Event that parse_pages(stop=...) watches."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signals can only be handled in the main thread
        return

    def on_sigint(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)

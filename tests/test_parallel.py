"""Parallel parsing: the same pages in the same order as one job, bounded read-ahead, one bad page
is one error, and a stop request ends the stream cleanly."""

import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from triage import parallel
from triage.errors import InputError
from triage.models import Page
from triage.parallel import Skipped, parse_pages
from triage.read import iter_pages

PAGES = Path(__file__).resolve().parent / "fixtures" / "crawl_pages"
PAGE_FILES = sorted(str(p) for p in PAGES.glob("*.txt"))


def page_dicts(results):
    return [r.to_dict() if isinstance(r, Page) else ("error", str(r)) for r in results]


def repeated(n):
    """n real pages (the fixtures, cycled) as paths, so batches fill and wrap."""
    return [PAGE_FILES[i % len(PAGE_FILES)] for i in range(n)]


class KillsTheWorker:
    """Unpickling this in a worker process ends that process at once, as a segfault would."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_two_jobs_give_the_same_pages_in_the_same_order_as_one_job():
    paths = repeated(25)
    one = page_dicts(parse_pages(paths, jobs=1))
    two = page_dicts(parse_pages(paths, jobs=2, batch_size=3))
    assert len(one) == 25
    assert two == one
    assert [d["source"] for d in two] == paths


def test_unreadable_input_is_an_error_in_its_place_and_the_rest_goes_on(tmp_path):
    missing = str(tmp_path / "missing.txt")
    paths = repeated(5) + [missing] + repeated(5)
    results = list(parse_pages(paths, jobs=2, batch_size=2))
    assert len(results) == 11
    assert isinstance(results[5], InputError)
    assert missing in str(results[5])
    assert all(isinstance(r, Page) for i, r in enumerate(results) if i != 5)
    assert [r.source for r in results if isinstance(r, Page)] == repeated(5) + repeated(5)


@pytest.mark.parametrize("jobs", [1, 2])
def test_known_pages_are_skipped_in_place_without_parsing(jobs):
    paths = repeated(12)
    seen_sha = next(iter_pages([PAGE_FILES[0]])).sha256
    results = list(parse_pages(paths, jobs=jobs, known=lambda raw: raw.sha256 == seen_sha))
    skipped = [i for i, r in enumerate(results) if isinstance(r, Skipped)]
    assert skipped == [i for i, p in enumerate(paths) if p == PAGE_FILES[0]]
    assert all(isinstance(r, Page) for i, r in enumerate(results) if i not in skipped)


def test_a_page_that_kills_its_worker_is_one_error_and_the_others_are_parsed():
    raws = [r for r in iter_pages(repeated(10))]
    poisoned = raws[4]
    poisoned.lines = [*poisoned.lines, KillsTheWorker()]
    results = list(parse_pages(["unused"], jobs=2, batch_size=4, read=lambda _paths: iter(raws)))
    assert len(results) == 10
    assert isinstance(results[4], InputError)
    assert "crashed" in str(results[4]) and poisoned.source in str(results[4])
    assert [r.source for i, r in enumerate(results) if i != 4] == [r.source for i, r in enumerate(raws) if i != 4]


def test_a_page_that_raises_is_one_error_with_its_cause(monkeypatch):
    from triage import segment

    real_segment = segment.segment

    def fails_on_short_pages(raw):
        if len(raw.text) < 2000:
            raise ValueError("odd page")
        return real_segment(raw)

    monkeypatch.setattr(segment, "segment", fails_on_short_pages)
    results = list(parse_pages(PAGE_FILES, jobs=1))
    errors = [r for r in results if isinstance(r, InputError)]
    assert len(results) == len(PAGE_FILES)
    assert errors and all("ValueError: odd page" in str(e) for e in errors)
    assert any(isinstance(r, Page) for r in results)


def test_reading_runs_only_a_bounded_number_of_pages_ahead_of_the_consumer():
    pulled = 0

    def counting_reader(paths):
        nonlocal pulled
        for raw in iter_pages(paths):
            pulled += 1
            yield raw

    jobs, batch_size = 2, 2
    bound = jobs * parallel.IN_FLIGHT_PER_JOB * batch_size + batch_size
    most_ahead = 0
    results = parse_pages(repeated(80), jobs=jobs, batch_size=batch_size, read=counting_reader, with_topics=False)
    for consumed, _result in enumerate(results, 1):
        most_ahead = max(most_ahead, pulled - consumed)
    assert consumed == 80
    assert 0 < most_ahead <= bound < 80


def test_a_stop_request_ends_the_stream_after_the_current_page_and_closes_the_workers():
    stop = threading.Event()
    results = []
    for result in parse_pages(repeated(200), jobs=2, stop=stop, with_topics=False):
        results.append(result)
        if len(results) == 17:
            stop.set()
    assert len(results) == 17
    assert multiprocessing.active_children() == []


def test_one_job_uses_no_worker_processes():
    for _result in parse_pages(repeated(3), jobs=1):
        assert multiprocessing.active_children() == []


def test_jobs_default_to_the_number_of_cores_this_process_may_use():
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert parallel.default_jobs() == usable


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers see the patch only when forked")
def test_a_tagger_that_cannot_load_in_the_workers_is_its_own_error_not_a_crash(monkeypatch):
    from triage import topics
    from triage.errors import TaxonomyError

    def bad_taxonomy(path=None):
        raise TaxonomyError("custom.toml: line 1: not TOML")

    monkeypatch.setattr(topics, "load_tagger", bad_taxonomy)
    with pytest.raises(TaxonomyError, match="not TOML"):
        list(parse_pages(repeated(4), jobs=2, taxonomy="custom.toml"))


def test_parse_with_two_jobs_prints_what_one_job_prints():
    import subprocess
    import sys

    def parse(jobs):
        cmd = [sys.executable, "-m", "triage", "parse", "--jobs", str(jobs), *PAGE_FILES]
        run = subprocess.run(cmd, capture_output=True, text=True)
        return run.returncode, run.stdout, run.stderr

    one = parse(1)
    assert one[1].count("\n") + one[2].count("\n") == len(PAGE_FILES)  # a page is printed, or its error is
    assert parse(2) == one


SPAWNED = """
import multiprocessing, sys
from triage.parallel import parse_pages
from triage.models import Page

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    files = sys.argv[1:]
    two = [r.to_dict() if isinstance(r, Page) else str(r) for r in parse_pages(files, jobs=2)]
    one = [r.to_dict() if isinstance(r, Page) else str(r) for r in parse_pages(files, jobs=1)]
    print(len(two), two == one)
"""


def test_workers_started_by_spawn_load_their_own_tagger_and_give_the_same_pages(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "spawned.py"
    script.write_text(SPAWNED)
    run = subprocess.run([sys.executable, str(script), *PAGE_FILES[:4]], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["4", "True"]


class HangsTheWorker:
    """Unpickling this in a worker blocks it far longer than the test's page timeout, as a page
    that sends a regular expression into catastrophic backtracking would."""

    def __reduce__(self):
        import time

        return (time.sleep, (600,))


def test_a_page_that_hangs_its_worker_is_given_up_and_the_others_are_parsed():
    raws = [r for r in iter_pages(repeated(6))]
    stuck = raws[2]
    stuck.lines = [*stuck.lines, HangsTheWorker()]
    reader = lambda _paths: iter(raws)  # noqa: E731
    results = list(parse_pages(["unused"], jobs=2, batch_size=3, read=reader, page_timeout=3, with_topics=False))
    assert len(results) == 6
    assert isinstance(results[2], InputError)
    assert "gave up after 3 s" in str(results[2]) and stuck.source in str(results[2])
    assert all(isinstance(r, Page) for i, r in enumerate(results) if i != 2)
    assert multiprocessing.active_children() == []


def test_pages_cross_between_processes_unchanged_html_structure_included():
    from multiprocessing.reduction import ForkingPickler

    from triage.topics import load_tagger

    files = [*PAGE_FILES[:3], *sorted(str(p) for p in (PAGES.parent / "read").glob("*.html"))[:3]]
    raws = [raw for raw in iter_pages(files) if not isinstance(raw, InputError)]
    assert any(raw.is_html and any(line.hints or line.block for line in raw.lines) for raw in raws)
    tagger = load_tagger()
    pages = [parallel.parse_one(raw, tagger) for raw in raws]
    items = [item for page in pages for item in page.items]
    assert any(item.dates for item in items) and any(item.topics for item in items)
    for raw, page in zip(raws, pages, strict=True):
        assert ForkingPickler.loads(ForkingPickler.dumps(raw)) == raw
        assert ForkingPickler.loads(ForkingPickler.dumps(page)) == page


class SlowsTheWorker:
    """Unpickling this in a worker keeps it busy for a second, as a long page would."""

    def __reduce__(self):
        import time

        return (time.sleep, (1.0,))


def test_the_caller_is_told_when_a_slow_page_keeps_it_waiting():
    raws = [r for r in iter_pages(repeated(4))]
    raws[1].lines = [*raws[1].lines, SlowsTheWorker()]
    waits = []
    reader = lambda _paths: iter(raws)  # noqa: E731
    results = list(
        parse_pages(["unused"], jobs=2, batch_size=1, read=reader, with_topics=False, idle=lambda: waits.append(1))
    )
    assert len(results) == 4 and waits


def story_title_of(page):
    """A prepare step: what the caller wants of a page (module level, so that it pickles)."""
    return ("prepared", page.source, page.story.title if page.story else None)


def fails_on_the_second_fixture(page):
    if page.source == PAGE_FILES[1]:
        raise ValueError("cannot prepare this one")
    return ("prepared", page.source)


@pytest.mark.parametrize("jobs", [1, 2])
def test_prepared_pages_come_back_in_input_order_as_prepare_made_them(jobs):
    paths = repeated(9)
    expected = [story_title_of(page) for page in parse_pages(paths, jobs=1)]
    prepared = list(parse_pages(paths, jobs=jobs, batch_size=2, prepare=story_title_of))
    assert prepared == expected
    assert [p[1] for p in prepared] == paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_that_cannot_be_prepared_is_one_error_with_its_cause(jobs):
    results = list(parse_pages(PAGE_FILES, jobs=jobs, prepare=fails_on_the_second_fixture))
    assert isinstance(results[1], InputError)
    assert PAGE_FILES[1] in str(results[1]) and "ValueError: cannot prepare this one" in str(results[1])
    assert [r for i, r in enumerate(results) if i != 1] == [("prepared", p) for p in PAGE_FILES if p != PAGE_FILES[1]]


def collector_thresholds(page):
    """What a page was parsed under: the garbage collector's thresholds of the process that parsed it."""
    import gc

    return gc.get_threshold()


@pytest.mark.parametrize("jobs", [1, 2])
def test_pages_are_parsed_with_the_parse_gc_thresholds_and_the_callers_come_back_after(jobs):
    import gc

    before = gc.get_threshold()
    assert before != parallel.PARSE_GC_THRESHOLDS
    seen_by_the_caller = []
    results = []
    for result in parse_pages(repeated(4), jobs=jobs, batch_size=2, prepare=collector_thresholds):
        seen_by_the_caller.append(gc.get_threshold())
        results.append(result)
    assert results == [parallel.PARSE_GC_THRESHOLDS] * 4  # in the workers too
    assert seen_by_the_caller == [parallel.PARSE_GC_THRESHOLDS] * 4  # the writer stores under them
    assert gc.get_threshold() == before


def test_a_stream_closed_early_gives_the_caller_its_gc_thresholds_back():
    import gc

    before = gc.get_threshold()
    stream = parse_pages(repeated(6), jobs=2, batch_size=2)
    next(stream)
    stream.close()
    assert gc.get_threshold() == before

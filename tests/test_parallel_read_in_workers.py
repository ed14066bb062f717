"""With workers, a page is turned into lines (HTML -> lines, the costly part of reading) in the worker
that parses it, not in the main process; the pages, their errors and the skipping of known pages are
the same as with one job."""

import json
import shutil
from pathlib import Path

import pytest

from triage import read
from triage.errors import InputError
from triage.models import Page
from triage.parallel import Skipped, parse_pages

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HTML_FILES = sorted(str(p) for p in (FIXTURES / "read").glob("*.html"))
TEXT_FILES = sorted(str(p) for p in (FIXTURES / "crawl_pages").glob("*.txt"))
MIXED = [path for pair in zip(HTML_FILES, TEXT_FILES, strict=False) for path in pair]


def outcomes(results):
    return [r.to_dict() if isinstance(r, Page) else (type(r).__name__, str(r)) for r in results]


@pytest.fixture
def converted_here(monkeypatch):
    """The sources of the pages turned into lines in this (the main) process. Forked workers get a
    copy of the list, so what they convert does not show here."""
    sources: list[str] = []
    real = read.page_from_text

    def recording(text, source, *args, **kwargs):
        sources.append(source)
        return real(text, source, *args, **kwargs)

    monkeypatch.setattr(read, "page_from_text", recording)
    return sources


def test_with_two_jobs_html_is_turned_into_lines_in_the_workers_not_the_main_process(converted_here):
    results = list(parse_pages(MIXED, jobs=2, batch_size=2, with_topics=False))
    assert [r.source for r in results] == MIXED
    assert all(isinstance(r, Page) and r.items for r in results)
    assert set(converted_here) <= {"<warm-up>"}


def test_two_jobs_give_what_one_job_gives_on_html_and_text_pages():
    one = outcomes(parse_pages(MIXED, jobs=1, with_topics=False))
    two = outcomes(parse_pages(MIXED, jobs=2, batch_size=3, with_topics=False))
    assert two == one


def test_a_page_that_cannot_become_lines_in_a_worker_is_its_own_error_in_its_place(tmp_path):
    blank = tmp_path / "blank.html"
    blank.write_text("<html><head><script>var a = 1;</script></head><body></body></html>", encoding="utf-8")
    paths = MIXED[:3] + [str(blank)] + MIXED[3:6]
    one = outcomes(parse_pages(paths, jobs=1, with_topics=False))
    two = outcomes(parse_pages(paths, jobs=2, batch_size=2, with_topics=False))
    assert two == one
    assert two[3] == ("InputError", str(InputError(str(blank), "no visible text in file")))
    assert all(isinstance(o, dict) for i, o in enumerate(two) if i != 3)


def test_a_bad_crawl_record_converted_in_a_worker_is_named_by_its_line(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    texts = [Path(p).read_text(encoding="utf-8") for p in MIXED[:4]]
    records = [{"url": f"http://a.example/{n}", "text": t} for n, t in enumerate(texts)]
    records.insert(2, {"url": "http://a.example/empty", "text": "<html><body><style>p{}</style></body></html>"})
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    results = list(parse_pages([str(corpus)], jobs=2, batch_size=2, with_topics=False))
    assert outcomes(results) == outcomes(parse_pages([str(corpus)], jobs=1, with_topics=False))
    assert isinstance(results[2], InputError) and results[2].source == f"{corpus}:3"
    assert [r.url for i, r in enumerate(results) if i != 2] == [r["url"] for i, r in enumerate(records) if i != 2]


@pytest.mark.parametrize("jobs", [1, 2])
def test_only_pages_whose_source_may_be_known_are_converted_here_and_known_ones_skipped(jobs, converted_here):
    known_sha = read.read_path(HTML_FILES[0]).sha256
    converted_here.clear()
    paths = [HTML_FILES[0], *MIXED[1:5], HTML_FILES[0]]
    results = list(
        parse_pages(
            paths,
            jobs=jobs,
            with_topics=False,
            known=lambda raw: raw.sha256 == known_sha,
            may_know=lambda source: source == HTML_FILES[0],
        )
    )
    assert [type(r) for r in results] == [Skipped, Page, Page, Page, Page, Skipped]
    assert results[0] == Skipped(HTML_FILES[0], known_sha)
    main_conversions = [s for s in converted_here if s != "<warm-up>"]
    expected = [HTML_FILES[0], HTML_FILES[0]] if jobs == 2 else paths  # one job converts everything here
    assert main_conversions == expected


def test_a_page_whose_source_is_stored_with_other_content_is_parsed_again(tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(HTML_FILES[0], page)
    first_sha = read.read_path(str(page)).sha256
    shutil.copy(HTML_FILES[1], page)
    results = list(
        parse_pages(
            [str(page)],
            jobs=2,
            with_topics=False,
            known=lambda raw: raw.sha256 == first_sha,
            may_know=lambda source: True,
        )
    )
    assert isinstance(results[0], Page) and results[0].sha256 != first_sha

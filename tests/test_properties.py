"""Property-based tests (hypothesis) over the reader, segmenter, date resolver and tagger.

Arbitrary bytes, arbitrary Unicode, pages built from real corpus lines: the stages never raise
(except the reader's typed InputError) and always keep their output contract. Example counts come
from the "ci" profile in conftest.py (HYPOTHESIS_PROFILE=thorough for a long run).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path

from conftest import good_page_paths
from hypothesis import assume, given
from hypothesis import strategies as st

from triage import read
from triage.errors import InputError
from triage.models import RawPage

# Characters that must never survive reading: C0 controls (except newline), DEL, C1 controls,
# bidi overrides/isolates and stray BOMs (tab and CR become spaces/newlines).
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
ISO_BY_PRECISION = {
    "year": re.compile(r"^\d{4}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "hour": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}$"),
    "minute": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"),
}
PADDING = {"year": "-01-01", "month": "-01", "day": "", "hour": ":00", "minute": ""}


@cache
def corpus_lines() -> tuple[str, ...]:
    """Every non-blank line of the real pages kept under tests/hostile/good (text dumps only)."""
    lines: list[str] = []
    for path in good_page_paths():
        if path.suffix == ".txt":
            lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(lines)


def read_or_error(data: bytes) -> RawPage | None:
    """read_bytes' result, or None when it refused the bytes with the typed InputError."""
    try:
        return read.read_bytes(data, "fuzz.txt")
    except InputError as e:
        assert e.source == "fuzz.txt" and e.cause and "\n" not in str(e)
        return None


def assert_clean_page(page: RawPage) -> None:
    import hashlib

    assert page.text == "\n".join(line.text for line in page.lines)
    assert page.sha256 == hashlib.sha256(page.text.encode("utf-8")).hexdigest()
    assert not FORBIDDEN.search(page.text), repr(FORBIDDEN.search(page.text))
    assert "\x1b" not in page.text


# ---------------------------------------------------------------------------------------------
# Reader


@given(st.binary(max_size=4096))
def test_reader_on_arbitrary_bytes_returns_a_clean_page_or_a_typed_error(data):
    page = read_or_error(data)
    if page is not None:
        assert_clean_page(page)


ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "cp1252")


@given(st.text(max_size=2000), st.sampled_from(ENCODINGS))
def test_reader_on_text_in_any_encoding_returns_a_clean_page_or_a_typed_error(text, encoding):
    page = read_or_error(text.encode(encoding, "ignore"))
    if page is not None:
        assert_clean_page(page)


WORDS = st.text(
    alphabet=st.sampled_from("新闻科技人工智能发布会议北京上海报道记者市场公司abcdefghXYZ0123456789"),
    min_size=1,
    max_size=12,
)


@given(st.lists(WORDS, min_size=1, max_size=60), st.sampled_from(("utf-8", "utf-8-sig", "utf-16")))
def test_reader_keeps_every_word_of_utf8_and_bom_text(words, encoding):
    text = "\n".join(" ".join(words[i : i + 5]) for i in range(0, len(words), 5))
    page = read.read_bytes(text.encode(encoding), "words.txt")
    for word in words:
        assert word in page.text


@given(st.lists(st.sampled_from(corpus_lines()), min_size=3, max_size=40), st.sampled_from(("gb18030", "utf-16-le")))
def test_reader_decodes_real_chinese_lines_in_gb18030_and_bomless_utf16(lines, encoding):
    text = "\n".join(lines)
    assume(sum("\u4e00" <= c <= "\u9fff" for c in text) > 50)
    page = read.read_bytes(text.encode(encoding), "page.txt")
    assert_clean_page(page)
    assert page.text == read.page_from_text(text, "page.txt", "utf-8").text


@given(st.text(max_size=3000))
def test_reader_on_arbitrary_html_returns_a_clean_page_or_a_typed_error(body):
    html = f"<html><head><title>t</title></head><body><div class='related'><p>{body}</p></div></body></html>"
    page = read_or_error(html.encode("utf-8", "surrogatepass"))
    if page is not None:
        assert_clean_page(page)


# ---------------------------------------------------------------------------------------------
# Segmenter


def spaced(text: str) -> str:
    """Whitespace runs as one space: the segmenter collapses Unicode spaces (U+3000 too) inside a
    line, the reader keeps ideographic spaces as the dumps have them; the words must be the page's."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def assert_segment_contract(raw: RawPage) -> None:
    from triage.segment import segment

    items = segment(raw)
    page_text = spaced(raw.text)
    assert sum(item.kind == "story" for item in items) <= 1
    assert len({item.id for item in items}) == len(items)
    for item in items:
        assert item.kind in ("story", "sidebar")
        assert 0 <= item.position < max(1, len(raw.lines))
        assert spaced(item.title) in page_text, item.title
        for line in item.text.split("\n"):
            assert spaced(line) in page_text, line


def line_structures():
    """Pages as line lists: real corpus lines shuffled, blank lines, very long lines, and blocks of
    real lines repeated many times (as crawled pages repeat hot-news blocks)."""
    real = st.sampled_from(corpus_lines())
    long_line = st.builds(lambda line, n: line * n, real, st.integers(20, 400))
    block = st.builds(lambda lines, n: lines * n, st.lists(real, min_size=1, max_size=6), st.integers(2, 30))
    part = st.one_of(real.map(lambda line: [line]), st.just([""]), long_line.map(lambda line: [line]), block)
    return st.lists(part, min_size=1, max_size=30).map(lambda parts: [line for p in parts for line in p])


@given(line_structures())
def test_segmenter_items_are_substrings_of_the_page_on_real_line_structures(lines):
    try:
        raw = read.page_from_text("\n".join(lines), "built.txt", "utf-8")
    except InputError:  # nothing visible (blank lines, a lone BOM) is refused, which is the contract
        return
    assert_segment_contract(raw)


@given(st.lists(st.text(max_size=120), min_size=1, max_size=60))
def test_segmenter_items_are_substrings_of_the_page_on_arbitrary_unicode_lines(lines):
    text = "\n".join(lines)
    try:
        raw = read.page_from_text(text, "unicode.txt", "utf-8")
    except InputError:
        return
    assert_segment_contract(raw)


@given(st.lists(st.sampled_from(corpus_lines()), min_size=1, max_size=40), st.sampled_from(("p", "li", "h2", "td")))
def test_segmenter_items_are_substrings_of_the_page_on_real_lines_as_html(lines, tag):
    body = "".join(f"<{tag}>{line}</{tag}>" for line in lines)
    html = f"<html><head><title>{lines[0]}</title></head><body><div class='content'>{body}</div></body></html>"
    try:
        raw = read.read_bytes(html.encode("utf-8"), "built.html")
    except InputError:
        return
    assert_segment_contract(raw)


# ---------------------------------------------------------------------------------------------
# Date resolver

BASES = st.one_of(st.none(), st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2099, 12, 31)))
DATE_PIECES = list("0123456789０１２３４５６７８９-/:.年月日号时点分秒前后天周今昨明上下午晚 ")
DATE_PIECES += [
    "一",
    "二",
    "十",
    "星期",
    "上周",
    "本月",
    "去年",
    "今年",
    "Jan",
    "May",
    "Sept",
    "at",
    "pm",
    "ago",
    "days",
]
DIGIT_HEAVY = st.lists(st.sampled_from(DATE_PIECES), max_size=40).map("".join)


def assert_valid_mention(text: str, mention) -> None:
    assert mention.precision in ISO_BY_PRECISION, mention
    assert ISO_BY_PRECISION[mention.precision].match(mention.value), mention
    datetime.fromisoformat(mention.value + PADDING[mention.precision])  # a real calendar date
    assert mention.text and mention.text in text, mention


@given(st.one_of(st.text(max_size=300), DIGIT_HEAVY), BASES)
def test_dates_are_valid_iso_prefixes_of_their_precision(text, base):
    from triage.dates import find_dates

    for mention in find_dates(text, base):
        assert_valid_mention(text, mention)


@given(st.lists(st.sampled_from(corpus_lines()), min_size=1, max_size=8), BASES)
def test_dates_in_real_lines_are_valid_iso_prefixes_of_their_precision(lines, base):
    from triage.dates import find_dates

    text = "\n".join(lines)
    for mention in find_dates(text, base):
        assert_valid_mention(text, mention)


# ---------------------------------------------------------------------------------------------
# Tagger


@cache
def tagger_and_slugs():
    from triage.query import load_topic_tree
    from triage.topics import load_tagger

    return load_tagger(), set(load_topic_tree().parents)


@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(corpus_lines()), max_size=10).map("\n".join)))
def test_topics_are_taxonomy_slugs_with_scores_between_0_and_1(text):
    tagger, slugs = tagger_and_slugs()
    for topic in tagger.topics(text):
        assert topic.slug in slugs, topic
        assert 0.0 <= topic.score <= 1.0, topic


# ---------------------------------------------------------------------------------------------
# The whole page path


@given(
    st.binary(max_size=2048)
    | st.lists(st.sampled_from(corpus_lines()), max_size=30).map(lambda x: "\n".join(x).encode())
)
def test_pipeline_on_arbitrary_bytes_gives_a_page_or_a_typed_error(data):
    from triage.pipeline import parse_page

    raw = read_or_error(data)
    if raw is None:
        return
    page = parse_page(raw)
    for item in page.items:
        if item.published:
            assert re.match(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$", item.published), item.published


def test_parse_gives_the_same_output_under_any_hash_seed():
    """Ids, items and topics may not depend on set or dict order: two processes with different
    hash seeds print the same bytes (the store's idempotence and resume rely on it)."""
    from conftest import GOOD_PAGES, run_triage, triage_env

    outputs = {run_triage("parse", str(GOOD_PAGES), env=triage_env(PYTHONHASHSEED=seed)).stdout for seed in ("1", "2")}
    assert len(outputs) == 1 and outputs.pop().count(b"\n") == len(good_page_paths())


# ---------------------------------------------------------------------------------------------
# Store filters: any text typed as a filter value is data


@cache
def filter_store() -> tuple[str, list[tuple[str, str, str]]]:
    """A store of the good pages (built once, in a temporary directory) and its (id, title, text)."""
    import tempfile

    from triage.pipeline import parse_inputs
    from triage.store import open_store

    path = str(Path(tempfile.mkdtemp(prefix="triage-filter-")) / "triage.db")
    with open_store(path, write=True) as store:
        for page in parse_inputs([str(p) for p in good_page_paths()]):
            store.add_page(page)
        rows = store.db.execute("SELECT id, title, text FROM items").fetchall()
    return path, rows


FILTER_TEXT = st.text(alphabet=st.sampled_from(list("研究人员新闻的科技 \"'*()^:-+%_\\;ANDORNEAR1=x")), max_size=24)


@given(FILTER_TEXT)
def test_any_query_text_matches_exactly_the_items_holding_its_words(value):
    from triage.query import Filters
    from triage.store import open_store

    path, rows = filter_store()
    with open_store(path) as store:
        got = {row["id"] for row in store.listing(Filters(query=value.strip() or None), ["id"], None)}
    words = [w.lower() for w in value.split()]
    assert got == {i for i, title, text in rows if all(w in title.lower() or w in text.lower() for w in words)}

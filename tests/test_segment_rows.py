"""The segmenter's first pass (segment_rows): the shortcuts it takes give what the plain rules give."""

import re
import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import triage
from triage.models import Line
from triage.read import read_path
from triage.segment_rows import rows_of
from triage.segment_vocab import vocab

PAGES = Path(__file__).resolve().parent / "pages" / "pages"


def test_a_line_the_page_repeats_gets_the_row_it_gets_alone():
    raw = read_path(str(PAGES / "005.txt"))
    lines = raw.lines + raw.lines[:40]  # the page's top (its menu, its headline) printed again below it
    rows = rows_of(lines, vocab())
    assert len(rows) > len({r.text for r in rows})  # repeated lines, shaped once
    for row in rows:
        alone = rows_of([Line(row.line.text)], vocab())[0]
        assert (row.text, row.low, row.words, row.units, row.punct, row.kind, row.truncated, row.score) == (
            alone.text,
            alone.low,
            alone.words,
            alone.units,
            alone.punct,
            alone.kind,
            alone.truncated,
            alone.score,
        )


def test_html_noise_lowers_the_score_of_a_repeated_line_only_where_it_is_noise():
    text = "国务院常务会议部署进一步扩大内需的一系列政策措施，要求各地加快落实，确保政策效果尽快显现。"
    rows = rows_of([Line(text), Line(text, link_ratio=1.0)], vocab())
    assert rows[0].score == rows[0].text_score > 0
    assert rows[1].score == -10.0 and rows[1].text_score == rows[0].text_score


def vocabulary_fragments() -> list[str]:
    """Words of the line-start patterns' vocabulary, their decoration, and some plain text and digits."""
    data = tomllib.loads((Path(triage.__file__).parent / "data" / "segment.toml").read_text(encoding="utf-8"))
    words = data["prev_next"]["words"] + data["story"]["references"] + data["boilerplate"]["prefixes"]
    words += re.findall(r"[^\W\d_]{2,}", " ".join(data["metadata"]["patterns"]))  # its literal words
    return words + ["【", "】", "[", "]", "(", ")", ":", "：", " ", "/", "2024", "7", "ab", "新闻", "É", "·"]


@given(st.lists(st.sampled_from(vocabulary_fragments()), min_size=1, max_size=8))
def test_a_line_the_line_start_union_does_not_match_matches_none_of_its_patterns(fragments):
    v = vocab()
    low = "".join(fragments).lower()
    if v.line_start.match(low) is None:
        assert not any(p.match(low) for p in (v.prev_next, v.references, v.ad_prefix, v.metadata))


def test_every_line_start_pattern_matches_some_real_line():
    # the union is no prefilter that lets nothing through: each of its patterns fires on the test pages
    v = vocab()
    lows = [" ".join(line.text.split()).lower() for path in PAGES.glob("*.txt") for line in read_path(str(path)).lines]
    for pattern in (v.prev_next, v.references, v.ad_prefix, v.metadata):
        assert any(pattern.match(low) and v.line_start.match(low) for low in lows), pattern.pattern[:40]


def menu_reference(text: str, units: float) -> bool:
    """is_menu as written before it counted a row's spaces: its words split off one by one."""
    from triage.segment_rows import BREADCRUMB, CJK, MENU_MARKS, MENU_SEPARATOR, units_of

    if MENU_MARKS.search(text):
        parts = [p for p in MENU_SEPARATOR.split(text) if p.strip()]
        if 3 <= len(parts) and all(units_of(p) <= 6 for p in parts):
            return True
        crumbs = [p for p in BREADCRUMB.split(text) if p.strip()]
        if 2 <= len(crumbs) and all(units_of(p) <= 12 for p in crumbs):
            return True
    tokens = text.split()
    if len(tokens) < 4 or text.isascii():
        return False
    return len(CJK.findall(text)) >= 0.3 * len(text.replace(" ", "")) and units / len(tokens) <= 4.5


@given(
    st.lists(
        st.sampled_from(["首页", "新闻", "体育", "财经", "Home", "a", "1", "|", "·", "/", "  ", " ", "\t"]), max_size=12
    )
)
def test_is_menu_on_a_row_text_says_what_splitting_its_words_says(pieces):
    from triage.segment_rows import is_menu, units_of

    text = " ".join("".join(pieces).split())  # a row's text, as rows_of makes it
    assert is_menu(text, units_of(text)) == menu_reference(text, units_of(text))


def test_a_page_segmented_after_others_gets_the_items_it_gets_first():
    # hint verdicts are remembered across pages: they must be what a fresh page gets
    from triage.read import read_path
    from triage.segment import segment
    from triage.segment_rows import forget_memos

    raws = [read_path(str(p)) for p in sorted(PAGES.glob("*.txt"))]
    fresh = []
    for raw in raws:
        forget_memos()
        fresh.append(segment(raw))
    forget_memos()
    for raw in raws:
        segment(raw)
    assert [segment(raw) for raw in reversed(raws)] == fresh[::-1]


def test_rows_of_one_text_on_a_page_keep_their_facts_on_its_first_row_and_another_page_starts_afresh():
    from triage.segment_headline import is_title_like

    menu, headline = "首页 新闻 体育 财经", "国务院部署进一步扩大内需的政策措施"
    first = rows_of([Line(menu), Line(headline), Line(menu), Line(headline)], vocab())
    second = rows_of([Line(headline)], vocab())
    assert first[0].first is None and first[2].first is first[0] and first[3].first is first[1]
    assert is_title_like(first[3]) and first[1].title_like is True and first[3].title_like is None
    assert second[0].first is None and second[0].title_like is None


def norm_reference(text: str) -> str:
    """norm as written before its ASCII path: the regex alone."""
    return re.sub(r"[\W_]+", "", text).lower()


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_norm_of_any_text_is_what_the_regex_alone_makes_of_it(text):
    from triage.segment_headline import norm

    assert norm(text) == norm_reference(text)


def end_marker_fragments() -> list[str]:
    data = tomllib.loads((Path(triage.__file__).parent / "data" / "segment.toml").read_text(encoding="utf-8"))
    return data["story"]["end_markers"] + ["正文", "End", "完", " ", "\t", "\u3000", "-", "(", "）", "\n"]


@given(st.lists(st.sampled_from(end_marker_fragments()), min_size=1, max_size=6))
def test_a_row_ends_with_an_end_marker_where_the_end_pattern_finds_one(fragments):
    # rows_of collapses a row's whitespace, so its low has none at its end: the pattern's '\s*$' matches nothing
    data = tomllib.loads((Path(triage.__file__).parent / "data" / "segment.toml").read_text(encoding="utf-8"))
    words = sorted((w.lower() for w in data["story"]["end_markers"]), key=len, reverse=True)
    pattern = re.compile(rf"(?:{'|'.join(map(re.escape, words))})\s*$")
    rows = rows_of([Line("".join(fragments))], vocab())
    for row in rows:
        assert row.low.endswith(vocab().end_markers) == (pattern.search(row.low) is not None)


@given(st.text(alphabet="。.!！?？”」』\"')）a1%’ \t\n\u3000x文…", max_size=12))
def test_a_pattern_ending_a_line_is_found_in_its_last_characters_where_a_full_search_finds_it(text):
    from triage.segment_rows import FULL_STOP_END, QUOTED_SENTENCE_END, SENTENCE_END, SENTENCE_STOP, ends_in

    for pattern, reach in ((FULL_STOP_END, 1), (SENTENCE_END, 1), (QUOTED_SENTENCE_END, 2), (SENTENCE_STOP, 2)):
        assert ends_in(pattern, text, reach) == (pattern.search(text) is not None), (pattern.pattern, text)


def inner_hint_reference(hints: tuple[str, ...], wanted: frozenset[str]) -> bool:
    """has_inner_hint as written before its memo."""
    from triage.segment_rows import HTML_CONTENT_HINTS

    content = max((k for k, h in enumerate(hints) if h in HTML_CONTENT_HINTS), default=-1)
    return any(h in wanted for h in hints[content + 1 :])


@given(
    st.lists(
        st.lists(
            st.sampled_from(["article", "content", "main", "related", "sidebar", "nav", "share", "p", "x"]), max_size=6
        ),
        min_size=1,
        max_size=5,
    )
)
def test_a_remembered_hint_verdict_is_what_the_hints_say(hint_lists):
    from triage.segment_rows import HTML_JUNK_HINTS, HTML_LIST_HINTS, HTML_NOISE_HINTS, has_inner_hint

    for hints in map(tuple, hint_lists + hint_lists):  # each list twice: the second answer is remembered
        for wanted in (HTML_NOISE_HINTS, HTML_JUNK_HINTS, HTML_LIST_HINTS):
            assert has_inner_hint(hints, wanted) == inner_hint_reference(hints, wanted)


@given(st.text(alphabet=st.sampled_from(list("。，、；！？,;!?။၊।॥؟،؛..a1 \t\u3000\n…"))) | st.text())
def test_sentence_marks_are_counted_as_the_plain_alternation_counts_them(text):
    from triage.segment_rows import SENTENCE_PUNCT

    assert len(SENTENCE_PUNCT.findall(text)) == len(re.findall(r"[。，、；！？,;!?။၊।॥؟،؛]|\.(?=\s|$)", text))

"""Scraped text made inert: what the sanitiser removes, what it keeps."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.sanitize import _REWRITTEN, is_clean, one_line, strip_escapes


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),  # CSI colours
        ("x\x1b]52;c;aGVsbG8=\x07y", "xy"),  # OSC 52 clipboard write, parameters and all
        ("l\x1b]8;;http://e.x\x1b\\link\x1b]8;;\x1b\\z", "llinkz"),  # OSC 8 hyperlink
        ("c1\x9b31mx", "c1x"),  # 8-bit CSI
        ("\u202eevil\u202c", "evil"),  # bidi override
        ("中文\r\nok\x00", "中文\nok"),  # CRLF, NUL
    ],
)
def test_strip_escapes_removes_sequences_whole(payload, expected):
    assert strip_escapes(payload) == expected


def test_strip_escapes_keeps_text_and_rich_markup_as_written():
    text = "[red]不是标记[/red] 2024-08-31 16:59 — “引号” 😀"
    assert strip_escapes(text) == text


def test_one_line_collapses_newlines_and_tabs():
    assert one_line("标题\n\t正文  \x1b[2J下一行") == "标题 正文 下一行"


@given(st.text(max_size=200))
def test_is_clean_says_exactly_whether_a_line_would_change(text):
    line = text.replace("\n", " ")
    assert is_clean(line) == (strip_escapes(line) == line)


def test_no_character_strip_escapes_rewrites_is_printable():
    # is_clean passes a printable text without the search: exact only while this holds
    rewritten = [chr(c) for c in range(0x110000) if _REWRITTEN.match(chr(c))]
    assert len(rewritten) > 2000  # the surrogates among them
    assert not [c for c in rewritten if c.isprintable()]


@given(st.text(alphabet=st.characters(codec=None, exclude_characters="\n"), max_size=60))
def test_is_clean_is_what_the_search_for_rewritten_characters_says(text):
    assert is_clean(text) == (not _REWRITTEN.search(text))

"""Every output format, and the promise that scraped text can neither style nor control the terminal."""

import csv
import io
import json
import re

import pytest
from rich.cells import cell_len

from triage.env import Env, wants_color
from triage.render import Format, choose_format, write_detail, write_rows

FIELDS = ["id", "published", "kind", "topic", "source", "title"]
ROWS = [
    {
        "id": "261d973463d3",
        "published": "2024-08-31T16:59",
        "kind": "story",
        "topic": "ai-safety",
        "source": "新智元",
        "title": "OpenAI大逃亡,AGI安全团队半数出走!奥特曼:攘外必先安内",
    },
    {
        "id": "2fd649b194d0",
        "published": "2025-06-07",
        "kind": "sidebar",
        "topic": "science-technology",
        "source": "金融界",
        "title": "茂华照明取得具有边角防护功能的照明灯专利,该照明灯可以提高使用的安全性",
    },
    {"id": "83e92e55ea42", "published": None, "kind": "sidebar", "topic": None, "source": None, "title": "高考"},
]
# Every kind of sequence that could act on a terminal: CSI colour and clear-screen, OSC 52
# (writes the clipboard), OSC 8 (hyperlink), an 8-bit C1 CSI, and a right-to-left override.
HOSTILE = (
    "a\x1b[31mred\x1b[2J b\x1b]52;c;ZXZpbA==\x07 c\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"
    " d\x9b1m e\u202eoknil"
)
ESCAPES = re.compile("[\x1b\x07\x9b\x9d\u202e]")


def env(width=80, tty=False, color=False):
    return Env(
        stdout=io.StringIO(), stderr=io.StringIO(), stdout_isatty=tty, stderr_isatty=False, width=width, color=color
    )


def render(rows, fmt, fields=FIELDS, **kw):
    e = env(**kw)
    write_rows(rows, fields, fmt, e)
    return e.stdout.getvalue()


def test_a_pipe_gets_tsv_and_a_terminal_gets_a_table():
    assert choose_format(None, env(tty=False)) is Format.tsv
    assert choose_format(None, env(tty=True)) is Format.table
    assert choose_format(Format.json, env(tty=True)) is Format.json


def test_tsv_has_no_header_and_one_line_of_all_fields_per_row():
    lines = render(ROWS, Format.tsv).splitlines()
    assert len(lines) == 3
    assert lines[0].split("\t") == list(ROWS[0].values())
    assert lines[2] == "83e92e55ea42\t\tsidebar\t\t\t高考"


def test_tsv_never_truncates_long_titles():
    assert ROWS[1]["title"] in render(ROWS, Format.tsv)


def test_tsv_keeps_one_row_on_one_line_whatever_the_fields_hold():
    row = dict(ROWS[0], title="one\ttwo\nthree\\four")
    line = render([row], Format.tsv)
    assert line.count("\n") == 1 and line.count("\t") == len(FIELDS) - 1
    # a tab inside scraped text is a plain separator (sanitize), a newline and a backslash are escaped
    assert line.rstrip("\n").endswith("one two\\nthree\\\\four")


def test_csv_has_a_header_and_quotes_as_needed():
    rows = list(csv.reader(io.StringIO(render([dict(ROWS[0], title='a, "b"')], Format.csv))))
    assert rows[0] == FIELDS
    assert rows[1][-1] == 'a, "b"'


def test_json_is_one_array_and_jsonl_one_object_per_line():
    assert [r["id"] for r in json.loads(render(ROWS, Format.json))] == [r["id"] for r in ROWS]
    lines = render(ROWS, Format.jsonl).splitlines()
    assert [json.loads(line)["title"] for line in lines] == [r["title"] for r in ROWS]


def test_fields_pick_the_columns_in_the_order_given():
    assert render(ROWS[:1], Format.tsv, fields=["title", "id"]) == f"{ROWS[0]['title']}\t{ROWS[0]['id']}\n"


def test_no_rows_prints_nothing_in_a_table():
    assert render([], Format.table) == ""


@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_table_fits_the_terminal_width_in_cells(width):
    out = render(ROWS, Format.table, width=width)
    assert all(cell_len(line) <= width for line in out.splitlines())


@pytest.mark.parametrize("width", [40, 80, 120])
def test_ids_and_dates_are_never_cut_and_long_headlines_end_with_an_ellipsis(width):
    out = render(ROWS, Format.table, width=width)
    for row in ROWS:
        assert row["id"] in out
    assert "2024-08-31" in out and "2025-06-07" in out
    assert "…" in out
    assert ROWS[1]["title"] not in out


@pytest.mark.parametrize("width", [80, 120])
def test_topics_are_shown_whole_when_there_is_room(width):
    out = render(ROWS, Format.table, width=width)
    assert "science-technology" in out and "ai-safety" in out


def test_the_table_shows_dates_to_the_day_and_the_pipe_keeps_the_full_value():
    assert "2024-08-31T16:59" not in render(ROWS, Format.table, width=120)
    assert "2024-08-31T16:59" in render(ROWS, Format.tsv)


def test_a_narrow_terminal_leaves_out_whole_columns_rather_than_cutting_them():
    out = render(ROWS, Format.table, width=40)
    assert "science-tech…" not in out and "sidebar" not in out
    assert "茂华" in out


def test_a_wide_terminal_shows_every_column_and_more_of_the_headline():
    wide = render(ROWS, Format.table, width=120)
    narrow = render(ROWS, Format.table, width=80)
    assert "金融界" in wide and "sidebar" in wide
    first_line = next(line for line in wide.splitlines() if "2fd649b194d0" in line)
    assert cell_len(first_line) > max(cell_len(line) for line in narrow.splitlines())


def test_rich_markup_in_scraped_text_prints_literally():
    row = dict(ROWS[0], title="[red]alert[/red] [link=http://evil.example]click[/link]")
    out = render([row], Format.table, width=200)
    assert "[red]alert[/red] [link=http://evil.example]click[/link]" in out


@pytest.mark.parametrize("fmt", list(Format))
def test_terminal_escapes_never_reach_the_output(fmt):
    row = dict(ROWS[0], title=HOSTILE, source=HOSTILE)
    out = render([row], fmt, width=300)
    assert not ESCAPES.search(out)
    assert "ZXZpbA==" not in out


@pytest.mark.parametrize("fmt", [Format.table, Format.tsv, Format.json])
def test_show_makes_the_item_inert_too(fmt):
    item = {"id": "261d973463d3", "kind": "story", "title": HOSTILE + " [bold]x[/bold]", "text": HOSTILE}
    e = env(width=200)
    write_detail(item, fmt, e)
    out = e.stdout.getvalue()
    assert not ESCAPES.search(out)
    assert "[bold]x[/bold]" in out


def test_colour_follows_the_terminal_unless_no_color_or_force_color_says_otherwise():
    assert wants_color({}, isatty=True) is True
    assert wants_color({}, isatty=False) is False
    assert wants_color({"NO_COLOR": "1"}, isatty=True) is False
    assert wants_color({"FORCE_COLOR": "1"}, isatty=False) is True
    assert wants_color({"NO_COLOR": "1", "FORCE_COLOR": "1"}, isatty=True) is False


def test_a_coloured_table_has_colour_codes_and_an_uncoloured_one_has_none():
    assert "\x1b[" in render(ROWS, Format.table, color=True)
    assert "\x1b" not in render(ROWS, Format.table, color=False)


def test_tsv_has_no_colour_even_when_colour_is_forced():
    assert "\x1b" not in render(ROWS, Format.tsv, color=True)


def test_the_topic_tree_indents_children_under_their_parent():
    from triage.render import write_topics

    rows = [
        {"slug": "science-technology", "parent": None, "depth": 0, "label": "科学、技术", "items": 3},
        {"slug": "ai", "parent": "science-technology", "depth": 1, "label": "人工智能", "items": 1},
    ]
    e = env(width=80)
    write_topics(rows, Format.table, e)
    lines = e.stdout.getvalue().splitlines()
    assert lines[1].startswith("science-technology") and lines[2].startswith("  ai ")
    assert "人工智能" in lines[2]

"""The reader's decoded pages (PageText) and their conversion to lines where they are parsed: the
same pages and the same errors as reading them whole."""

import io
import json
from pathlib import Path

from triage import read
from triage.errors import InputError
from triage.models import Page, PageText, RawPage
from triage.pipeline import parse_or_error

READ_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"
PAGE_FILES = sorted(str(p) for p in READ_FIXTURES.iterdir() if p.suffix in (".txt", ".html"))


def test_the_reader_yields_decoded_text_not_yet_lines():
    texts = list(read.iter_texts(PAGE_FILES))
    assert all(isinstance(t, PageText) for t in texts)
    html = next(t for t in texts if t.source.endswith("107.html"))
    assert "<" in html.text and html.encoding == "gb18030"


def test_converting_a_read_text_gives_the_page_read_whole():
    converted = [read.raw_page(t) for t in read.iter_texts(PAGE_FILES)]
    assert converted == list(read.iter_pages(PAGE_FILES))
    assert any(raw.is_html for raw in converted) and any(not raw.is_html for raw in converted)


def test_a_jsonl_record_without_visible_text_is_named_by_its_line_when_converted(tmp_path):
    path = tmp_path / "corpus.jsonl"
    records = [{"url": "http://a.example/", "text": "<html><body><script>x()</script></body></html>"}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (text,) = read.iter_texts([str(path)])
    assert isinstance(text, PageText) and text.source == "http://a.example/"
    (error,) = read.iter_pages([str(path)])
    assert isinstance(error, InputError)
    assert error.source == f"{path}:1" and "no visible text in record" in error.cause


def test_a_source_with_a_lone_surrogate_is_storable_before_conversion():
    (text,) = read.iter_stream(io.BytesIO("标题\n正文一段。".encode()), "bad\udcff.txt")
    assert text.source == "bad\ufffd.txt"
    assert read.raw_page(text).source == text.source


def test_parsing_a_page_text_gives_the_same_page_as_parsing_its_lines():
    for text in read.iter_texts(PAGE_FILES):
        from_text = parse_or_error(text)
        from_lines = parse_or_error(read.raw_page(text))
        assert isinstance(from_text, Page)
        assert from_text.to_dict() == from_lines.to_dict()


def test_a_page_text_that_cannot_be_converted_is_that_pages_input_error():
    empty_html = PageText("empty.html", "<html><head><title></title></head></html>", "utf-8")
    error = parse_or_error(empty_html)
    assert isinstance(error, InputError)
    assert str(error) == str(InputError("empty.html", "no visible text in file"))


def test_a_conversion_error_is_named_as_the_reader_names_the_page():
    record = PageText("http://a.example/", "   \n ", "utf-8", what="record", where="crawl.wet record 3")
    error = parse_or_error(record)
    assert isinstance(error, InputError)
    assert error.source == "crawl.wet record 3" and error.cause == "empty record"


def test_a_raw_page_is_parsed_as_before():
    raw = read.read_path(PAGE_FILES[0])
    assert isinstance(raw, RawPage)
    assert isinstance(parse_or_error(raw), Page)


STORY_PARAGRAPHS = [  # corpus page 188 (the Washington Post)
    "CAIRO — Gunmen opened fire on visitors at Tunisia’s most renowned museum on Wednesday, killing at least 19 "
    "people, including 17 foreigners, in an assault that threatened to upset the fragile stability of a country seen "
    "as the lone success of the Arab Spring.",
    "It was the most deadly terrorist attack in the North African nation in more than a decade. Although no group "
    "claimed responsibility, the bloodshed raised fears that militants linked to the Islamic State were expanding "
    "their operations.",
    "The attackers, clad in military uniforms, stormed the Bardo National Museum on Wednesday afternoon, seizing and "
    "gunning down foreign tourists before security forces raided the building to end the siege.",
]


def test_a_publish_line_without_its_year_is_dated_by_the_crawl_time():
    # 'March 18 at 3:57 PM' (corpus page 188, the Washington Post) names its year by the time it was read
    html = (
        "<html><head><title>Attack stokes instability fears</title></head><body><article>"
        "<h1>Attack stokes instability fears</h1><div>By Erin Cunningham</div><div>March 18 at 3:57 PM</div>"
        + "".join(f"<p>{p}</p>" for p in STORY_PARAGRAPHS)
        + "</article></body></html>"
    )
    for crawl_time, published in (("2015-03-20T08:00:00", "2015-03-18T15:57"), (None, None)):
        raw = read.read_bytes(html.encode(), "wapo.html", crawl_time=crawl_time)
        story = next(i for i in parse_or_error(raw).items if i.kind == "story")
        assert (story.published_raw, story.published) == ("March 18 at 3:57 PM", published)

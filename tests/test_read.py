"""Reading inputs: encodings, HTML to lines with signals, sanitising, crawl formats, bad input."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import read
from triage.errors import InputError
from triage.html import hints_of, html_to_lines
from triage.models import RawPage
from triage.read import decode, iter_pages, read_bytes, read_path

FIXTURES = Path(__file__).parent / "fixtures" / "read"


def fixture(name: str) -> Path:
    return FIXTURES / name


def corpus_dump(name: str) -> str:
    return fixture(name).read_text(encoding="utf-8").rstrip("\n")


def plain_text() -> str:
    return corpus_dump("005.txt")


def big5_text() -> str:
    """The lines of a real Traditional Chinese page that Big5 can encode."""
    lines = corpus_dump("174.txt").split("\n")
    return "\n".join(line for line in lines if _encodes(line, "big5"))


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def collect(paths: list[str], **kwargs) -> tuple[list[RawPage], list[InputError]]:
    results = list(iter_pages(paths, **kwargs))
    return [r for r in results if isinstance(r, RawPage)], [r for r in results if isinstance(r, InputError)]


def line_with(page: RawPage, text: str):
    return next(line for line in page.lines if line.text == text)


# ---------------------------------------------------------------- encodings


def test_utf8_text_dump_is_read_as_utf8_with_its_lines():
    page = read_path(str(fixture("005.txt")))
    assert page.encoding == "utf-8"
    assert not page.is_html
    assert page.text == plain_text()
    assert page.lines[0].block is None and page.lines[0].hints == ()


def test_utf8_byte_order_mark_is_detected_and_removed():
    page = read_path(str(fixture("110.html")))
    assert page.encoding == "utf-8"
    assert "\ufeff" not in page.text
    assert page.lines[0].text.startswith("拿起跨界“指挥棒”")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_decoded(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    page = read_bytes(bom + plain_text().encode(codec), "page.txt")
    assert page.encoding == codec
    assert page.text == plain_text()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_detected_by_its_nul_bytes(codec):
    page = read_bytes(plain_text().encode(codec), "page.txt")
    assert page.encoding == codec
    assert page.text == plain_text()


def test_gb2312_page_declaring_its_charset_is_decoded_as_gb18030():
    page = read_path(str(fixture("107.html")))
    assert page.encoding == "gb18030"
    assert page.text == corpus_dump("107.txt")


def test_gb2312_page_declaring_no_charset_is_recognised_by_content():
    assert b"charset" not in fixture("273.html").read_bytes().lower()
    page = read_path(str(fixture("273.html")))
    assert page.encoding == "gb18030"
    assert page.text == corpus_dump("273.txt")


def test_gbk_text_without_any_declaration_is_detected():
    page = read_bytes(plain_text().encode("gbk"), "page.txt")
    assert page.encoding == "gb18030"
    assert page.text == plain_text()


def test_big5_text_is_detected():
    text = big5_text()
    page = read_bytes(text.encode("big5"), "page.txt")
    assert page.encoding == "big5"
    assert "日本企業5月信心保持穩定" in page.text


@pytest.mark.parametrize(
    ("declared", "codec", "text"),
    [  # Windows' additions to the standard: NEC's circled digits, IBM's 髙; Korean's extended hangul (똠)
        ("Shift_JIS", "cp932", "株式会社①の髙橋社長がニュースを読む。"),
        ("euc-kr", "cp949", "똠방각하가 뉴스를 읽는다."),
        ("TIS-620", "cp874", "“ข่าววันนี้” – รัฐบาลประกาศมาตรการใหม่"),  # Windows-874's quotes and dash
    ],
)
def test_a_page_declaring_a_japanese_korean_or_thai_standard_is_read_as_windows_writes_it(declared, codec, text):
    # chardet 5.2.0's test page hardsoft.at.webry.info (a blog in Shift_JIS with NEC characters)
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}"></head>'
    page = read_bytes(f"{html}<body><p>{text}</p></body></html>".encode(codec), "page.html")
    assert (page.encoding, [line.text for line in page.lines][-1]) == (codec, text)


def test_a_charset_from_the_http_header_is_used():
    data = plain_text().encode("gbk")
    assert read_bytes(data, "record", charset="GBK").encoding == "gb18030"


def test_invalid_utf8_bytes_become_replacement_characters():
    data = plain_text().encode("utf-8")
    page = read_bytes(data[:300] + b"\xff\xfe\xc3" + data[300:], "page.txt")
    assert page.encoding == "utf-8"
    assert "\ufffd" in page.text
    assert page.lines[0].text == plain_text().split("\n")[0]


def test_invalid_bytes_inside_gbk_text_keep_it_gb18030():
    data = plain_text().encode("gbk")
    page = read_bytes(data[:400] + b"\xff\xff" + data[400:], "page.txt")
    assert page.encoding == "gb18030"
    assert page.lines[0].text == plain_text().split("\n")[0]


@pytest.mark.parametrize(
    ("text", "codec", "read_as"),
    [  # pages that declare nothing (chardet 5.2.0's test pages are such): the detector's statistics tell them
        ("Café crème au lait, déjà vu. Le journal du matin parle de la grève.\n", "latin-1", "windows-1252"),
        ("Zażółć gęślą jaźń, to jest polski tekst z wiadomościami dnia.\n", "cp1250", "cp1250"),
        ("Правительство объявило о новых мерах поддержки экономики.\n", "cp1251", "cp1251"),
        ("정부는 오늘 새로운 경제 지원 대책을 발표했다. 시장은 환영했다.\n", "euc-kr", "cp949"),
        ("政府は今日、新しい経済対策を発表した。市場は歓迎している。\n", "euc-jp", "euc_jis_2004"),
    ],
)
def test_a_page_in_a_legacy_charset_that_declares_none_is_read_in_it(text, codec, read_as):
    decoded, encoding = decode(text.encode(codec) * 20, "page.txt")
    assert (encoding, decoded[: len(text)]) == (read_as, text)


def test_same_content_gets_the_same_sha256_whatever_its_encoding():
    pages = [read_bytes(plain_text().encode(codec), "p") for codec in ("utf-8", "gbk", "gb18030", "utf-16-le")]
    assert len({p.sha256 for p in pages}) == 1
    assert pages[0].sha256 == hashlib.sha256(pages[0].text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize("name", ["143", "107", "273"])
def test_html_becomes_the_same_lines_as_the_corpus_text_dump(name):
    assert read_path(str(fixture(f"{name}.html"))).text == corpus_dump(f"{name}.txt")


def test_html_is_recognised_by_content_whatever_the_file_is_called(tmp_path):
    disguised = tmp_path / "page.txt"
    shutil.copy(fixture("143.html"), disguised)
    page = read_path(str(disguised))
    assert page.is_html
    assert page.text == corpus_dump("143.txt")


def test_a_text_dump_quoting_a_tag_is_not_html():
    text = plain_text() + "\n网页里写 <br> 表示换行。"
    page = read_bytes(text.encode("utf-8"), "page.txt")
    assert not page.is_html
    assert page.lines[-1].text == "网页里写 <br> 表示换行。"


def test_title_is_the_first_line():
    page = read_path(str(fixture("143.html")))
    assert page.lines[0].text == "科普中国-辟谣文章"
    assert page.lines[0].block == "title"


def test_og_title_is_the_first_line_when_there_is_no_title_element():
    html = (
        '<html><head><meta property="og:title" content="Flood warning lifted"></head><body><p>Body.</p></body></html>'
    )
    assert [line.text for line in html_to_lines(html)] == ["Flood warning lifted", "Body."]


def test_related_block_lines_carry_the_related_hint():
    page = read_path(str(fixture("085.html")))
    assert "related" in line_with(page, "相关事件").hints
    assert "related" in line_with(page, "中国移动管控要求：渠道酬金逐年下降，禁止终端补贴").hints


def test_footer_lines_carry_the_footer_hint():
    page = read_path(str(fixture("143.html")))
    assert "footer" in line_with(page, "中国科学技术协会").hints
    assert "footer" not in page.lines[3].hints


def test_nav_link_lines_have_link_ratio_one_and_their_href():
    page = read_path(str(fixture("143.html")))
    home = line_with(page, "首页")
    assert home.link_ratio == 1.0 and home.href == "/" and "nav" in home.hints


def test_body_paragraphs_have_no_link_share_and_their_block():
    page = read_path(str(fixture("143.html")))
    paragraph = next(line for line in page.lines if line.text.startswith("看过电影《功夫》的人可能会记得"))
    assert paragraph.block == "p" and paragraph.link_ratio == 0.0 and paragraph.href is None


def test_headings_keep_their_level():
    page = read_path(str(fixture("085.html")))
    assert line_with(page, "运营商 5G 手机促销方式曝光，禁止提供购机补贴").block in ("title", "h2")
    assert [line.block for line in page.lines if line.text == "相关事件"] == ["h3"]


def test_a_line_partly_inside_a_link_has_its_link_share():
    lines = html_to_lines('<html><body><p>Read more at <a href="/x">our site</a></p></body></html>')
    assert lines[0].text == "Read more at our site"
    assert lines[0].link_ratio == pytest.approx(7 / 17, abs=0.01)
    assert lines[0].href is None


def test_script_style_and_other_non_text_elements_are_dropped():
    html = (
        "<html><head><style>p{color:red}</style></head><body><script>var x = 1;</script><p>Kept</p>"
        "<noscript>enable js</noscript><template><p>tpl</p></template><svg><text>svg</text></svg>"
        "<iframe>frame</iframe><button>Share</button></body></html>"
    )
    assert [line.text for line in html_to_lines(html)] == ["Kept"]


def test_br_and_block_elements_break_lines_and_inline_elements_do_not():
    html = "<html><body><p>one<br>two <b>bold</b> three</p><ul><li>a</li><li>b</li></ul></body></html>"
    assert [line.text for line in html_to_lines(html)] == ["one", "two bold three", "a", "b"]


def test_pre_keeps_its_line_breaks():
    html = "<html><body><pre>line one\nline two</pre></body></html>"
    assert [line.text for line in html_to_lines(html)] == ["line one", "line two"]


def test_content_after_a_stray_closing_html_tag_is_kept():
    html = "<html><body><p>header include</p></body></html>\n<div><p>The story itself.</p></div>"
    assert [line.text for line in html_to_lines(html)] == ["header include", "The story itself."]


@pytest.mark.parametrize(
    ("value", "hints"),
    [
        ("related-news", ("related",)),
        ("relatedNews", ("related",)),
        ("hot_list2", ("hot", "list")),
        ("rightsidebar", ("sidebar",)),
        ("photo canvas text-center", ()),
    ],
)
def test_class_and_id_words_are_normalised_to_hints(value, hints):
    assert hints_of(value) == hints


# ---------------------------------------------------------------- sanitising and line structure


def test_terminal_escapes_and_controls_are_removed_from_text():
    text = "标题\x1b[31m红色\x1b[0m\n\x1b]52;c;ZXZpbA==\x07正文\u202e反转\x07"
    page = read_bytes(text.encode("utf-8"), "page.txt")
    assert page.text == "标题红色\n正文反转"


def test_escapes_written_as_html_entities_are_removed_too():
    lines = html_to_lines("<html><body><p>safe&#27;[2Jtext&#x202e;</p></body></html>")
    assert lines[0].text == "safetext"  # the whole CSI sequence goes, not just its ESC


def test_blank_line_runs_collapse_to_one_and_spaces_inside_lines_to_one():
    page = read_bytes("  标题  \n\n\n\n第一段   正文\t内容\n\n第二段\n\n".encode(), "page.txt")
    assert page.text == "标题\n\n第一段 正文 内容\n\n第二段"


def test_the_sample_page_keeps_its_paragraph_breaks():
    page = read_path(str(fixture("000.txt")))
    assert page.text == corpus_dump("000.txt")


def test_page_text_is_its_lines_joined():
    page = read_path(str(fixture("085.html")))
    assert page.text == "\n".join(line.text for line in page.lines)
    assert "" not in [line.text for line in page.lines]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "])
def test_empty_or_whitespace_file_is_an_input_error(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="empty file") as caught:
        read_path(str(path))
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("text", ["", "\u3000\xa0 \n\t\u2028"])
def test_a_text_of_nothing_but_unicode_spaces_is_an_empty_page(text):
    with pytest.raises(InputError, match="empty record"):
        read.page_from_text(text, "page.txt", "utf-8", what="record")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4,
        bytes(range(256)) * 40,
        b"\x00" * 1000 + b"text" + b"\x00" * 1000,
    ],
    ids=["png", "zip", "all-bytes", "mostly-nul"],
)
def test_binary_data_is_refused(data):
    with pytest.raises(InputError, match="binary data, not text"):
        read_bytes(data, "blob.txt")


def test_a_few_nul_bytes_in_text_are_dropped():
    data = plain_text().encode("utf-8")
    page = read_bytes(data[:30] + b"\x00" + data[30:], "page.txt")
    assert page.text == plain_text()


def test_gzipped_page_is_read(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(fixture("107.html").read_bytes()))
    page = read_path(str(path))
    assert page.encoding == "gb18030" and page.text == corpus_dump("107.txt")


def test_truncated_gzip_is_an_input_error(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(plain_text().encode() * 20)[:200])
    with pytest.raises(InputError, match="truncated gzip"):
        read_path(str(path))


def test_a_50_mb_line_is_refused_at_the_page_cap(tmp_path):
    path = tmp_path / "long.txt"
    with open(path, "wb") as f:
        f.write(b"x" * (50 * 1024 * 1024))
    with pytest.raises(InputError, match="20 MB page cap"):
        read_path(str(path))


def test_a_long_line_under_the_cap_is_one_page(tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes("新闻".encode() * (2 * 1024 * 1024))
    page = read_path(str(path))
    assert len(page.lines) == 1 and len(page.text) == 4 * 1024 * 1024


def test_a_gzip_bomb_stops_at_the_page_cap(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as f:
        for _ in range(25):
            f.write(b"a" * (1024 * 1024))
    with pytest.raises(InputError, match="page cap once decompressed"):
        read_path(str(path))


def test_html_nested_100000_deep_still_gives_its_text():
    html = "<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "<p>after</p></body></html>"
    page = read_bytes(html.encode(), "deep.html")
    assert page.is_html
    assert "deep text" in page.text and page.lines[-1].text == "after"


def test_html_with_a_huge_attribute_and_a_huge_text_node_is_read():
    html = f'<html><body><p title="{"x" * 5_000_000}">short</p><p>{"字" * 3_000_000}</p></body></html>'
    page = read_bytes(html.encode(), "huge.html")
    assert page.lines[0].text == "short"
    assert len(page.lines[1].text) == 3_000_000


def test_missing_path_is_an_input_error_naming_it(tmp_path):
    pages, errors = collect([str(tmp_path / "nope.txt")])
    assert pages == [] and len(errors) == 1
    assert str(errors[0]).startswith(str(tmp_path / "nope.txt") + ": ") and "no such file" in str(errors[0])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_an_input_error(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("text")
    path.chmod(0)
    pages, errors = collect([str(path)])
    assert pages == [] and "permission denied" in str(errors[0])


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_a_file_whose_read_fails_is_an_input_error_even_for_root():
    pages, errors = collect(["/proc/self/mem"])
    assert pages == [] and len(errors) == 1 and str(errors[0]).startswith("/proc/self/mem: ")


def test_fifo_is_reported_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    results: list = []
    reader = threading.Thread(target=lambda: results.extend(iter_pages([str(fifo), str(tmp_path)])), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert [str(r) for r in results] == [f"{fifo}: not a regular file (a FIFO)"] * 2


def test_symlink_loops_do_not_hang_and_the_pages_still_come_out(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(fixture("005.txt"), tmp_path / "sub" / "page.txt")
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    pages, errors = collect([str(tmp_path)])
    assert [p.source for p in pages] == [str(tmp_path / "sub" / "page.txt")]
    assert sorted(e.source for e in errors) == [str(tmp_path / "self.txt"), str(tmp_path / "sub" / "back")]
    assert all("symlink" in e.cause or "symbolic link" in e.cause for e in errors)


def test_directory_with_bad_files_still_gives_the_good_ones_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    shutil.copy(fixture("005.txt"), tmp_path / "a.txt")
    shutil.copy(fixture("143.html"), tmp_path / "b" / "page.htm")
    (tmp_path / "b" / "c.html.gz").write_bytes(gzip.compress(fixture("107.html").read_bytes()))
    (tmp_path / "b" / "empty.txt").write_bytes(b"")
    (tmp_path / "b" / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    (tmp_path / "notes.md").write_text("not an input: skipped")
    results = list(iter_pages([str(tmp_path)]))
    assert [(type(r).__name__, os.path.relpath(r.source, tmp_path)) for r in results] == [
        ("RawPage", "a.txt"),
        ("RawPage", "b/c.html.gz"),
        ("InputError", "b/empty.txt"),
        ("InputError", "b/image.html"),
        ("RawPage", "b/page.htm"),
    ]
    assert [r.cause for r in results if isinstance(r, InputError)] == ["empty file", "binary data, not text"]


def test_a_glob_pattern_is_expanded_in_sorted_order(tmp_path):
    for name in ("b.txt", "a.txt", "c.html"):
        shutil.copy(fixture("005.txt"), tmp_path / name)
    pages, errors = collect([str(tmp_path / "*.txt"), str(tmp_path / "*.none")])
    assert [os.path.basename(p.source) for p in pages] == ["a.txt", "b.txt"]
    assert [e.cause for e in errors] == ["no file matches this pattern"]


def _fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))


def test_dash_reads_one_page_from_stdin(monkeypatch):
    _fake_stdin(monkeypatch, fixture("107.html").read_bytes())
    pages, errors = collect(["-"])
    assert errors == [] and pages[0].source == "-" and pages[0].text == corpus_dump("107.txt")


def test_empty_stdin_is_an_input_error(monkeypatch):
    _fake_stdin(monkeypatch, b"")
    pages, errors = collect(["-"])
    assert pages == [] and str(errors[0]) == "-: empty file"


# ---------------------------------------------------------------- crawl formats


def _write_warc(path: Path, records: list[tuple[str, str, bytes, str | None]], gzipped: bool) -> None:
    """records: (uri, type, payload, http content type or None for a WET conversion record)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for uri, record_type, payload, content_type in records:
            http = (
                StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
                if content_type
                else None
            )
            record = writer.create_warc_record(
                uri,
                record_type,
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_content_type="text/plain" if record_type == "conversion" else None,
                warc_headers_dict={"WARC-Date": "2021-09-16T12:34:56Z"},
            )
            writer.write_record(record)


def _wet_records() -> list[tuple[str, str, bytes, str | None]]:
    return [
        ("http://gdasst.cn/a", "conversion", plain_text().encode(), None),
        ("http://example.org/sample", "conversion", fixture("000.txt").read_bytes(), None),
    ]


@pytest.mark.parametrize("name", ["crawl.wet", "crawl.wet.gz", "crawl.warc.gz"])
def test_wet_conversion_records_become_pages_with_url_and_crawl_time(tmp_path, name):
    path = tmp_path / name
    _write_warc(path, _wet_records(), gzipped=name.endswith(".gz"))
    pages, errors = collect([str(path)])
    assert errors == []
    assert [p.source for p in pages] == ["http://gdasst.cn/a", "http://example.org/sample"]
    assert pages[0].url == "http://gdasst.cn/a" and pages[0].crawl_time == "2021-09-16T12:34:56"
    assert pages[0].text == plain_text() and pages[1].text == corpus_dump("000.txt")


def test_warc_response_records_use_the_http_charset_and_skip_non_text(tmp_path):
    path = tmp_path / "crawl.warc"
    _write_warc(
        path,
        [
            ("http://news.example.cn/107", "response", fixture("107.html").read_bytes(), "text/html; charset=gb2312"),
            ("http://news.example.cn/logo.png", "response", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"),
        ],
        gzipped=False,
    )
    pages, errors = collect([str(path)])
    assert errors == [] and len(pages) == 1
    assert pages[0].encoding == "gb18030" and pages[0].is_html and pages[0].text == corpus_dump("107.txt")


def test_a_bad_warc_record_is_reported_by_number_and_the_rest_continue(tmp_path):
    path = tmp_path / "crawl.wet.gz"
    records = _wet_records()
    _write_warc(path, [records[0], ("http://bad.example/", "conversion", b"   ", None), records[1]], gzipped=True)
    pages, errors = collect([str(path)])
    assert len(pages) == 2
    assert [str(e) for e in errors] == [f"{path} record 2 (http://bad.example/): empty record"]


def test_a_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path):
    whole = tmp_path / "whole.wet.gz"
    _write_warc(whole, _wet_records(), gzipped=True)
    cut = tmp_path / "cut.wet.gz"
    data = whole.read_bytes()
    first_record_end = _first_gzip_member_length(data)
    cut.write_bytes(data[: first_record_end + (len(data) - first_record_end) // 2])
    pages, errors = collect([str(cut)])
    assert [p.source for p in pages] == ["http://gdasst.cn/a"]
    assert len(errors) == 1 and errors[0].source.startswith(f"{cut} record 2") and "truncated" in errors[0].cause


@pytest.mark.parametrize("data", [b"", gzip.compress(b""), gzip.compress(b"WARC/1.0")[:5]])
def test_a_warc_file_without_records_is_an_input_error(tmp_path, data):
    path = tmp_path / "crawl.wet.gz"
    path.write_bytes(data)
    pages, errors = collect([str(path)])
    assert pages == [] and [e.source for e in errors] == [str(path)]
    assert errors[0].cause.startswith("no WARC records")


def _first_gzip_member_length(data: bytes) -> int:
    import zlib

    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    decompressor.decompress(data)
    return len(data) - len(decompressor.unused_data)


def _jsonl(records: list[object]) -> bytes:
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode()) + b"\n" for r in records
    )


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus.jsonl.gz"])
def test_jsonl_records_become_pages_with_url_and_date(tmp_path, name):
    data = _jsonl(
        [
            {"url": "http://gdasst.cn/a", "date_download": "2019-01-16T09:59:18Z", "raw_content": plain_text()},
            {"raw_content": corpus_dump("000.txt")},
        ]
    )
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    pages, errors = collect([str(path)])
    assert errors == []
    assert [p.source for p in pages] == ["http://gdasst.cn/a", f"{path}:2"]
    assert pages[0].crawl_time == "2019-01-16T09:59:18" and pages[0].url == "http://gdasst.cn/a"
    assert pages[1].url is None and pages[1].text == corpus_dump("000.txt")


def test_jsonl_text_field_is_configurable(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(_jsonl([{"text": plain_text(), "raw_content": "other"}]))
    pages, _ = collect([str(path)], text_field="text")
    assert pages[0].text == plain_text()


def test_bad_jsonl_records_are_reported_by_line_and_the_rest_continue(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(_jsonl([b"{not json", ["a list"], {"title": "no text"}, {"text": "   "}, {"text": plain_text()}]))
    pages, errors = collect([str(path)])
    assert [p.source for p in pages] == [f"{path}:5"]
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (1, 2, 3, 4)]
    assert [e.cause.split(" (")[0] for e in errors] == [
        "not valid JSON",
        "not a JSON object",
        "no text field",
        "empty record",
    ]


def test_a_jsonl_record_beyond_the_cap_is_skipped_without_losing_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_PAGE_BYTES", 1000)
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(_jsonl([{"text": "字" * 5000}, {"text": "第二条记录"}]))
    pages, errors = collect([str(path)])
    assert [p.text for p in pages] == ["第二条记录"]
    assert errors[0].source == f"{path}:1" and "page cap" in errors[0].cause


@pytest.mark.parametrize("name, data", [("corpus.jsonl", b"\n\n"), ("corpus.jsonl.gz", gzip.compress(b""))])
def test_a_jsonl_file_without_records_is_an_input_error(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    pages, errors = collect([str(path)])
    assert pages == [] and [(e.source, e.cause) for e in errors] == [(str(path), "no JSON records (an empty file)")]


def test_truncated_jsonl_gz_keeps_the_records_before_the_cut(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    records = [{"text": f"记录 {n}\n" + plain_text()} for n in range(50)]
    data = gzip.compress(_jsonl(records))
    path.write_bytes(data[: len(data) * 3 // 4])
    pages, errors = collect([str(path)])
    assert 0 < len(pages) < 50
    assert len(errors) == 1 and "truncated gzip" in errors[0].cause


def test_jsonl_is_read_record_by_record_not_whole():
    reads: list[int] = []

    class CountingStream(io.BytesIO):
        def readline(self, size=-1):
            reads.append(1)
            return super().readline(size)

    stream = CountingStream(_jsonl([{"text": f"第{n}条"} for n in range(1000)]))
    first = next(read.iter_jsonl(stream, "corpus.jsonl"))
    assert first.text == "第0条" and len(reads) == 1


def test_stdin_may_be_a_wet_stream(tmp_path, monkeypatch):
    path = tmp_path / "crawl.wet.gz"
    _write_warc(path, _wet_records(), gzipped=True)
    _fake_stdin(monkeypatch, path.read_bytes())
    pages, errors = collect(["-"])
    assert errors == [] and [p.source for p in pages] == ["http://gdasst.cn/a", "http://example.org/sample"]


def test_truncated_gzip_on_stdin_is_an_input_error(monkeypatch):
    _fake_stdin(monkeypatch, gzip.compress(plain_text().encode() * 20)[:300])
    pages, errors = collect(["-"])
    assert pages == [] and str(errors[0]) == "-: truncated gzip data"


def test_stdin_may_be_json_lines(monkeypatch):
    _fake_stdin(monkeypatch, _jsonl([{"url": "http://gdasst.cn/a", "raw_content": plain_text()}]))
    pages, errors = collect(["-"])
    assert errors == [] and pages[0].source == "http://gdasst.cn/a"


# ---------------------------------------------------------------- arbitrary input


_UNSAFE_IN_OUTPUT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(
            st.sampled_from(["<div>", "</div>", "<p>", "<br>", "<a href=x>", "</a>", "新闻", "\x1b[2J", "&#27;"])
        ).map(lambda parts: ("<html><body>" + "".join(parts)).encode()),
    )
)
def test_any_bytes_give_a_clean_page_or_an_input_error(data):
    try:
        page = read_bytes(data, "fuzz")
    except InputError as e:
        assert str(e).startswith("fuzz: ")
        return
    assert page.text == "\n".join(line.text for line in page.lines)
    assert not _UNSAFE_IN_OUTPUT.search(page.text)
    assert page.sha256 == hashlib.sha256(page.text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- lone surrogates


def test_a_json_record_with_a_lone_surrogate_escape_reads_as_a_replacement_character():
    record = json.dumps({"url": "http://example.org/\ud800", "raw_content": "标题\n正文\ud83d第一段。"}).encode()
    (page,) = iter_pages_of_stream(record)
    assert page.text == "标题\n正文\ufffd第一段。"
    assert page.url == "http://example.org/\ufffd"


@given(st.text(alphabet=st.characters(min_codepoint=0xD000, max_codepoint=0xE0FF), max_size=50))
def test_lone_surrogates_are_replaced_and_nothing_else_changes(text):
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert read.without_lone_surrogates(text) == expected


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>标题</title></head><body><p>正文第一段。</p><p>第二段</p></body></html>",
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<html><body><p>XHTML 正文</p></body></html>',  # declared
        "<html><body><p>正文\ud83d第一段。</p></body></html>",  # a lone surrogate: the text is encoded anew
    ],
)
def test_a_page_read_from_its_text_has_the_lines_html_to_lines_gives_it(page):
    # page_from_text hands the parser the UTF-8 bytes it made checking the text for lone surrogates
    expected = html_to_lines(read.without_lone_surrogates(page))
    assert read.page_from_text(page, "page.html", "utf-8").lines == expected
    assert expected


def iter_pages_of_stream(data: bytes) -> list[RawPage]:
    return [read.raw_page(p) for p in read.iter_jsonl(io.BytesIO(data), "records.jsonl")]

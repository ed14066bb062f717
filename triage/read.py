"""Inputs -> RawPage: files, directories, stdin, WARC/WET and JSON-lines crawl files.

Every input is read in bounded pieces (one page at most MAX_PAGE_BYTES, crawl files as streams of
records), its encoding detected (UTF-8, a declared charset, Chinese charsets by their common characters, else
charset-normalizer's statistics), HTML turned into lines (triage.html), and all text made inert (triage.sanitize).
A bad input is yielded as an InputError naming it and its cause, and the iteration goes on.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from typing import BinaryIO

from triage.errors import InputError
from triage.html import clean_lines, html_to_page, looks_like_html
from triage.models import Line, PageText, RawPage

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".txt.gz", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
INPUT_SUFFIXES = PAGE_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES

# No news page is this big; anything larger is refused rather than held in memory.
MAX_PAGE_BYTES = 20 * 1024 * 1024

# JSON-lines corpora: where the page text, its URL and its crawl date are (first present wins).
TEXT_FIELDS = ("raw_content", "text")
URL_FIELDS = ("url", "source_url", "link")
DATE_FIELDS = ("date_download", "crawl_time", "date", "timestamp")

_CAP_MB = MAX_PAGE_BYTES // (1024 * 1024)
_SAMPLE = 65536  # bytes (or characters) looked at to judge an encoding or binary data

# Byte-order marks, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"%PDF-",
    b"\x7fELF",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"\xfd7zXZ",
    b"\x28\xb5\x2f\xfd",
    b"SQLite format 3\x00",
    b"\x00asm",
    b"OggS",
    b"RIFF",
    b"\xca\xfe\xba\xbe",
)
# Control bytes that never occur in text (tab, newlines, form feed and ESC can).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""",
    re.I,
)
# Declared names -> the codec that decodes them best (GB18030 is a superset of GB2312 and GBK).
_CODEC_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5",
    "iso-8859-1": "cp1252",  # as browsers do
    "latin1": "cp1252",
    # Japanese, Korean and Thai pages declare the standard but are written in Windows' superset, which browsers read
    # instead (WHATWG Encoding): Shift_JIS's NEC and IBM extensions (①, ㈱, 髙) would become replacement characters
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "tis-620": "cp874",  # Thai: Windows-874 adds the curly quotes and the dash
    "iso-8859-11": "cp874",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------- bytes -> text


def decode(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """The text of the bytes and the encoding used. Raises InputError for binary data.

    Order: byte-order mark; UTF-16 without BOM (NUL bytes on one side of each pair); binary
    refusal; strict UTF-8; the charset the document or its HTTP header declares; when none is, a CJK
    charset charset-normalizer tells; GB18030 then Big5, each only if the result reads like Chinese;
    another charset charset-normalizer tells; UTF-8 with replacement characters."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace"), name
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data) and _utf16_chinese_without_bom(data) is None:
        raise InputError(source, "binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_chinese_without_bom(data)
    if utf16 is not None:
        return utf16
    declared_codecs = _declared_codecs(data, declared)
    detected = None if declared_codecs else _detected_codec(data)
    for name in _candidate_codecs(declared_codecs, detected):
        decoded = _plausible_decoding(data, name)
        if decoded is not None:
            return decoded, _encoding_name(name)
    text = data.decode("utf-8", "replace")
    if text[:_SAMPLE].count("\ufffd") > 0.3 * len(text[:_SAMPLE]):
        raise InputError(source, "binary data, not text")
    return text, "utf-8"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM shows as NUL bytes at the odd (LE) or even (BE) positions: ASCII
    characters, newlines and digits of any real text have a zero high byte."""
    sample = data[: _SAMPLE & ~1]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.03 * pairs and even * 10 <= odd:
        name = "utf-16-le"
    elif even >= 0.03 * pairs and odd * 10 <= even:
        name = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) & ~1].decode(name)
    except UnicodeDecodeError:
        return None
    head = text[:_SAMPLE]
    printable = sum(1 for c in head if c.isprintable() or c in "\n\r\t")
    if printable < 0.95 * len(head):
        return None
    return text, name


# High bytes of UTF-16 code units in Chinese text: ASCII (0x00), CJK punctuation (0x30), fullwidth
# forms (0xFF), general punctuation (0x20) and the CJK ideographs (0x4E-0x9F).
_CHINESE_HIGH_BYTES = bytes([0x00, 0x20, 0x30, 0xFF, *range(0x4E, 0xA0)])


def _utf16_chinese_without_bom(data: bytes) -> tuple[str, str] | None:
    """Chinese UTF-16 without a BOM has few NUL bytes; its tell is that one byte of each pair is
    almost always the high byte of a CJK character."""
    sample = data[: _SAMPLE & ~1]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    odd = pairs - len(sample[1::2].translate(None, _CHINESE_HIGH_BYTES))
    even = pairs - len(sample[0::2].translate(None, _CHINESE_HIGH_BYTES))
    name = "utf-16-le" if odd >= even else "utf-16-be"
    if max(odd, even) < 0.9 * pairs:
        return None
    try:
        text = data[: len(data) & ~1].decode(name)
    except UnicodeDecodeError:
        return None
    head = text[:_SAMPLE]
    cjk = sum(1 for c in head if "\u4e00" <= c <= "\u9fff")
    printable = sum(1 for c in head if c.isprintable() or c in "\n\r\t")
    if printable < 0.95 * len(head) or cjk < 0.3 * len(head):
        return None
    return text, name


def _looks_binary(data: bytes) -> bool:
    """Known binary signatures, or many control bytes (more than 5% of the start)."""
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > 0.05 * len(sample)


def _declared_codecs(data: bytes, declared: str | None) -> list[str]:
    """The codecs of the charsets the HTTP header and the document declare, UTF-8 left out (it failed)."""
    names = []
    for name in (declared, *_declared_charsets(data[:8192])):
        codec = _codec(name)
        if codec and codec != "utf-8" and codec not in names:
            names.append(codec)
    return names


def _candidate_codecs(declared: list[str], detected: str | None) -> list[str]:
    """The declared codecs; a CJK codec the detector tells (EUC-KR and EUC-JP bytes decode as GB18030 too: the
    detector knows the languages' letter frequencies); GB18030 and Big5 (Chinese pages first); then any other
    codec the detector tells (Cyrillic, Greek, Latin code pages)."""
    cjk = [detected] if detected in _CJK_CODECS else []
    names = [*declared, *cjk, "gb18030", "big5", *([detected] if detected and not cjk else [])]
    return list(dict.fromkeys(names))


# The multi-byte charsets of Chinese, Japanese and Korean, as _codec names them
_CJK_CODECS = frozenset({"gb18030", "big5", "big5hkscs", "cp932", "euc_jp", "euc_jis_2004", "cp949", "johab"})


def _detected_codec(data: bytes) -> str | None:
    """The charset charset-normalizer tells from the bytes' statistics (its first 64 KB), as _codec names it; None
    when it finds none. Only pages that are neither UTF-8 nor declare a charset get here."""
    from charset_normalizer import from_bytes  # imported on first use: most pages are UTF-8

    matches = from_bytes(data[:_SAMPLE])
    best = matches.best()
    if best is None:
        return None
    # In Latin script the statistics cannot tell the code pages apart (French text comes out as Baltic cp1257,
    # 'crčme'): there, as browsers do, Windows-1252 wherever it reads the bytes too (Polish cp1250 text it cannot)
    latin = all("Latin" in alphabet or alphabet == "Control character" for alphabet in best.alphabets)
    if latin and any(match.encoding == "cp1252" for match in matches):
        return "cp1252"
    return _codec(best.encoding)


def _declared_charsets(head: bytes) -> list[str]:
    return [(m.group(1) or m.group(2)).decode("ascii") for m in _DECLARED_CHARSET.finditer(head)]


def _codec(name: str | None) -> str | None:
    """A Python codec for a declared charset name, or None when it names none."""
    if not name:
        return None
    name = name.strip().lower()
    name = _CODEC_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _encoding_name(codec: str) -> str:
    return {"cp1252": "windows-1252"}.get(codec, codec)


def _plausible_decoding(data: bytes, codec: str) -> str | None:
    """The text if this codec decodes the bytes with almost no errors and, for the Chinese
    codecs, the result is made of common characters (a wrong guess yields rare ones)."""
    try:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = data.decode(codec, "replace")
            if text.count("\ufffd") > 0.01 * len(text):
                return None
    except (LookupError, UnicodeError, ValueError):
        # A page may declare any codec Python knows: some are not text encodings, some cannot
        # replace bad bytes (idna, punycode, undefined). Such a declaration is simply not used.
        return None
    if codec in _COMMON_RANGES and _common_share(text[:_SAMPLE], codec) < 0.8:
        return None
    return text


# The frequent part of each Chinese charset: GB2312 symbols and level-1 hanzi (the 3,755 most
# used characters), Big5 symbols and "frequently used" hanzi (5,401 characters).
_COMMON_RANGES = {
    "gb18030": ((0xA1A1, 0xA9FE), (0xB0A1, 0xD7FE)),
    "big5": ((0xA140, 0xA3BF), (0xA440, 0xC67E)),
    "big5hkscs": ((0xA140, 0xA3BF), (0xA440, 0xC67E)),
}


def _common_share(text: str, codec: str) -> float:
    """Share of the non-ASCII characters (of the first few thousand) in the charset's common ranges."""
    wide = [c for c in text[:20000] if c > "\x7f" and not c.isspace()][:4000]
    if not wide:
        return 1.0
    return sum(_is_common(char, codec) for char in wide) / len(wide)


@cache
def _is_common(char: str, codec: str) -> bool:
    target = "gb2312" if codec == "gb18030" else "big5"
    try:
        encoded = char.encode(target)
    except UnicodeEncodeError:
        return False
    if len(encoded) != 2:
        return False
    code = int.from_bytes(encoded, "big")
    return any(low <= code <= high for low, high in _COMMON_RANGES[codec])


# ---------------------------------------------------------------- text -> lines -> page


_BLANK = Line("")  # one for every blank line: Lines are immutable


def text_to_lines(text: str) -> list[Line]:
    """Plain text: one Line per line, spaces collapsed, runs of blank lines kept as one blank
    line (paragraph breaks may matter to the segmenter), no blank line at either end."""
    lines: list[Line] = []
    for line in clean_lines(text.replace("\r\n", "\n").replace("\r", "\n")):
        if line:
            lines.append(Line(line))
        elif lines and lines[-1].text:
            lines.append(_BLANK)
    while lines and not lines[-1].text:
        lines.pop()
    return lines


def without_lone_surrogates(text: str) -> str:
    """The text with each lone surrogate replaced by U+FFFD."""
    return utf8_without_lone_surrogates(text)[0]


def utf8_without_lone_surrogates(text: str) -> tuple[str, bytes | None]:
    """(the text with each lone surrogate replaced by U+FFFD, its UTF-8 bytes when it had none). Strict
    UTF-8 encoding fails exactly when there is one, and tells so several times faster than a pattern search
    (which costs ~0.5 ms on a page of HTML); the pattern only runs on the rare text that has one. The bytes
    are kept for the HTML parser, which would otherwise encode the page a second time."""
    try:
        return text, text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text), None


def page_from_text(
    text: str,
    source: str,
    encoding: str,
    *,
    url: str | None = None,
    crawl_time: str | None = None,
    what: str = "file",
) -> RawPage:
    """A page from decoded text: HTML (by content) becomes lines with structure signals, plain
    text becomes plain lines; the page's identity is the hash of its cleaned text."""
    if not text or text.isspace():  # (not a stripped copy of the page to test)
        raise InputError(source, f"empty {what}")
    text, utf8 = utf8_without_lone_surrogates(text)
    # A file name that is not UTF-8 (os gives it as lone surrogates) or a record's URL with a lone
    # surrogate escape cannot be encoded: JSON output and SQLite would crash on it.
    source = without_lone_surrogates(source)
    url = without_lone_surrogates(url) if url else url
    is_html = looks_like_html(text)
    if is_html:
        lines, published, site_name = html_to_page(text, utf8)
    else:  # a text dump states no metadata
        lines, published, site_name = text_to_lines(text), None, None
    if not lines:
        raise InputError(source, f"no visible text in {what}")
    cleaned = "\n".join(line.text for line in lines)
    digest = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    return RawPage(
        source,
        cleaned,
        digest,
        encoding,
        lines,
        is_html=is_html,
        url=url,
        crawl_time=crawl_time,
        published_meta=published,
        site_name=site_name,
    )


def raw_page(page: PageText) -> RawPage:
    """The lines of a decoded page (page_from_text); an error names the page as its reader did."""
    try:
        return page_from_text(
            page.text, page.source, page.encoding, url=page.url, crawl_time=page.crawl_time, what=page.what
        )
    except InputError as e:
        if page.where is None:
            raise
        raise InputError(page.where, e.cause) from None


def read_bytes(
    data: bytes,
    source: str,
    *,
    charset: str | None = None,
    url: str | None = None,
    crawl_time: str | None = None,
    what: str = "file",
) -> RawPage:
    """A page from the bytes of one file or record (`charset` as an HTTP header declared it)."""
    return raw_page(read_text(data, source, charset=charset, url=url, crawl_time=crawl_time, what=what))


def read_text(
    data: bytes,
    source: str,
    *,
    charset: str | None = None,
    url: str | None = None,
    crawl_time: str | None = None,
    what: str = "file",
    where: str | None = None,
) -> PageText:
    """The decoded text of one file or record, not yet turned into lines (read_bytes does both)."""
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(source, f"larger than the {_CAP_MB} MB page cap")
    if not data or data.isspace():
        raise InputError(source, f"empty {what}")
    text, encoding = decode(data, source, charset)
    return _page_text(text, source, encoding, url=url, crawl_time=crawl_time, what=what, where=where)


def _page_text(text: str, source: str, encoding: str, **metadata) -> PageText:
    # The source must be storable before the page is converted (the store looks it up), so a
    # lone surrogate in it is replaced here as page_from_text would.
    return PageText(_LONE_SURROGATE.sub("\ufffd", source), text, encoding, **metadata)


# ---------------------------------------------------------------- files


def read_path(path: str) -> RawPage:
    """One page file (plain or gzipped, text or HTML, any encoding)."""
    return read_bytes(_read_file(path), path)


def _read_file(path: str) -> bytes:
    """The file's bytes, at most the page cap, gunzipped when gzipped. Opened non-blocking and
    checked to be a regular file, so a FIFO or device is refused instead of waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputError(path, _os_cause(e)) from None
    with os.fdopen(fd, "rb") as f:
        try:
            info = os.fstat(f.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError(path, "is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise InputError(path, f"not a regular file ({_file_kind(info.st_mode)})")
            if f.read(2) == b"\x1f\x8b":
                f.seek(0)
                return _gunzip(f, path)
            f.seek(0)
            if info.st_size > MAX_PAGE_BYTES:
                raise InputError(path, f"larger than the {_CAP_MB} MB page cap")
            return f.read(MAX_PAGE_BYTES + 1)
        except OSError as e:
            raise InputError(path, _os_cause(e)) from None


def _gunzip(stream: BinaryIO, source: str) -> bytes:
    """Decompressed bytes, bounded (a gzip bomb stops at the cap)."""
    try:
        data = gzip.GzipFile(fileobj=stream, mode="rb").read(MAX_PAGE_BYTES + 1)
    except EOFError:
        raise InputError(source, "truncated gzip data") from None
    except (gzip.BadGzipFile, zlib.error) as e:
        raise InputError(source, f"corrupt gzip data ({e})") from None
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(source, f"larger than the {_CAP_MB} MB page cap once decompressed")
    return data


def _os_cause(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "special file"


def _open_stream(path: str) -> BinaryIO:
    """A crawl file as a binary stream, gunzipped on the fly when its name ends in .gz."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputError(path, _os_cause(e)) from None
    raw = os.fdopen(fd, "rb")
    mode = os.fstat(raw.fileno()).st_mode
    if not stat.S_ISREG(mode):
        raw.close()
        raise InputError(path, "is a directory" if stat.S_ISDIR(mode) else f"not a regular file ({_file_kind(mode)})")
    return raw


# ---------------------------------------------------------------- iteration


def iter_pages(paths: Iterable[str], *, text_field: str | None = None) -> Iterator[RawPage | InputError]:
    """Every page under the given paths ("-" is stdin, a quoted glob pattern is expanded), in a
    deterministic order; a bad input is yielded as its InputError and the rest continue.
    `text_field` names the text field of JSON-lines records (default: the first of TEXT_FIELDS
    present)."""
    for page in iter_texts(paths, text_field=text_field):
        if isinstance(page, InputError):
            yield page
            continue
        try:
            yield raw_page(page)
        except InputError as e:
            yield e


def iter_texts(paths: Iterable[str], *, text_field: str | None = None) -> Iterator[PageText | InputError]:
    """As iter_pages, the pages decoded but not turned into lines (read.raw_page does that)."""
    for path in paths:
        if path == "-":
            yield from _iter_stdin(text_field)
            continue
        try:
            info = os.stat(path)
        except OSError as e:
            if glob.has_magic(path):
                yield from _iter_glob(path, text_field)
            else:
                yield InputError(path, _os_cause(e))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _iter_directory(path, text_field)
        else:
            yield from _iter_file(path, text_field)


def _iter_glob(pattern: str, text_field: str | None) -> Iterator[PageText | InputError]:
    """A pattern the shell did not expand (quoted, or on a shell that does not): its matches in
    sorted order, `**` reaching into subdirectories."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield InputError(pattern, "no file matches this pattern")
    for path in matches:
        if os.path.isdir(path):
            yield from _iter_directory(path, text_field)
        else:
            yield from _iter_file(path, text_field)


def _iter_file(path: str, text_field: str | None) -> Iterator[PageText | InputError]:
    lower = path.lower()
    if lower.endswith(WARC_SUFFIXES) or lower.endswith(JSONL_SUFFIXES):
        try:
            stream = _open_stream(path)
        except InputError as e:
            yield e
            return
        with stream:
            if lower.endswith(WARC_SUFFIXES):
                yield from iter_warc(stream, path)
            else:
                compressed = lower.endswith(".gz")
                yield from iter_jsonl(gzip.GzipFile(fileobj=stream) if compressed else stream, path, text_field)
        return
    try:
        yield read_text(_read_file(path), path)
    except InputError as e:
        yield e


def _iter_directory(root: str, text_field: str | None) -> Iterator[PageText | InputError]:
    for found in walk_directory(root):
        if isinstance(found, InputError):
            yield found
        else:
            yield from _iter_file(found, text_field)


def walk_directory(root: str) -> Iterator[str | InputError]:
    """Input files under a directory, depth first in name order. A directory reached again
    through a symlink to one of its ancestors is reported, not walked round and round."""
    root_info = os.stat(root)
    stack: list[tuple[str, frozenset[tuple[int, int]]]] = [(root, frozenset({(root_info.st_dev, root_info.st_ino)}))]
    while stack:
        directory, ancestors = stack.pop()
        try:
            with os.scandir(directory) as entries:
                names = sorted(entry.name for entry in entries)
        except OSError as e:
            yield InputError(directory, _os_cause(e))
            continue
        subdirectories = []
        for name in names:
            path = os.path.join(directory, name)
            try:
                info = os.stat(path)
            except OSError as e:
                if name.lower().endswith(INPUT_SUFFIXES):
                    yield InputError(path, _os_cause(e))
                continue
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if key in ancestors:
                    yield InputError(path, "symlink loop (links back to a directory being read), skipped")
                else:
                    subdirectories.append((path, ancestors | {key}))
            elif name.lower().endswith(INPUT_SUFFIXES):
                yield path
        stack.extend(reversed(subdirectories))


def _iter_stdin(text_field: str | None) -> Iterator[PageText | InputError]:
    """stdin holds one page, or a WARC/WET stream, or JSON lines (gzipped or not), told apart by
    its first bytes."""
    yield from iter_stream(sys.stdin.buffer, "-", text_field)


def iter_stream(stream: BinaryIO, name: str, text_field: str | None = None) -> Iterator[PageText | InputError]:
    """The pages of an unnamed stream (stdin, a pipe): gunzipped if gzipped, then read as WARC/WET
    records, JSON lines or one page according to how it starts."""
    try:
        buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
        if buffered.peek(2)[:2] == b"\x1f\x8b":
            buffered = io.BufferedReader(gzip.GzipFile(fileobj=buffered))  # type: ignore[arg-type]
        start = buffered.peek(64)[:64].lstrip()
        if start.startswith(b"WARC/"):
            yield from iter_warc(buffered, name)
        elif start.startswith(b'{"'):
            yield from iter_jsonl(buffered, name, text_field)
        else:
            yield read_text(buffered.read(MAX_PAGE_BYTES + 1), name)
    except InputError as e:
        yield e
    except EOFError:
        yield InputError(name, "truncated gzip data")
    except (gzip.BadGzipFile, zlib.error) as e:
        yield InputError(name, f"corrupt gzip data ({e})")
    except OSError as e:
        yield InputError(name, _os_cause(e))


# ---------------------------------------------------------------- crawl formats


_WARC_PAGE_RECORDS = ("response", "conversion", "resource")
_TEXT_CONTENT_TYPE = re.compile(r"^\s*(?:text/|application/(?:xhtml\+xml|xml))", re.I)
_CHARSET_PARAMETER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


def iter_warc(stream: BinaryIO, name: str) -> Iterator[PageText | InputError]:
    """One page per response/conversion record of a WARC or WET stream (gzipped or not), read
    record by record: memory does not grow with the file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type not in _WARC_PAGE_RECORDS:
                continue
            yield from _warc_record_page(record, name, number)
    except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError, OSError) as e:
        cause = "truncated gzip data" if isinstance(e, EOFError) else f"bad WARC data ({_first_line(e)})"
        yield InputError(name, f"{cause} after record {number}")
        return
    if number == 0:  # warcio reads an empty stream, or a gzip header cut short, as no records, silently
        yield InputError(name, "no WARC records (an empty file, or one cut off before its first record)")


def _warc_record_page(record, name: str, number: int) -> Iterator[PageText | InputError]:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    content_type = _record_content_type(record)
    if content_type and not _TEXT_CONTENT_TYPE.match(content_type):
        return  # images, PDFs, robots.txt's neighbours: not pages
    charset_match = _CHARSET_PARAMETER.search(content_type or "")
    data = record.content_stream().read(MAX_PAGE_BYTES + 1)
    where = f"{name} record {number}" + (f" ({uri})" if uri else "")
    if len(data) <= MAX_PAGE_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
        # warcio returns what there is of a record cut short by the end of the file, silently.
        yield InputError(where, "truncated record (the file ends inside it)")
        return
    try:
        yield read_text(
            data,
            uri or f"{name}#{number}",
            charset=charset_match.group(1) if charset_match else None,
            url=uri,
            crawl_time=iso_datetime(record.rec_headers.get_header("WARC-Date")),
            what="record",
            where=where,
        )
    except InputError as e:
        yield InputError(where, e.cause)


def _record_content_type(record) -> str | None:
    if record.rec_type == "response" and record.http_headers is not None:
        return record.http_headers.get_header("Content-Type")
    return record.rec_headers.get_header("Content-Type")


def iter_jsonl(stream: BinaryIO, name: str, text_field: str | None = None) -> Iterator[PageText | InputError]:
    """One page per JSON line, read line by line (a line beyond the page cap is skipped over in
    chunks, never held). Source is the record's URL, else FILE:LINE."""
    fields = (text_field,) if text_field else TEXT_FIELDS
    number = 0
    records = 0
    try:
        for number, line in _bounded_lines(stream, MAX_PAGE_BYTES):
            where = f"{name}:{number}"
            if line is None:
                records += 1
                yield InputError(where, f"record larger than the {_CAP_MB} MB page cap")
            elif line.strip():
                records += 1
                yield _jsonl_record_page(line, where, fields)
    except EOFError:
        yield InputError(name, f"truncated gzip data after line {number}")
    except (gzip.BadGzipFile, zlib.error) as e:
        yield InputError(name, f"corrupt gzip data after line {number} ({e})")
    else:
        if records == 0:  # as an empty text file is: nothing to read is worth saying
            yield InputError(name, "no JSON records (an empty file)")


def _jsonl_record_page(line: bytes, where: str, fields: tuple[str, ...]) -> PageText | InputError:
    try:
        record = json.loads(line)
    except ValueError as e:
        return InputError(where, f"not valid JSON ({_first_line(e)})")
    if not isinstance(record, dict):
        return InputError(where, "not a JSON object")
    text = next((record[f] for f in fields if isinstance(record.get(f), str)), None)
    if text is None:
        return InputError(where, f"no text field ({' or '.join(fields)})")
    url = next((record[f] for f in URL_FIELDS if isinstance(record.get(f), str) and record[f]), None)
    crawl_time = next((t for t in (iso_datetime(record.get(f)) for f in DATE_FIELDS) if t), None)
    return _page_text(text, url or where, "utf-8", url=url, crawl_time=crawl_time, what="record", where=where)


def _bounded_lines(stream: BinaryIO, cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; None for a line longer than cap, whose rest is skipped."""
    number = 0
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def iso_datetime(value: object) -> str | None:
    """A crawl date as ISO "YYYY-MM-DDTHH:MM:SS" in UTC (naive), from an ISO string (with or
    without zone) or epoch seconds; None when it is neither."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | float):
            moment = datetime.fromtimestamp(value, UTC)
        elif isinstance(value, str) and value.strip():
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        else:
            return None
    except (ValueError, OverflowError, OSError):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__

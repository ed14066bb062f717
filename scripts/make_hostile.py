"""Build the hostile-input corpus of tests/hostile (issue 7, part 2).

Small cases are committed under tests/hostile/cases/ (rebuild them with `python scripts/make_hostile.py
small tests/hostile/cases`); the big or special ones (a 50 MB line, HTML nested 100,000 deep, a
symlink loop, an unreadable file, a FIFO, file names that are not UTF-8 or hold escape sequences)
cannot or should not be committed and are generated into a test's tmp_path:
`python scripts/make_hostile.py generated DIR`. tests/hostile/cases.toml says what each must give.
"""

from __future__ import annotations

import gzip
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "hostile" / "good"
SEED_PAGE = GOOD / "019.txt"  # a short real page (UTF-8 Chinese)


def _page_text() -> str:
    return SEED_PAGE.read_text(encoding="utf-8")


def _jsonl_record(text: str) -> bytes:
    import json

    return json.dumps({"url": "http://e.example/cut", "text": text}, ensure_ascii=False).encode() + b"\n"


def _cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def write_small(target: Path) -> None:
    """The committed cases: each a few KB at most, made from a real page where text is needed."""
    target.mkdir(parents=True, exist_ok=True)
    text = _page_text()
    data = text.encode("utf-8")
    gbk = text.encode("gbk")
    rng = random.Random(7)
    gz = gzip.compress(data, mtime=0)
    cases = {
        "empty.txt": b"",
        "blank.txt": b"  \n\n \t\r\n",
        "binary.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "png-named.html": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "truncated.txt.gz": gz[: len(gz) // 2],
        "corrupt.txt.gz": gz[:10] + b"not deflate data " * 20,
        "invalid-utf8.txt": data[:300] + b"\xff\xfe\xc3\x28\xa0\xa1" + data[300:],
        "invalid-gbk.txt": gbk[:301] + b"\x81\x20\xfe\xff" + gbk[301:],
        "utf16le-no-bom.txt": text.encode("utf-16-le"),
        "utf16be-no-bom.txt": text.encode("utf-16-be"),
        "nul-bytes.txt": data.replace(b"\n", b"\x00\n"),
        "only-nul.txt": b"\x00" * 1000,
        "bad-records.jsonl": b'{"url": "http://e.example/1", "text": 42}\n{not json\n[1, 2]\n',
        "truncated.jsonl.gz": _cut_in_half(gzip.compress(_jsonl_record(text), mtime=0)),
    }
    # Pages declaring codecs that are not text encodings or cannot replace bad bytes; the body is
    # not valid UTF-8, so the declaration is tried.
    for codec in ("idna", "punycode", "undefined", "zlib", "rot13"):
        cases[f"charset-{codec}.html"] = (
            f'<html><head><meta charset="{codec}"><title>声明了奇怪编码的页面</title></head><body><p>'.encode()
            + data
            + b"\xff\xfe</p></body></html>"
        )
    for name, content in cases.items():
        (target / name).write_bytes(content)


def write_generated(target: Path) -> None:
    """The cases made at test time (big, or file-system objects git cannot hold)."""
    target.mkdir(parents=True, exist_ok=True)
    data = _page_text().encode("utf-8")
    # 50 MB on one line: past the reader's page cap, must be refused without being held twice.
    with open(target / "long-line.txt", "wb") as f:
        chunk = b"a" * (1 << 20)
        for _ in range(50):
            f.write(chunk)
    # A gzip bomb: 1 GB of zeros in 1 MB (16 gzip members of 64 MB); reading must stop at the cap.
    member = gzip.compress(bytes(64 << 20), compresslevel=9, mtime=0)
    (target / "bomb.txt.gz").write_bytes(member * 16)
    # HTML nested 100,000 deep: no recursion may follow the nesting.
    deep = (
        "<html><body>"
        + "<div>" * 100_000
        + "深层嵌套的页面正文，这是一段足够长的内容。"
        + "</div>" * 100_000
        + "</body></html>"
    )
    (target / "deep.html").write_text(deep, encoding="utf-8")
    # A directory whose walk would never end: a link back to its parent, and a link to itself.
    loop = target / "loop"
    (loop / "sub").mkdir(parents=True, exist_ok=True)
    os.symlink("..", loop / "sub" / "back")
    os.symlink("self.txt", loop / "self.txt")
    (loop / "sub" / "ok.txt").write_bytes(data)
    # A FIFO: opening it for reading would wait for a writer forever.
    os.mkfifo(target / "fifo.txt")
    # Unreadable for root too: /proc/self/mem cannot be read at offset 0 (EIO). Without root a
    # chmod 000 file does the same job.
    unreadable = target / "unreadable.txt"
    if os.geteuid() == 0 or not hasattr(os, "geteuid"):
        os.symlink("/proc/self/mem", unreadable)
    else:
        unreadable.write_bytes(data)
        unreadable.chmod(0)
    # File names scraped from elsewhere: bytes that are not UTF-8, and terminal escapes.
    names = target / "names"
    names.mkdir(exist_ok=True)
    with open(os.path.join(os.fsencode(names), b"name-\xff\xfe.txt"), "wb") as f:
        f.write(data + "\n非 UTF-8 名".encode())
    (names / "name-\x1b[2J\x1b]52;c;SGVsbG8=\x07.txt").write_bytes(data + b"\nescape name")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("small", "generated"):
        print("usage: make_hostile.py small|generated DIR", file=sys.stderr)
        return 2
    (write_small if argv[1] == "small" else write_generated)(Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

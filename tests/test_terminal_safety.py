"""Terminal safety matrix (issue 7, part 3): payloads of Rich markup, CSI, OSC 52, OSC 8, C1
controls and bidi overrides inside titles, text, outlets and authors of real-pipeline pages, and
of a store written by another tool, through every command in every format (real processes, with
FORCE_COLOR=1 and COLUMNS=80). Nothing of them may reach stdout as a control sequence: in table
mode the only escape sequences are the SGR colours Rich emits itself; markup prints literally."""

from __future__ import annotations

import html
import json
import re
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import run_triage, triage_env

# payload -> residues that must not be seen either (the parameters of a sequence half-removed)
PAYLOADS: dict[str, tuple[str, tuple[str, ...]]] = {
    "markup": ("[red]x[/red][link=http://e.example]y[/link][bold]", ()),
    "csi": ("\x1b[31mRED\x1b[2J\x1b[1;1H", ("[2J", "[31m", "[1;1H")),
    "osc52": ("\x1b]52;c;SGVsbG8=\x07", ("52;c", "SGVsbG8")),
    "osc8": ("\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", ("evil.example", "8;;")),
    "c1": ("\x9b2J\x9d0;pwned\x9c\x9b31m", ("pwned", "2J", "31m")),
    "bidi": ("\u202etxt.exe\u202c\u2066\u2067\u2068\u2069\u200f", ()),
}
MARKUP = "[red]x[/red]"
FORMATS = ("table", "tsv", "csv", "json", "jsonl")
RUN_ENV = triage_env(FORCE_COLOR="1", COLUMNS="80")
SGR = re.compile(r"\x1b\[[0-9;]*m")
# Our table styles (bold, dim, cyan, green, magenta) in Rich's standard colour system; red (31) can
# only come from a payload or from markup being interpreted.
RICH_SGR_CODES = {"0", "1", "2", "32", "35", "36", "22", "39"}
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BODY = (
    "北京时间5月6日，研究人员发布了一项关于大模型对齐的新研究，引起了业内广泛关注。研究团队表示，这项工作花费了两年时间，"
    "覆盖了多种模型与数据集，并提出了新的评测方法。",
    "研究人员指出，当前的模型在面对复杂任务时仍会出现偏差，需要更多的监督与评估手段。他们希望这些成果能帮助行业建立更加可靠的"
    "安全标准，并在未来继续开放相关数据。",
    "该研究的负责人表示，团队将继续与高校和企业合作，推动相关技术的落地与应用，同时关注社会影响。",
)


def text_page(kind: str, p: str) -> str:
    """A news dump with the payload in its title, outlet, author, body and sidebar items."""
    return "\n".join(
        [
            f"{kind}{p}人工智能安全研究取得新进展",
            "发布时间：2024-05-06 10:30",
            f"来源：新智元{p}",
            f"作者：张三{p}",
            f"{p}{BODY[0]}",
            f"{BODY[1]}{p}",
            BODY[2],
            "相关推荐",
            f"{kind}{p}芯片企业发布新一代处理器 性能提升明显...",
            f"金融界5月6日消息，{p}某芯片企业今日发布新一代处理器...",
            f"{kind}{p}多地出台政策支持新能源汽车消费...",
            f"{kind}{p}科技公司季度财报超出市场预期...",
        ]
    )


def html_page(kind: str, p: str) -> str:
    """The same page as HTML: C0 controls written as character references (&#x1b;), C1 controls
    raw (an HTML parser maps &#x9b; to the Windows-1252 character, U+203A, as HTML5 says)."""
    ref = "".join(f"&#x{ord(c):x};" if ord(c) < 0x20 else html.escape(c) for c in p)
    return (
        f"<html><head><title>{kind}{ref}人工智能安全研究取得新进展</title></head><body>"
        f"<h1>{kind}{ref}人工智能安全研究取得新进展</h1><p>来源：新智元{ref} 作者：张三{ref}</p>"
        f"<p>{ref}{BODY[0]}</p><p>{BODY[1]}{ref}</p><p>{BODY[2]}</p>"
        f"<div class='related'><h3>相关推荐</h3><ul><li><a href='/a'>{kind}{ref}芯片企业发布新一代处理器</a></li>"
        f"<li><a href='/b'>{kind}{ref}多地出台政策支持新能源汽车消费</a></li></ul></div></body></html>"
    )


def assert_inert(out: bytes, *, table: bool, kinds=PAYLOADS) -> str:
    """stdout is UTF-8 holding no control sequence but Rich's own SGR (table); returns its text."""
    text = out.decode("utf-8")
    if table:
        for m in SGR.finditer(text):
            codes = set(m.group()[2:-1].split(";")) - {""}
            assert codes <= RICH_SGR_CODES, repr(m.group())
        text = SGR.sub("", text)
    bad = UNSAFE.search(text)
    assert bad is None, f"control character {bad.group()!r} in {text[max(0, bad.start() - 40) : bad.end() + 40]!r}"
    for kind in kinds:
        for residue in PAYLOADS[kind][1]:
            assert residue not in text, (kind, residue)
    return text


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    """'ingested': the payload pages through the real pipeline; 'tampered': a copy in which every
    text column holds raw payloads, as a store written by an older version or another tool."""
    root = tmp_path_factory.mktemp("terminal")
    pages = root / "pages"
    pages.mkdir()
    for kind, (p, _) in PAYLOADS.items():
        (pages / f"{kind}.txt").write_text(text_page(kind, p), encoding="utf-8")
        (pages / f"{kind}.html").write_text(html_page(kind, p), encoding="utf-8")
    ingested = root / "ingested.db"
    proc = run_triage("ingest", "--db", str(ingested), str(pages), env=RUN_ENV)
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc.stdout, table=False)
    assert_inert(proc.stderr, table=False)
    tampered = root / "tampered.db"
    shutil.copy(ingested, tampered)
    tamper(tampered)
    return {"pages": pages, "ingested": ingested, "tampered": tampered}


def tamper(db: Path) -> None:
    payloads = [p for p, _ in PAYLOADS.values()]
    with sqlite3.connect(db) as conn:
        for (seq,) in conn.execute("SELECT seq FROM items").fetchall():
            p = payloads[seq % len(payloads)]
            conn.execute(
                "UPDATE items SET title = ? || title || ?, text = text || ?, source = coalesce(source, '') || ?,"
                " author = coalesce(author, '') || ?, section = coalesce(section, '') || ?, published_raw = ?,"
                " keywords = ?, links = ?, dates = ? WHERE seq = ?",
                (
                    p,
                    p,
                    p,
                    p,
                    p,
                    p,
                    p,
                    json.dumps([p]),
                    json.dumps([p]),
                    json.dumps([{"text": p, "value": "2024", "precision": "year"}]),
                    seq,
                ),
            )
        conn.execute("UPDATE page_sources SET source = source || ?", (payloads[1],))
        conn.execute("UPDATE pages SET url = ?", (f"http://e.example/{payloads[2]}",))


def shown_items(db: Path) -> list[str]:
    """The items `show` is run on: the stories of the markup and C1 pages, and one sidebar item."""
    with sqlite3.connect(db) as conn:
        stories = [
            conn.execute(
                "SELECT id FROM items WHERE kind = 'story' AND instr(title, ?) > 0 ORDER BY seq", (kind,)
            ).fetchone()[0]
            for kind in ("markup", "c1")
        ]
        return stories + [conn.execute("SELECT id FROM items WHERE kind = 'sidebar' LIMIT 1").fetchone()[0]]


ALL_FIELDS = (
    "id,published,kind,topic,topics,source,section,author,title,text,truncated,published_raw,keywords,pages,files"
)


def listing_runs(db: Path) -> list[tuple[str, ...]]:
    """Every store command in every format: list (all fields; the default ones too for the table,
    which drops what does not fit), filter, topics, show."""
    runs = []
    for fmt in FORMATS:
        runs += [
            ("list", "--all", "--format", fmt, "--fields", ALL_FIELDS),
            ("filter", "--query", "研究人员", "--kind", "story", "--fields", ALL_FIELDS, "--format", fmt),
            ("topics", "--format", fmt),
        ]
        runs += [("list", "--all", "--format", fmt)] if fmt == "table" else []
        runs += [("show", item, "--format", fmt) for item in shown_items(db)]
    return [(*run, "--db", str(db)) for run in runs]


def run_all(runs: list[tuple[str, ...]]) -> list[tuple[tuple[str, ...], object]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(zip(runs, pool.map(lambda args: run_triage(*args, env=RUN_ENV), runs), strict=True))


@pytest.mark.parametrize("store", ["ingested", "tampered"])
def test_store_commands_in_every_format_print_no_control_sequence(stores, store):
    results = run_all(listing_runs(stores[store]))
    for args, proc in results:
        assert proc.returncode == 0, (args, proc.stderr)
        assert proc.stderr == b"", (args, proc.stderr)
        assert_inert(proc.stdout, table="table" in args)
    assert len(results) >= 5 * 5


@pytest.mark.parametrize("store", ["ingested", "tampered"])
def test_rich_markup_in_scraped_text_prints_literally_in_every_format(stores, store):
    runs = [("list", "--all", "--format", fmt, "--db", str(stores[store])) for fmt in FORMATS]
    for args, proc in run_all(runs):
        text = assert_inert(proc.stdout, table="table" in args)
        assert MARKUP in text, (args, text[:400])
        assert "[link=http://e.example]" in text or "table" in args  # the table may cut a long title


def test_show_prints_markup_payloads_literally_in_the_table(stores):
    db = stores["ingested"]
    with sqlite3.connect(db) as conn:
        item = conn.execute("SELECT id FROM items WHERE kind = 'story' AND title LIKE 'markup%'").fetchone()[0]
    proc = run_triage("show", item, "--format", "table", "--db", str(db), env=RUN_ENV)
    text = assert_inert(proc.stdout, table=True)
    assert "[red]x[/red][link=http://e.example]y[/link][bold]" in text
    assert "新智元[red]x[" in text  # the outlet, as the metadata pattern cut it


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_parse_prints_no_control_sequence_from_any_payload(stores, fmt):
    proc = run_triage("parse", "--format", fmt, str(stores["pages"]), env=RUN_ENV)
    assert proc.returncode == 0, proc.stderr
    text = assert_inert(proc.stdout, table=False)
    pages = [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else json.loads(text)
    assert len(pages) == 2 * len(PAYLOADS)
    titles = [item["title"] for page in pages for item in page["items"]]
    assert any(title.startswith("markup" + MARKUP) for title in titles)
    for kind in PAYLOADS:  # every payload page still gives its story, payload removed
        assert any(title.startswith(kind) and "人工智能安全研究" in title for title in titles), kind


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_tag_prints_no_control_sequence_from_any_payload(fmt):
    lines = [f"{p} 2024年5月6日 人工智能 {p}" for p, _ in PAYLOADS.values()]
    lines += [json.dumps({"id": p, "text": f"{p}今年5月{p}", "base": "2024-08-31T16:59"}) for p, _ in PAYLOADS.values()]
    proc = run_triage("tag", "--format", fmt, input="\n".join(lines).encode("utf-8"), env=RUN_ENV)
    assert proc.returncode == 0, proc.stderr
    text = assert_inert(proc.stdout, table=False)
    rows = [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else json.loads(text)
    assert len(rows) == len(lines)
    assert any("2024-05" in json.dumps(row) for row in rows)


def test_error_messages_naming_hostile_files_print_no_control_sequence(tmp_path):
    for kind, (p, _) in PAYLOADS.items():
        if "\x00" not in p and "/" not in p:
            (tmp_path / f"{kind}{p}.txt").write_bytes(b"")
    proc = run_triage("parse", str(tmp_path), env=RUN_ENV)
    assert proc.returncode == 1
    text = assert_inert(proc.stderr, table=False, kinds=[k for k in PAYLOADS if k not in ("markup", "osc8")])
    assert text.count("empty file") == len(list(tmp_path.iterdir()))

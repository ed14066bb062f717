"""Stop and resume of `triage ingest`, run as real processes on crawl files built from real pages:
Ctrl-C stops cleanly and says how far it got; `kill -9` leaves a consistent store; running the
same command again ends with exactly the store that one uninterrupted run makes."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parent / "fixtures" / "crawl_pages"
RECORDS = 100  # enough that a run takes a few seconds, so it can be stopped part-way
STOP_AFTER = 10  # pages in the store before we interrupt

pytestmark = pytest.mark.slow


def crawl_records(n: int):
    """n distinct pages: the real fixture pages cycled, each with its own record line and URL."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.txt"))]
    for i in range(n):
        text = f"{texts[i % len(texts)].rstrip()}\n\nrecord {i:06d}\n"
        yield (
            f"http://example.invalid/page/{i}",
            f"2024-08-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z",
            text,
        )


def write_wet(path: Path, n: int) -> Path:
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, date, text in crawl_records(n):
            payload = text.encode("utf-8")
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "conversion",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    warc_content_type="text/plain",
                    warc_headers_dict={"WARC-Date": date},
                )
            )
    return path


def write_jsonl(path: Path, n: int) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for url, date, text in crawl_records(n):
            f.write(json.dumps({"url": url, "date_download": date, "raw_content": text}, ensure_ascii=False) + "\n")
    return path


def ingest_command(db: Path, source: Path) -> list[str]:
    return [sys.executable, "-m", "triage", "ingest", "--db", str(db), "--jobs", "2", str(source)]


def run_ingest(db: Path, source: Path) -> subprocess.CompletedProcess:
    return subprocess.run(ingest_command(db, source), capture_output=True, text=True, timeout=600)


def stored_pages(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT count(*) FROM pages").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or mid-migration
        return 0


def start_and_signal(db: Path, source: Path, sig: int) -> subprocess.Popen:
    """Start an ingest and send it `sig` once it has stored some pages (not at a fixed time)."""
    proc = subprocess.Popen(ingest_command(db, source), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while stored_pages(db) < STOP_AFTER and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(sig)
    return proc


def store_content(db: Path) -> dict[str, list]:
    """Everything ingest decides, by content-derived keys (row numbers may differ between runs)."""
    with sqlite3.connect(db) as con:
        return {
            "pages": con.execute(
                "SELECT sha256, source, url, crawl_time, page_time FROM pages ORDER BY sha256"
            ).fetchall(),
            "items": con.execute("SELECT id, kind, title, text, published, topic FROM items ORDER BY id").fetchall(),
            "item_pages": con.execute(
                "SELECT i.id, p.sha256, ip.position FROM item_pages ip JOIN items i ON i.seq = ip.item_seq"
                " JOIN pages p ON p.id = ip.page_id ORDER BY 1, 2"
            ).fetchall(),
            "sources": con.execute(
                "SELECT ps.source, p.sha256 FROM page_sources ps JOIN pages p ON p.id = ps.page_id ORDER BY 1, 2"
            ).fetchall(),
        }


def leftover_processes(db: Path) -> list[int]:
    """Processes still running with this store on their command line (orphaned workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if str(db).encode() in cmdline:
                found.append(int(entry))
    return found


@pytest.fixture(scope="module", params=["wet", "jsonl"])
def crawl(request, tmp_path_factory) -> tuple[Path, dict]:
    """A crawl file of each kind and the store content of one clean, uninterrupted ingest of it."""
    tmp = tmp_path_factory.mktemp(request.param)
    source = (write_wet if request.param == "wet" else write_jsonl)(tmp / f"crawl.{request.param}.gz", RECORDS)
    clean = tmp / "clean.db"
    done = run_ingest(clean, source)
    assert done.returncode == 0, done.stderr
    content = store_content(clean)
    assert len(content["pages"]) == RECORDS
    return source, content


def test_ctrl_c_stops_after_a_stored_page_and_says_how_far_it_got(crawl, tmp_path):
    source, _clean = crawl
    db = tmp_path / "store.db"
    proc = start_and_signal(db, source, signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "Traceback" not in err
    *_, summary, last = err.strip().splitlines()
    assert last.endswith("pages; run the same command again to continue")
    reported = int(last.split("interrupted after ")[1].split()[0])
    failed = int(summary.rsplit("; ", 1)[1].split()[0])  # "...; 0 failed": pages that could not be parsed
    assert STOP_AFTER <= reported < RECORDS
    assert stored_pages(db) == reported - failed  # every page it counted is committed, and no more


def test_running_again_after_ctrl_c_gives_the_same_store_as_one_clean_run(crawl, tmp_path):
    source, clean = crawl
    db = tmp_path / "store.db"
    start_and_signal(db, source, signal.SIGINT).communicate(timeout=120)
    first_part = stored_pages(db)
    again = run_ingest(db, source)
    assert again.returncode == 0, again.stderr
    assert f"({first_part} pages, " in again.stderr  # the pages already stored are skipped, not redone
    assert store_content(db) == clean


def test_kill_9_leaves_a_consistent_store_that_the_next_run_completes(crawl, tmp_path):
    source, clean = crawl
    db = tmp_path / "store.db"
    proc = start_and_signal(db, source, signal.SIGKILL)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    again = run_ingest(db, source)
    assert again.returncode == 0, again.stderr
    assert store_content(db) == clean


def test_kill_9_leaves_no_worker_processes_behind(crawl, tmp_path):
    source, _clean = crawl
    db = tmp_path / "store.db"
    start_and_signal(db, source, signal.SIGKILL).communicate(timeout=120)
    deadline = time.monotonic() + 10
    while leftover_processes(db) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftover_processes(db) == []

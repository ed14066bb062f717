"""Store safety (issue 7, part 4), with real `triage` processes and real SQLite files: kill -9 at
random points never leaves a corrupt store or a half-stored page, and a rerun completes the set
exactly; two ingests at once store every page once; a full disk or a read-only store gives one
line and leaves the store as it was; a foreign or corrupt --db is refused untouched; filter values
with SQL and FTS syntax are data."""

from __future__ import annotations

import hashlib
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import good_page_paths, run_triage, triage_env

from triage.store import MIGRATIONS_TABLE

KILL_POINTS = 50
KILL_CHAINS = 2  # independent stores killed side by side, to keep the wall time down
KILL_PAGES = 100  # so that a kill soon after the first stored group (ingest commits 16 pages at a time) is mid-batch
_FROZEN: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def frozen_code(tmp_path_factory):
    """Every process of this module runs one copy of the code, taken when the module starts: the
    reference store and the stores under test must come from the same code even when the working
    tree changes meanwhile (several people edit it at once)."""
    root = tmp_path_factory.mktemp("code")
    shutil.copytree(
        Path(__file__).resolve().parent.parent / "triage", root / "triage", ignore=shutil.ignore_patterns("__pycache__")
    )
    _FROZEN["PYTHONPATH"] = str(root)
    yield
    _FROZEN.clear()


def frozen_env(**extra: str) -> dict[str, str]:
    return triage_env(**_FROZEN, **extra)


def write_pages(target: Path, n: int) -> Path:
    """n distinct real pages: the good pages cycled, each with its own edition line."""
    target.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in good_page_paths() if p.suffix == ".txt"]
    for i in range(n):
        lines = texts[i % len(texts)].split("\n")
        lines.insert(1, f"第{i}期")
        (target / f"p{i:03d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return target


def ingest_cmd(db: Path, *paths: Path) -> list[str]:
    return [sys.executable, "-m", "triage", "ingest", "--db", str(db), *map(str, paths)]


def remove_store(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def file_digests(db: Path) -> dict[str, str]:
    """sha256 of the store file and of every side file next to it (-wal, -shm, -journal)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "not a regular file"
        for p in sorted(db.parent.iterdir())
        if p.name.startswith(db.name)
    }


def dump(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------
# What a store holds, and its consistency


def page_items(conn: sqlite3.Connection) -> dict[str, set[tuple[str, int]]]:
    """Each stored page (by content hash) with the (item id, position) pairs linked to it."""
    pages: dict[str, set[tuple[str, int]]] = {sha: set() for (sha,) in conn.execute("SELECT sha256 FROM pages")}
    rows = conn.execute(
        "SELECT p.sha256, i.id, ip.position FROM item_pages ip JOIN pages p ON p.id = ip.page_id"
        " JOIN items i ON i.seq = ip.item_seq"
    )
    for sha, item, position in rows:
        pages[sha].add((item, position))
    return pages


def item_topics(conn: sqlite3.Connection) -> dict[str, list[str]]:
    topics: dict[str, list[str]] = {}
    for item, slug in conn.execute(
        "SELECT i.id, t.slug FROM item_topics t JOIN items i ON i.seq = t.item_seq ORDER BY i.id, t.rank"
    ):
        topics.setdefault(item, []).append(slug)
    return topics


EMPTY_SNAPSHOT = {"pages": {}, "items": set(), "sources": set(), "topics": {}}


def tables_of(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def created(db: Path) -> bool:
    """Whether the store got its schema: a kill while the file is being created leaves at most the
    (empty) migrations table, an empty store that the next run builds."""
    tables = tables_of(db)
    if "items" in tables:
        return True
    assert tables <= {MIGRATIONS_TABLE}, f"a half-made schema: {sorted(tables)}"
    return False


def snapshot(db: Path) -> dict:
    if not created(db):
        return EMPTY_SNAPSHOT
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {
            "pages": page_items(conn),
            "items": {row[0] for row in conn.execute("SELECT id FROM items")},
            "sources": {
                row
                for row in conn.execute(
                    "SELECT ps.source, p.sha256 FROM page_sources ps JOIN pages p ON p.id = ps.page_id"
                )
            },
            "topics": item_topics(conn),
        }
    finally:
        conn.close()


def assert_consistent(db: Path, reference: dict) -> dict:
    """Integrity, full-text index in step with the items, and every stored page complete."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if not created(db):
            return EMPTY_SNAPSHOT
        # raises if out of step; rank 1: the index is checked against the items too, not only within itself
        conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
        orphans = conn.execute("SELECT count(*) FROM items WHERE seq NOT IN (SELECT item_seq FROM item_pages)")
        assert orphans.fetchone()[0] == 0, "an item stored without its page"
        bare = conn.execute("SELECT count(*) FROM pages WHERE id NOT IN (SELECT page_id FROM page_sources)")
        assert bare.fetchone()[0] == 0, "a page stored without its source"
    finally:
        conn.close()
    now = snapshot(db)
    for sha, items in now["pages"].items():
        assert items == reference["pages"][sha], f"page {sha[:12]} half-stored: {len(items)} of its items"
    for item, slugs in now["topics"].items():
        assert slugs == reference["topics"][item]
    assert now["items"] <= reference["items"]
    return now


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, frozen_code) -> dict:
    """Generated pages and the store one clean, uninterrupted ingest makes of them."""
    root = tmp_path_factory.mktemp("store_safety")
    pages = write_pages(root / "pages", KILL_PAGES)
    ref_db = root / "reference.db"
    started = time.monotonic()
    proc = subprocess.run(ingest_cmd(ref_db, pages), capture_output=True, env=frozen_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    return {
        "root": root,
        "pages": pages,
        "db": ref_db,
        "snapshot": snapshot(ref_db),
        "seconds": time.monotonic() - started,
    }


# ---------------------------------------------------------------------------------------------
# (a) kill -9 at random points


def wait_for_pages(db: Path, more_than: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until the store holds more than `more_than` pages (the process is writing) or it ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
                try:
                    if conn.execute("SELECT count(*) FROM pages").fetchone()[0] > more_than:
                        return
                finally:
                    conn.close()
            except sqlite3.Error:
                pass  # not created yet, or mid-migration
        time.sleep(0.02)


def kill_chain(db: Path, corpus: dict, points: int, rng: random.Random, report: dict) -> None:
    """Start an ingest, let it store a random part of the batch, kill -9 it, check the store; when a
    run completes the batch, start over from an empty store. Finally rerun to completion."""
    reference = corpus["snapshot"]
    killed = 0
    while killed < points:
        stored = len(snapshot(db)["pages"]) if db.exists() else 0
        if stored == len(reference["pages"]):
            remove_store(db)
            stored = 0
        proc = subprocess.Popen(
            ingest_cmd(db, corpus["pages"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=frozen_env(),
            start_new_session=True,
        )
        # Half the kills land anywhere from start-up on, half while pages are being written.
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0, 2.5))
        else:
            wait_for_pages(db, stored, proc)
            time.sleep(rng.uniform(0, 0.6))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        if db.exists():
            assert_consistent(db, reference)
            report["stored_at_kill"].append(len(snapshot(db)["pages"]))
    report["kills"] += killed
    proc = subprocess.run(ingest_cmd(db, corpus["pages"]), capture_output=True, env=frozen_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    final = assert_consistent(db, reference)
    report["final"].append(final)


@pytest.mark.slow
def test_kill_9_at_50_random_points_never_corrupts_or_half_stores_and_a_rerun_completes_the_set(corpus, capsys):
    report: dict = {"kills": 0, "stored_at_kill": [], "final": []}
    errors: list[BaseException] = []

    def chain(n: int) -> None:
        try:
            db = corpus["root"] / f"killed-{n}.db"
            remove_store(db)
            kill_chain(db, corpus, KILL_POINTS // KILL_CHAINS, random.Random(1000 + n), report)
        except BaseException as e:  # noqa: BLE001 - re-raised in the test's thread below
            errors.append(e)

    threads = [threading.Thread(target=chain, args=(n,)) for n in range(KILL_CHAINS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    reference = corpus["snapshot"]
    assert report["kills"] >= KILL_POINTS
    for final in report["final"]:
        assert final["pages"] == reference["pages"]
        assert final["items"] == reference["items"]  # items lost: none; extra: none
        assert final["sources"] == reference["sources"]
    mid_batch = sum(0 < n < len(reference["pages"]) for n in report["stored_at_kill"])
    with capsys.disabled():
        print(
            f"\nkill -9 points survived: {report['kills']}; killed mid-batch: {mid_batch};"
            f" items lost: {len(reference['items'] - report['final'][0]['items'])}"
        )
    assert mid_batch >= KILL_POINTS // 4  # the kills did land while pages were being written


# ---------------------------------------------------------------------------------------------
# (b) two ingests into one store at once


def test_two_ingests_into_one_store_at_once_store_every_page_once(corpus, tmp_path):
    db = tmp_path / "shared.db"
    procs = [
        subprocess.Popen(
            ingest_cmd(db, corpus["pages"]), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=frozen_env()
        )
        for _ in range(2)
    ]
    outcomes = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, outcomes, strict=True):
        assert proc.returncode == 0, err
    final = assert_consistent(db, corpus["snapshot"])
    assert final["pages"] == corpus["snapshot"]["pages"]
    assert final["items"] == corpus["snapshot"]["items"]
    assert final["sources"] == corpus["snapshot"]["sources"]
    summaries = [err.decode().strip().splitlines()[-1] for _, err in outcomes]
    stored = sum(int(s.split("triage: ")[1].split(" pages")[0]) for s in summaries)
    assert stored == len(corpus["snapshot"]["pages"]), summaries  # each page stored by exactly one of them


# ---------------------------------------------------------------------------------------------
# (c) a full disk, a read-only store


@pytest.fixture
def small_store(corpus, tmp_path) -> Path:
    """A store holding the first five pages, checkpointed (no WAL left), in its own directory."""
    db = tmp_path / "store" / "triage.db"
    db.parent.mkdir()
    proc = subprocess.run(ingest_cmd(db, *sorted(corpus["pages"].iterdir())[:5]), capture_output=True, env=frozen_env())
    assert proc.returncode == 0, proc.stderr
    assert not Path(f"{db}-wal").exists()
    return db


def test_a_full_disk_gives_one_line_and_leaves_the_store_as_it_was(small_store, corpus):
    """The disk fills up at the first write: the process may not write past 48 KB in any file
    (RLIMIT_FSIZE; Python ignores SIGXFSZ, so the write fails as on a full disk)."""
    before_dump, before_files = dump(small_store), file_digests(small_store)

    def full_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, 48 * 1024))

    proc = subprocess.run(
        ingest_cmd(small_store, corpus["pages"]),
        capture_output=True,
        env=frozen_env(),
        preexec_fn=full_disk,
        timeout=300,
    )
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 1
    assert len(lines) == 1 and lines[0].startswith(f"triage: {small_store}: "), lines
    assert "no transaction" not in lines[0]  # the real cause, not a failed rollback
    assert dump(small_store) == before_dump
    assert file_digests(small_store) == before_files
    assert_consistent(small_store, corpus["snapshot"])


def read_only_ingest(db: Path, pages: Path) -> subprocess.CompletedProcess:
    """An ingest that finds the store's directory read-only. Without root, chmod does it; root
    ignores file modes, so the directory is bind-mounted read-only in a private mount namespace
    (unshare -m), which binds root too and vanishes with the process."""
    if os.geteuid() != 0:
        db.chmod(0o444)
        db.parent.chmod(0o555)
        try:
            return subprocess.run(ingest_cmd(db, pages), capture_output=True, env=frozen_env(), timeout=300)
        finally:
            db.parent.chmod(0o755)
            db.chmod(0o644)
    if not shutil.which("unshare"):
        pytest.skip("running as root without unshare: no way to make a directory read-only for root")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"running as root and unshare -m is not allowed here: {probe.stderr.decode().strip()}")
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(db.parent), *ingest_cmd(db, pages)],
        capture_output=True,
        env=frozen_env(),
        timeout=300,
    )


def test_a_read_only_store_gives_one_line_and_is_left_as_it_was(small_store, corpus):
    before_dump, before_files = dump(small_store), file_digests(small_store)
    proc = read_only_ingest(small_store, corpus["pages"])
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 1, lines
    assert len(lines) == 1 and lines[0].startswith(f"triage: {small_store}: "), lines
    assert "read-only" in lines[0] or "readonly" in lines[0] or "cannot open" in lines[0], lines
    assert dump(small_store) == before_dump
    assert file_digests(small_store) == before_files


def test_listing_a_read_only_store_lists_its_items_and_leaves_it_as_it_was(small_store):
    """Reading a WAL store whose directory is read-only (SQLite cannot create the -shm file there)
    lists its items and changes nothing."""
    before = file_digests(small_store)
    if os.geteuid() == 0:
        if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
            pytest.skip("running as root and unshare -m is not allowed here")
        script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
        cmd = ["unshare", "-m", "sh", "-c", script, "sh", str(small_store.parent)]
    else:
        small_store.parent.chmod(0o555)
        cmd = []
    try:
        proc = subprocess.run(
            [*cmd, sys.executable, "-m", "triage", "list", "--all", "--format", "tsv", "--db", str(small_store)],
            capture_output=True,
            env=frozen_env(),
        )
    finally:
        small_store.parent.chmod(0o755)
    after = file_digests(small_store)  # before snapshot(), which opens the store itself
    assert after == before
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    assert len(proc.stdout.decode().splitlines()) == len(snapshot(small_store)["items"])


# ---------------------------------------------------------------------------------------------
# (d) a corrupt or foreign file given as --db


def foreign_files(target: Path, store: Path) -> dict[str, Path]:
    target.mkdir(exist_ok=True)
    rng = random.Random(3)
    files = {
        "png": (target / "image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16),
        "text": (target / "notes.txt", b"my notes, not a database\n" * 100),
    }
    for path, data in files.values():
        path.write_bytes(data)
    out = {name: path for name, (path, _) in files.items()}
    other = target / "contacts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    conn.commit()
    conn.close()
    out["other-app-sqlite"] = other
    good = store.read_bytes()
    variants = {
        "truncated-store": good[: 2 * 4096],
        "garbage-after-page-1": good[:4096] + bytes(rng.randrange(256) for _ in range(len(good) - 4096)),
        "garbage-in-page-1": good[:100] + bytes(rng.randrange(256) for _ in range(3996)) + good[4096:],
        "garbage-in-last-pages": good[: len(good) * 3 // 4] + bytes(rng.randrange(256) for _ in range(len(good) // 4)),
    }
    for name, data in variants.items():
        (target / f"{name}.db").write_bytes(data)
        out[name] = target / f"{name}.db"
    os.mkfifo(target / "fifo.db")  # opening it to read the header would wait forever
    out["fifo"] = target / "fifo.db"
    out["device"] = Path(os.devnull)  # reads as empty: must not be taken for a new store
    return out


# Damage confined to data pages: SQLite notices it only when a query reads them.
PARTLY_READABLE = {"garbage-in-last-pages"}
FOREIGN_KINDS = [
    "png",
    "text",
    "other-app-sqlite",
    "truncated-store",
    "garbage-after-page-1",
    "garbage-in-page-1",
    "garbage-in-last-pages",
    "fifo",
    "device",
]


@pytest.mark.parametrize("kind", FOREIGN_KINDS)
def test_a_foreign_or_corrupt_db_is_refused_with_one_line_and_left_unchanged(kind, small_store, corpus, tmp_path):
    target = foreign_files(tmp_path / "foreign", small_store)[kind]
    before = file_digests(target)
    commands = [
        ("ingest", str(sorted(corpus["pages"].iterdir())[-1])),
        ("list",),
        ("filter", "--kind", "story"),
        ("show", "abc"),
        ("topics",),
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        procs = list(pool.map(lambda command: run_triage(*command, "--db", str(target), env=frozen_env()), commands))
    refused = 0
    for command, proc in zip(commands, procs, strict=True):
        lines = proc.stderr.decode().splitlines()
        assert file_digests(target) == before, command
        if kind in PARTLY_READABLE and command[0] != "ingest":
            # A query that reads no damaged page answers (a check of every page on open would be
            # too slow for a million items); one that does is refused.
            assert proc.returncode in (0, 1) and len(lines) <= 1 and b"Traceback" not in proc.stderr, lines
            refused += proc.returncode == 1 and lines[0].startswith(f"triage: {target}: ")
            continue
        assert proc.returncode == 1, (command, lines)
        assert len(lines) == 1 and lines[0].startswith(f"triage: {target}: "), (command, lines)
        refused += 1
    assert refused >= 1 if kind in PARTLY_READABLE else refused == len(commands)


# ---------------------------------------------------------------------------------------------
# (e) filter values with SQL and FTS syntax


HOSTILE_VALUES = [
    "' OR 1=1 --",
    '"',
    "*",
    "NEAR(",
    "AND",
    "OR",
    "NOT",
    'a"b',
    "%",
    "_",
    "\\",
    "title:研究",
    "^研究",
    "研究*",
    "') OR ('1'='1",
    "1; DROP TABLE items; --",
    "NEAR(研究 人员, 2)",
]
PROBE_LINE = "对照行：' OR 1=1 -- 与 NEAR( 以及 a\"b 和 100% 的 x_y 还有 C:\\path 都是普通文字。"


@pytest.fixture(scope="module")
def probe_store(tmp_path_factory, frozen_code) -> Path:
    """The good pages plus one page whose body holds SQL and FTS syntax as plain text."""
    root = tmp_path_factory.mktemp("probe")
    pages = root / "pages"
    shutil.copytree(Path(good_page_paths()[0]).parent, pages, ignore=shutil.ignore_patterns("*.md", "*.tsv"))
    text = (pages / "019.txt").read_text(encoding="utf-8").split("\n")
    text.insert(3, PROBE_LINE)
    (pages / "probe.txt").write_text("\n".join(text), encoding="utf-8")
    db = root / "probe.db"
    proc = subprocess.run(ingest_cmd(db, pages), capture_output=True, env=frozen_env())
    assert proc.returncode == 0, proc.stderr
    return db


def expected_query_rows(db: Path, value: str) -> set[str]:
    """Items holding every word of the value in their title or text (ASCII case folded), the
    meaning --query documents: words are matched as plain text."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, title, text FROM items").fetchall()
    conn.close()
    words = [w.lower() for w in value.split()]
    return {i for i, title, text in rows if all(w in title.lower() or w in text.lower() for w in words)}


def expected_source_rows(db: Path, value: str) -> set[str]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT i.id, coalesce(i.source, ''),"
        " group_concat(ps.source, '\n') || '\n' || group_concat(coalesce(p.url, ''), '\n')"
        " FROM items i JOIN item_pages ip ON ip.item_seq = i.seq JOIN pages p ON p.id = ip.page_id"
        " JOIN page_sources ps ON ps.page_id = p.id GROUP BY i.id"
    ).fetchall()
    conn.close()
    v = value.lower()
    return {i for i, outlet, places in rows if v in outlet.lower() or v in places.lower()}


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_query_and_source_filters_treat_sql_and_fts_syntax_as_data(value, probe_store):
    """In process (typer's CliRunner) over the real store file: 17 values x 2 options in seconds."""
    from typer.testing import CliRunner

    from triage.cli import app

    for option, expected in (("--query", expected_query_rows), ("--source", expected_source_rows)):
        args = ["filter", option, value, "--all", "--fields", "id", "--format", "tsv", "--db", str(probe_store)]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, (option, value, result.output)
        assert set(result.stdout.split()) == expected(probe_store, value), (option, value)


def test_sql_syntax_in_the_probe_line_is_found_as_text(probe_store):
    proc = run_triage(
        "filter",
        "--query",
        "' OR 1=1 --",
        "--fields",
        "id",
        "--format",
        "tsv",
        "--db",
        str(probe_store),
        env=frozen_env(),
    )
    assert proc.returncode == 0
    assert len(proc.stdout.split()) >= 1  # the probe page's story, and nothing that lacks the text


def test_show_and_page_filters_refuse_sql_syntax_as_an_unknown_id(probe_store):
    for command in (("show", "' OR 1=1 --"), ("filter", "--page", "' OR 1=1 --")):
        proc = run_triage(*command, "--db", str(probe_store), env=frozen_env())
        lines = proc.stderr.decode().splitlines()
        assert proc.returncode == 1 and len(lines) == 1 and "hexadecimal" in lines[0], (command, lines)
        assert proc.stdout == b""
    counts = snapshot(probe_store)
    assert len(counts["items"]) > 0  # nothing dropped


def test_a_row_that_is_not_utf8_gives_one_line_not_a_traceback(small_store):
    """Another tool wrote bytes that are not UTF-8 into a title: every command that reads it says
    so in one line naming the store."""
    conn = sqlite3.connect(small_store)
    item = conn.execute("SELECT id FROM items WHERE kind = 'story' LIMIT 1").fetchone()[0]
    conn.execute("UPDATE items SET title = CAST(x'e4b8ade69687ff2041' AS TEXT) WHERE id = ?", (item,))
    conn.commit()
    conn.close()
    commands = [("show", item, "--format", fmt) for fmt in ("table", "json")] + [
        ("list", "--all"),
        ("filter", "--kind", "story"),
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        procs = list(pool.map(lambda c: run_triage(*c, "--db", str(small_store), env=frozen_env()), commands))
    for command, proc in zip(commands, procs, strict=True):
        lines = proc.stderr.decode().splitlines()
        assert proc.returncode == 1 and len(lines) == 1 and lines[0].startswith(f"triage: {small_store}: "), (
            command,
            lines,
        )


def test_readers_during_an_ingest_never_see_a_half_stored_page(corpus, tmp_path):
    """While an ingest writes, every read (one transaction, as `triage list` makes) sees each page
    whole or not at all."""
    db = tmp_path / "busy.db"
    reference = corpus["snapshot"]["pages"]
    proc = subprocess.Popen(
        ingest_cmd(db, corpus["pages"]), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=frozen_env()
    )
    reads = partial = 0
    while proc.poll() is None:
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5, isolation_level=None)
        except sqlite3.Error:
            time.sleep(0.05)
            continue
        try:
            conn.execute("BEGIN")
            pages = page_items(conn)
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            continue  # the store is not created or migrated yet
        finally:
            conn.close()
        reads += 1
        partial += 0 < len(pages) < len(reference)
        for sha, items in pages.items():
            assert items == reference[sha], f"a reader saw page {sha[:12]} with {len(items)} of its items"
    assert proc.returncode == 0, proc.stderr.read()
    assert partial >= 3, (reads, partial)  # the reads did happen while pages were being written

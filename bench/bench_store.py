"""Speed of the store commands on a store of 1,000,000 items, measured as users run them.

    python bench/bench_store.py                 # builds bench/out/store_1m.db once, then measures
    python bench/bench_store.py --rebuild       # build the store again
    python bench/bench_store.py --items 100000  # a smaller store

The store is built through the store API (Store.add_pages_bulk) from items of the real corpus pages
(parsed with the real pipeline), copied into many synthetic pages: every story gets its own id,
most sidebar items are new variants, and a share repeats across pages as hot-news blocks do. Dates
are spread over three years and topics come from the tagger when it tags the item, otherwise from a
fixed-seed draw over the taxonomy's slugs.

Prints medians of real `triage list` and `triage filter --topic X --since D` subprocesses (stdout
a pipe, as in `triage list | head`), and the start-up of `triage list` against a bare typer
hello-world measured in the same run. Targets (issue 5): <= 300 ms; <= 1.3x.

    python bench/bench_store.py --writer [--runs 7] [--baseline DIR]

The ingest writer's CPU per page (issue 6): the corpus pages, parsed and tagged once, stored into a
fresh store by groups of pages as `triage ingest` stores them (Store.group_commits), the CPU time
(time.process_time) of storing them divided by the pages; each run in its own process. Stored from
Page objects and from the rows an ingest worker builds (store.page_rows), and the CPU of unpickling
a worker's answer either way (the main process does that too); and the CPU of building the rows
(store.page_rows: the workers' share of storing). With --baseline DIR (a directory
holding another triage/, e.g. a clone of an earlier commit) that store runs the same pages in
alternation with the current one and the ratio of the medians is printed.

    python bench/bench_store.py --writer-split [--runs 7]

Where the writer's CPU goes: the corpus pages' rows (store.page_rows) stored into a fresh store as
ingest stores them, the CPU time (time.process_time) of each SQL statement kind summed per page
(statements that differ only in their number of placeholders counted as one kind), medians of runs,
each in a fresh store; then the same with the search index left unfilled (its share: the rows
handed to FTS5 and the part of COMMIT that writes its segments), which ingest never does.

    python bench/bench_store.py --retag [--items 100000] [--runs 3]

`triage retag` on a copy of the store: once as the first retag (the synthetic items' titles differ from
the corpus items whose topics they carry, so most items are rewritten), then in rounds alternating a
taxonomy file with one more topic (fire-safety under disaster-accident) and the built-in taxonomy, each
of which rewrites only the items that topic moves. The baseline, run in the same rounds: the same items
read from the store and tagged in one process with nothing written (`--tag-only`), the floor of retag's
cost. Items per second and the ratio of the medians.

    python bench/bench_store.py --search-index [--items 1000000] [--runs 5]

The search index's options, on a copy of the store's items: detail=none/column trigram indexes
searched with LIKE (which SQLite hands to the trigram index only without ESCAPE and column by
column) against today's detail=full index searched with phrases, rows and CPU per query; and the
items indexed in ingest-sized commits with FTS5's automerge at 4 (its default) and 8 (the store's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("TRIAGE_SHARED", ROOT.parent / "shared")) / "corpus" / "pages"
OUT = ROOT / "bench" / "out"
HELLO = """import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""
FALLBACK_SLUGS = ["science-technology", "ai", "economy-business", "markets", "politics", "society", "sport", "health"]


def corpus_items(corpus: Path) -> list:
    """The items of the real corpus pages, parsed and tagged by the real pipeline."""
    from triage.pipeline import parse_page
    from triage.read import iter_pages
    from triage.topics import load_tagger

    tagger = load_tagger()
    items = []
    for raw in iter_pages([str(corpus)]):
        if isinstance(raw, Exception):
            continue
        try:
            items += parse_page(raw, tagger=tagger).items
        except Exception as e:  # a pipeline bug on one page must not stop the benchmark
            print(f"skipped {raw.source}: {type(e).__name__}: {e}", file=sys.stderr)
    return items


def variant(src, kind: str, n: int, *, page_no: int, sha: str, when: dt.datetime, rng: random.Random):
    """A copy of a real item on synthetic page page_no, with its own id and date."""
    from triage.models import Item, TopicScore, sidebar_id, story_id

    title = f"{src.title} ({page_no}.{n})"
    text = src.text[:160]
    topics = src.topics or [TopicScore(rng.choice(FALLBACK_SLUGS), round(rng.uniform(0.3, 1), 2), [])]
    published = (when - dt.timedelta(hours=rng.randrange(72))).strftime("%Y-%m-%dT%H:%M")
    return Item(
        id=story_id(sha) if kind == "story" else sidebar_id(title, text),
        kind=kind,
        title=title,
        text=text,
        position=n,
        section=src.section,
        truncated=src.truncated,
        source=src.source,
        published=published if rng.random() > 0.05 else None,
        topics=topics,
        keywords=src.keywords[:5],
    )


def synthetic_pages(items: list, n_items: int, seed: int = 5):
    """Pages of one story and up to 19 sidebar items each, until n_items items exist."""
    from triage.models import Page

    rng = random.Random(seed)
    stories = [i for i in items if i.kind == "story"] or items
    sidebars = [i for i in items if i.kind == "sidebar"] or items
    hot = rng.sample(sidebars, min(40, len(sidebars)))  # repeated across pages, stored once
    start = dt.datetime(2023, 1, 1)
    made = page_no = 0
    while made < n_items:
        page_no += 1
        sha = hashlib.sha256(f"synthetic page {page_no}".encode()).hexdigest()
        when = start + dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        where = {"page_no": page_no, "sha": sha, "when": when, "rng": rng}
        page_items = [variant(rng.choice(stories), "story", 0, **where)]
        page_items += [variant(rng.choice(sidebars), "sidebar", n, **where) for n in range(1, 17)]
        page_items += rng.sample(hot, min(3, len(hot)))  # the same items: the same ids
        made += 17  # repeated hot items add no rows
        yield Page(source=f"synthetic/{page_no}.txt", encoding="utf-8", sha256=sha, items=page_items)


def schema_of(path: Path) -> list[tuple]:
    """The tables, indexes and triggers of a store file, as SQLite keeps their SQL (SQLite's own left out)."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # sqlite_stat1 and the like are ANALYZE's, not the schema's
        rows = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        return [row for row in rows if not row[1].startswith("sqlite_")]
    finally:
        db.close()


def current_schema() -> list[tuple]:
    """The schema that today's migrations make, read off a new empty store."""
    from triage.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "empty.db"
        with open_store(str(path), write=True):
            pass
        return schema_of(path)


def build(path: Path, n_items: int) -> None:
    from triage.store import open_store

    items = corpus_items(CORPUS)
    print(f"building {path} from {len(items)} corpus items ...", flush=True)
    t0 = time.perf_counter()
    from triage.query import load_topic_tree

    with open_store(str(path), write=True) as store:
        store.topic_parents = load_topic_tree().parents
        batch = []
        for page in synthetic_pages(items, n_items):
            batch.append(page)
            if len(batch) == 2000:
                store.add_pages_bulk(batch)
                batch = []
        if batch:
            store.add_pages_bulk(batch)
        store.db.execute("ANALYZE")
        counts = store.counts()
    print(
        f"built: {counts['items']:,} items, {counts['pages']:,} pages in {time.perf_counter() - t0:.0f} s,"
        f" {path.stat().st_size / 1e6:.0f} MB",
        flush=True,
    )


def run_ms(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time and CPU time (user + system, ms) of one run, and its stdout. CPU time barely moves
    when other work shares the machine, wall time does: both are printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.strip()}")
    return elapsed, cpu, proc.stdout


def interleaved_medians(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, tuple]:
    """Run the commands in turn, round after round, so that a noisy neighbour on the machine slows
    every command alike rather than one of them; each command's median wall time (ms), last stdout."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    outputs: dict[str, str] = {}
    for cmd, env in commands.values():
        run_ms(cmd, env)  # warm the page cache and the .pyc files once
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            wall, cpu, outputs[name] = run_ms(cmd, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name]), outputs[name]) for name in commands}


def sql_medians(db: Path, topic: str, since: str, runs: int) -> dict[str, float]:
    """The same listings in-process: the SQL's own share of the wall time above (ms)."""
    from triage.query import DEFAULT_FIELDS, Filters
    from triage.store import open_store

    fields = list(DEFAULT_FIELDS)
    listings = {"list": Filters(), "filter": Filters(topics=(topic,), since=since)}
    out = {}
    with open_store(str(db)) as store:
        for name, filters in listings.items():
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                list(store.listing(filters, fields, 30))
                times.append((time.perf_counter() - t0) * 1000)
            out[name] = statistics.median(times)
    return out


def store_pages_cpu(pickled: Path) -> None:
    """(Run as a child, under the triage being measured) print, as JSON, the CPU milliseconds per
    page of the main process's share of an ingest: storing the pages as ingest does, from Page
    objects ("page") and, where this triage has store.page_rows, from the rows an ingest worker
    builds ("rows"); and unpickling one worker's answer for a page (multiprocessing's pickler, with
    parallel's reducers), as a Page ("unpickle_page") and as its rows ("unpickle_rows")."""
    import json
    import pickle
    from multiprocessing.reduction import ForkingPickler

    import triage.parallel  # noqa: F401  (registers the reducers ingest's pages travel with)
    import triage.store
    from triage.query import load_topic_tree
    from triage.store import open_store

    pages = pickle.loads(pickled.read_bytes())
    parents = load_topic_tree().parents
    page_rows = getattr(triage.store, "page_rows", None)
    inputs = {"page": pages}
    ms: dict[str, float] = {}
    if page_rows is not None:
        t0 = time.process_time()
        inputs["rows"] = [page_rows(page, parents) for page in pages]
        ms["page_rows"] = (time.process_time() - t0) * 1000 / len(pages)
    with tempfile.TemporaryDirectory() as tmp:
        for name, items in inputs.items():
            with open_store(str(Path(tmp) / f"{name}.db"), write=True) as store:
                store.topic_parents = parents
                t0 = time.process_time()
                with store.group_commits():
                    for page in items:
                        store.add_page(page)
                ms[name] = (time.process_time() - t0) * 1000 / len(pages)
    for name, items in inputs.items():
        dumped = [bytes(ForkingPickler.dumps(page)) for page in items]
        t0 = time.process_time()
        for data in dumped:
            pickle.loads(data)
        ms[f"unpickle_{name}"] = (time.process_time() - t0) * 1000 / len(pages)
    print(json.dumps(ms))


def bench_writer(runs: int, baseline: Path | None) -> None:
    import json
    import pickle

    from triage.pipeline import parse_page
    from triage.read import iter_pages
    from triage.topics import load_tagger

    tagger = load_tagger()
    pages = [parse_page(raw, tagger=tagger) for raw in iter_pages([str(CORPUS)]) if not isinstance(raw, Exception)]
    variants = {"current": str(ROOT)} | ({"baseline": str(baseline.resolve())} if baseline else {})
    ms: dict[str, dict[str, list[float]]] = {name: {} for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        pickled = Path(tmp) / "pages.pickle"
        pickled.write_bytes(pickle.dumps(pages))
        for _ in range(runs):
            for name, root in variants.items():
                env = dict(os.environ, PYTHONPATH=root)
                cmd = [sys.executable, __file__, "--store-pages-cpu", str(pickled)]
                out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
                for figure, value in json.loads(out).items():
                    ms[name].setdefault(figure, []).append(value)
    items = sum(len(page.items) for page in pages)
    print(f"ingest writer: {len(pages)} corpus pages, {items} items, stored by groups; medians of {runs} runs")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU time (time.process_time)")
    labels = {
        "page": "store, from Page objects",
        "rows": "store, from rows built by a worker (store.page_rows)",
        "unpickle_page": "unpickle a worker's answer: a Page",
        "unpickle_rows": "unpickle a worker's answer: its rows (PageRows)",
        "page_rows": "build the rows of a page (store.page_rows, in a worker)",
    }
    for name, figures in ms.items():
        print(f"{name}:")
        for figure, values in figures.items():
            shown = ", ".join(f"{v:.2f}" for v in values)
            print(f"  {labels[figure]:<54} {statistics.median(values):.2f} ms CPU per page  (runs: {shown})")
    if baseline:
        ratio = statistics.median(ms["current"]["page"]) / statistics.median(ms["baseline"]["page"])
        print(f"store from Page objects, current / baseline: {ratio:.2f}x")
    # what ingest's main process does per page now: unpickle the rows and store them
    now = ms["current"]
    if "rows" in now:
        ingest_now = statistics.median(now["rows"]) + statistics.median(now["unpickle_rows"])
        before = ms.get("baseline", now)
        ingest_before = statistics.median(before["page"]) + statistics.median(before["unpickle_page"])
        which = "baseline" if baseline else "current"
        print(
            f"main process per page, unpickle + store: {ingest_now:.2f} ms from rows (current)"
            f" vs {ingest_before:.2f} ms from Page objects ({which}): {ingest_now / ingest_before:.2f}x"
        )


def _statement_kind(sql: str) -> str:
    """A statement's kind: its first words, its placeholders folded (IN (?,?,?) and IN (?) alike)."""
    import re

    return re.sub(r"\(\?(?:, ?\?)*\)", "(?...)", " ".join(sql.split()))[:72]


class _TimedConnection:
    """A sqlite3 connection whose execute/executemany add their CPU time to a tally by statement kind;
    statements starting with `skip` are not run (to leave the search index unfilled)."""

    def __init__(self, db, tally: dict[str, float], skip: str | None = None):
        self._db, self._tally, self._skip = db, tally, skip

    def __getattr__(self, name: str):
        return getattr(self._db, name)

    def _timed(self, method, label: str, sql: str, *args):
        if self._skip and sql.startswith(self._skip):
            return None
        t0 = time.process_time()
        try:
            return method(sql, *args)
        finally:
            key = f"{label} {_statement_kind(sql)}"
            self._tally[key] = self._tally.get(key, 0.0) + time.process_time() - t0

    def execute(self, sql: str, *args):
        return self._timed(self._db.execute, "execute", sql, *args)

    def executemany(self, sql: str, *args):
        return self._timed(self._db.executemany, "executemany", sql, *args)


def writer_split_once(rows: list, parents: dict, *, search_index: bool) -> tuple[float, dict[str, float]]:
    """CPU ms per page of storing the rows by groups, in total and by statement kind."""
    from triage.store import Store, open_store

    tally: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(str(Path(tmp) / "split.db"), write=True) as store:
            store.topic_parents = parents
            raw = store.db
            # without the index, the items' search rows are dropped instead of indexed at the commit
            store.db = _TimedConnection(raw, tally, skip=None if search_index else "INSERT INTO items_fts")
            t0 = time.process_time()
            with store.group_commits(seconds=float("inf")):  # groups of GROUP_PAGES pages, whatever the load
                for page in rows:
                    store.add_page(page)
            total = time.process_time() - t0
            store.db = raw
            assert isinstance(store, Store)
    pages = len(rows)
    return total * 1000 / pages, {k: v * 1000 / pages for k, v in tally.items()}


def bench_writer_split(runs: int) -> None:
    from triage.pipeline import parse_page
    from triage.query import load_topic_tree
    from triage.read import iter_pages
    from triage.store import page_rows
    from triage.topics import load_tagger

    tagger = load_tagger()
    parents = load_topic_tree().parents
    pages = [parse_page(raw, tagger=tagger) for raw in iter_pages([str(CORPUS)]) if not isinstance(raw, Exception)]
    rows = [page_rows(page, parents) for page in pages]
    items = sum(len(page.items) for page in pages)
    print(f"ingest writer by statement: {len(pages)} corpus pages, {items} items, stored from their rows by groups")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU ms per page, medians of {runs} runs")
    for search_index in (True, False):
        totals, tallies = [], []
        for _ in range(runs):
            total, tally = writer_split_once(rows, parents, search_index=search_index)
            totals.append(total)
            tallies.append(tally)
        kinds = sorted({k for t in tallies for k in t}, key=lambda k: -statistics.median(t.get(k, 0) for t in tallies))
        print(f"{'with' if search_index else 'WITHOUT'} the search index: {statistics.median(totals):.3f} ms per page")
        for kind in kinds:
            print(f"  {statistics.median(t.get(kind, 0.0) for t in tallies):7.3f}  {kind}")


SEARCH_TERMS = [
    ["人工智能"],
    ["新能源汽车"],
    ["OpenAI"],
    ["openai"],
    ["Apple", "iPhone"],
    ["the"],
    ["École"],
    ["école"],
]
SEARCH_COMMIT_ROWS = 430  # rows per commit when indexing as ingest does (16 pages of about 27 items)


def _phrase_query(terms: list[str]) -> tuple[str, list[str]]:
    """What `triage filter -q` asks of the detail=full index (query.where_clause)."""
    phrases = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
    return "SELECT rowid FROM items_fts WHERE items_fts MATCH ?", [phrases]


def _like_query(terms: list[str], table: str) -> tuple[str, list[str]]:
    """The same through a detail=none/column trigram index: LIKE per column (an OR of columns, or an
    ESCAPE clause, makes SQLite scan the whole table instead), rows of every term intersected."""
    arm = f"SELECT rowid FROM {table} WHERE title LIKE ? UNION SELECT rowid FROM {table} WHERE text LIKE ?"
    sql = " INTERSECT ".join(f"SELECT * FROM ({arm})" for _ in terms)
    return sql, [f"%{t}%" for t in terms for _ in (0, 1)]


def _cpu_ms(db, sql: str, params: list[str], runs: int) -> tuple[set[int], float]:
    times, rows = [], set()
    for _ in range(runs):
        t0 = time.process_time()
        rows = {r[0] for r in db.execute(sql, params)}
        times.append((time.process_time() - t0) * 1000)
    return rows, statistics.median(times)


def _case_folding(db) -> str:
    """Phrases fold the case of every letter (the trigram tokenizer's), LIKE only ASCII's."""
    spellings = ["École normale", "ÉCOLE NORMALE", "école normale"]
    db.execute("CREATE TEMP TABLE cases (seq INTEGER PRIMARY KEY, title TEXT, text TEXT)")
    db.executemany("INSERT INTO cases VALUES (?, ?, '')", enumerate(spellings, 1))
    found = {}
    for detail in ("full", "none"):
        db.execute(
            f"CREATE VIRTUAL TABLE temp.cases_{detail} USING fts5(title, text, content='cases', content_rowid='seq',"
            f" tokenize='trigram', detail={detail})"
        )
        db.execute(f"INSERT INTO cases_{detail} (cases_{detail}) VALUES ('rebuild')")
    found["MATCH"] = len(db.execute("SELECT rowid FROM cases_full WHERE cases_full MATCH '\"école\"'").fetchall())
    found["LIKE"] = len(db.execute("SELECT rowid FROM cases_none WHERE title LIKE '%école%'").fetchall())
    return f"non-ASCII case: of {spellings}, 'école' finds {found['MATCH']} by phrase, {found['LIKE']} by LIKE"


def bench_search_index(store_db: Path, runs: int) -> None:
    """On a copy of the store's items: (1) detail=none/column trigram indexes searched with LIKE
    against the detail=full index searched with phrases (rows and CPU per query); (2) the FTS5
    automerge width: the items indexed in ingest-sized commits with 4 (the default) and 8, the CPU
    of indexing and of the same phrase queries."""
    import sqlite3

    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        copy = Path(tmp) / "search.db"
        db = sqlite3.connect(copy, isolation_level=None)
        db.execute("ATTACH ? AS src", (str(store_db),))
        db.execute("CREATE TABLE items AS SELECT seq, title, text FROM src.items")
        db.execute("DETACH src")
        items = db.execute("SELECT count(*) FROM items").fetchone()[0]
        print(f"search index: {items:,} items of {store_db}; CPU ms (time.process_time), medians of {runs}")
        tables = {"full": "items_fts", "column": "fts_column", "none": "fts_none"}
        for detail, table in tables.items():
            t0 = time.process_time()
            db.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5(title, text, content='items', content_rowid='seq',"
                f" tokenize='trigram', detail={detail})"
            )
            db.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
            print(f"  detail={detail:<6} built in one pass: {time.process_time() - t0:.1f} s CPU")
        for terms in SEARCH_TERMS:
            full, full_ms = _cpu_ms(db, *_phrase_query(terms), runs)
            line = f"  {' '.join(terms)!r:<16} detail=full MATCH {len(full)} rows {full_ms:.2f} ms"
            for detail in ("column", "none"):
                rows, ms = _cpu_ms(db, *_like_query(terms, tables[detail]), runs)
                line += f"; detail={detail} LIKE {len(rows)} rows {ms:.2f} ms {'same' if rows == full else 'DIFFERENT'}"
            print(line)
        print("  " + _case_folding(db))
        rows = db.execute("SELECT seq, title, text FROM items ORDER BY seq").fetchall()
        db.close()
        for merge in (4, 8):
            path = Path(tmp) / f"merge{merge}.db"
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("CREATE TABLE items (seq INTEGER PRIMARY KEY, title TEXT, text TEXT)")
            db.execute(
                "CREATE VIRTUAL TABLE items_fts USING fts5(title, text, content='items', content_rowid='seq',"
                " tokenize='trigram')"
            )
            db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', ?)", (merge,))
            db.execute("BEGIN")
            db.executemany("INSERT INTO items VALUES (?, ?, ?)", rows)
            db.execute("COMMIT")
            t0 = time.process_time()
            for start in range(0, len(rows), SEARCH_COMMIT_ROWS):
                db.execute("BEGIN")
                db.executemany(
                    "INSERT INTO items_fts (rowid, title, text) VALUES (?, ?, ?)",
                    rows[start : start + SEARCH_COMMIT_ROWS],
                )
                db.execute("COMMIT")
            seconds = time.process_time() - t0
            queries = ", ".join(f"{_cpu_ms(db, *_phrase_query(t), runs)[1]:.2f}" for t in SEARCH_TERMS)
            print(
                f"  automerge {merge}: indexed in commits of {SEARCH_COMMIT_ROWS} rows in {seconds:.1f} s CPU;"
                f" the queries above: {queries} ms"
            )
            db.close()


FIRE_SAFETY = """[topics.fire-safety]
parent = "disaster-accident"
zh = "消防"
en = "Fire safety"
terms = ["消防", "灭火", "火灾"]
"""


def tag_only(db: Path) -> None:
    """Tag every stored item as retag does, writing nothing (the baseline of bench_retag)."""
    from triage.store import open_store
    from triage.store_retag import BATCH
    from triage.topics import load_tagger

    tagger = load_tagger()
    with open_store(str(db)) as store:
        last = 0
        while batch := store.items_to_tag(last, BATCH):
            tagger.tag_items([item for _, item in batch])
            last = batch[-1][0]


def bench_retag(store_db: Path, runs: int) -> None:
    from triage.store import open_store

    with open_store(str(store_db)) as store:
        n_items = store.counts()["items"]
    triage = shutil.which("triage") or str(Path(sys.executable).parent / "triage")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR", "TRIAGE_TAXONOMY")}
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        copy = Path(tmp) / "retag.db"
        shutil.copyfile(store_db, copy)
        fire = Path(tmp) / "fire.toml"
        fire.write_text(FIRE_SAFETY, encoding="utf-8")
        first_ms, first_cpu, _ = run_ms([triage, "retag", "--db", str(copy)], env)
        commands = {
            "tag only": ([sys.executable, __file__, "--tag-only", str(copy)], env),
            "retag, one more topic": ([triage, "retag", "--db", str(copy), "--taxonomy", str(fire)], env),
            "retag, built-in taxonomy": ([triage, "retag", "--db", str(copy)], env),
        }
        results = interleaved_medians(commands, runs)
        # what each retag rewrote, as it reports it (its summary line on stderr)
        summaries = {
            name: subprocess.run(commands[name][0], env=env, capture_output=True, text=True).stderr.strip()
            for name in ("retag, one more topic", "retag, built-in taxonomy")
        }
    print(
        f"store: {store_db} ({n_items:,} items); medians of {runs} interleaved runs; load average"
        f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"{'first retag (most items rewritten)':<36} {first_ms / 1000:7.1f} s wall / {first_cpu / 1000:6.1f} s CPU"
        f"   {n_items / first_ms * 1000:8,.0f} items/s"
    )
    base_ms = results["tag only"][0]
    for name, (ms, cpu, _) in results.items():
        ratio = "" if name == "tag only" else f"   {ms / base_ms:.2f}x tag only"
        print(
            f"{name:<36} {ms / 1000:7.1f} s wall / {cpu / 1000:6.1f} s CPU   {n_items / ms * 1000:8,.0f} items/s{ratio}"
        )
    for name, summary in summaries.items():
        print(f"{name}: {summary}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--topic", default="science-technology")
    ap.add_argument("--since", default="2025-01-01")
    ap.add_argument("--writer", action="store_true", help="the ingest writer's CPU per page instead")
    ap.add_argument("--baseline", type=Path, help="with --writer: a directory holding the triage to compare with")
    ap.add_argument("--writer-split", action="store_true", help="the writer's CPU by SQL statement kind")
    ap.add_argument("--store-pages-cpu", type=Path, help=argparse.SUPPRESS)  # the child of --writer
    ap.add_argument("--search-index", action="store_true", help="FTS5 detail and automerge, on the store's items")
    ap.add_argument("--retag", action="store_true", help="triage retag on a copy of the store")
    ap.add_argument("--tag-only", type=Path, help=argparse.SUPPRESS)  # the baseline child of --retag
    args = ap.parse_args()
    if args.tag_only:
        tag_only(args.tag_only)
        return
    if args.store_pages_cpu:
        store_pages_cpu(args.store_pages_cpu)
        return
    if args.writer:
        bench_writer(args.runs, args.baseline)
        return
    if args.writer_split:
        bench_writer_split(args.runs)
        return

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"store_{args.items}.db"
    stale = db.exists() and not args.rebuild and schema_of(db) != current_schema()
    if stale:  # built by an earlier triage: its figures would be another schema's, or its queries fail
        print(f"{db} has another schema than today's store: building it again", flush=True)
    if args.rebuild or stale or not db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        build(db, args.items)
    if args.search_index:
        bench_search_index(db, args.runs)
        return
    if args.retag:
        bench_retag(db, args.runs)
        return

    triage = shutil.which("triage") or str(Path(sys.executable).parent / "triage")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env["TRIAGE_DB"] = str(db)
    filter_cmd = [triage, "filter", "--topic", args.topic, "--since", args.since]
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO)
        empty_env = dict(env, TRIAGE_DB=str(Path(tmp) / "empty.db"))
        commands = {
            "hello": ([sys.executable, str(hello)], env),
            "empty": ([triage, "list"], empty_env),
            "list": ([triage, "list"], env),
            "filter": (filter_cmd, env),
        }
        results = interleaved_medians(commands, args.runs)

    hello_ms, hello_cpu, _ = results["hello"]
    load = os.getloadavg()[0]
    print(f"store: {db} ({db.stat().st_size / 1e6:.0f} MB); medians of {args.runs} interleaved runs, stdout a pipe")
    print(f"load average {load:.1f} on {os.cpu_count()} cores; wall time / CPU time (user+sys)")
    print(f"typer hello-world            {hello_ms:7.1f} ms / {hello_cpu:6.1f} ms")
    for name, label in (("empty", "triage list (empty store)"), ("list", f"triage list ({args.items:,} items)")):
        ms, cpu, out = results[name]
        print(
            f"{label:<28} {ms:7.1f} ms / {cpu:6.1f} ms   {ms / hello_ms:.2f}x / {cpu / hello_cpu:.2f}x hello-world"
            f" (target <= 1.3x); {len(out.splitlines())} rows"
        )
    ms, cpu, out = results["filter"]
    print(f"triage filter --topic {args.topic} --since {args.since}")
    print(f"{'':<28} {ms:7.1f} ms / {cpu:6.1f} ms   {len(out.splitlines())} rows (target <= 300 ms wall)")
    sql = sql_medians(db, args.topic, args.since, args.runs)
    print(f"the SQL alone, in-process: list {sql['list']:.2f} ms, filter {sql['filter']:.2f} ms")


if __name__ == "__main__":
    main()

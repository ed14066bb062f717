"""The SQLite store: one file, numbered migrations recorded in it, WAL, one transaction per page.

Pages are identified by the sha256 of their text and items by their content-derived ids
(models.story_id / sidebar_id), so storing the same content twice changes nothing, and a sidebar
item repeated across a site is one row linked to every page it appeared on.

Safety first: a file that is not a triage store (another program's database, a text file, a corrupt
file) is detected from its header and schema before anything is written to it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from json.encoder import encode_basestring
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from triage.errors import NotFoundError, StoreError
from triage.query import LIST_FIELDS, Filters, listing_sql
from triage.sanitize import is_clean, strip_escapes

if TYPE_CHECKING:
    from triage.models import Item, Page

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT = 5.0  # seconds to wait for another writer before giving up
MIGRATIONS_TABLE = "_triage_migrations"


def default_db_path(environ: dict[str, str] | None = None) -> str:
    """TRIAGE_DB, else $XDG_DATA_HOME/triage/triage.db, else ~/.local/share/triage/triage.db."""
    environ = os.environ if environ is None else environ
    if environ.get("TRIAGE_DB"):
        return environ["TRIAGE_DB"]
    base = environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "triage", "triage.db")


# ---------------------------------------------------------------------------------------------
# Migrations: applied in order, each recorded by name in the database (as simonw/llm does).


def _execute_script(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT the migration's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def m001_initial(db: sqlite3.Connection) -> None:
    _execute_script(
        db,
        """
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,          -- the first path or URL it was read from
            encoding TEXT,
            url TEXT,
            crawl_time TEXT,
            page_time TEXT,
            ingested_at TEXT NOT NULL
        );
        -- every path/URL a page was read from: resumable batches skip sources already done
        CREATE TABLE page_sources (
            source TEXT NOT NULL,
            page_id INTEGER NOT NULL REFERENCES pages(id),
            PRIMARY KEY (source, page_id)
        ) WITHOUT ROWID;
        CREATE INDEX page_sources_page ON page_sources(page_id);
        CREATE TABLE items (
            seq INTEGER PRIMARY KEY,       -- ingest order
            id TEXT NOT NULL UNIQUE,       -- content-derived, 12 hex
            kind TEXT NOT NULL CHECK (kind IN ('story', 'sidebar')),
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            section TEXT,
            source TEXT,                   -- the outlet
            author TEXT,
            published TEXT,                -- ISO at its precision
            published_raw TEXT,
            truncated INTEGER NOT NULL DEFAULT 0,
            topic TEXT,                    -- best topic slug, kept on the row for listings
            dates TEXT NOT NULL DEFAULT '[]',
            keywords TEXT NOT NULL DEFAULT '[]',
            links TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX items_published ON items(published);
        CREATE INDEX items_kind_published ON items(kind, published);
        CREATE INDEX items_source ON items(source);
        CREATE TABLE item_pages (
            item_seq INTEGER NOT NULL REFERENCES items(seq),
            page_id INTEGER NOT NULL REFERENCES pages(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (item_seq, page_id)
        ) WITHOUT ROWID;
        CREATE INDEX item_pages_page ON item_pages(page_id, position);
        -- an item's topics and, marked direct = 0, their ancestors in the taxonomy, so that a
        -- filter on a parent is one range of the (slug, published) index, already newest first
        CREATE TABLE item_topics (
            item_seq INTEGER NOT NULL REFERENCES items(seq),
            slug TEXT NOT NULL,
            rank INTEGER NOT NULL,
            score REAL NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',
            direct INTEGER NOT NULL DEFAULT 1,
            published TEXT,                -- the item's, copied for the index
            PRIMARY KEY (item_seq, slug)
        ) WITHOUT ROWID;
        CREATE INDEX item_topics_slug_published ON item_topics(slug, published, item_seq);
        -- trigram tokens work for Chinese, which has no spaces between words
        CREATE VIRTUAL TABLE items_fts USING fts5(
            title, text, content='items', content_rowid='seq', tokenize='trigram'
        );
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [m001_initial]


# ---------------------------------------------------------------------------------------------


GROUP_PAGES = 16  # pages per commit within group_commits(): a commit's cost shared, little redone after a crash
GROUP_SECONDS = 0.5  # and at most this long between commits, so readers see a slow ingest progress


class _Group:
    """The open group of group_commits(): its limits, and what it holds so far."""

    __slots__ = ("max_pages", "max_seconds", "pages", "started")

    def __init__(self, max_pages: int, max_seconds: float):
        self.max_pages, self.max_seconds = max_pages, max_seconds
        self.pages, self.started = 0, 0.0


class AddResult(NamedTuple):
    """What storing one page did."""

    new_page: bool
    items_added: int
    items_existing: int  # already stored from another page (or this page, earlier)


class Forgotten(NamedTuple):
    """What forgetting some pages did (or, in a dry run, would do)."""

    pages: int
    items: int  # held by no other page: gone with the pages
    items_kept: int  # also held by another page: kept, linked to it


def _check_header(path: str) -> None:
    """Refuse a file that is not SQLite before SQLite (or we) write anything into it."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there yet: creating it is checked when the directory is made
    except OSError as e:
        raise StoreError(f"{path}: cannot read ({e.strerror})") from None
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # Opening a FIFO would wait forever for a writer; a device is no place for a store.
        raise StoreError(f"{path}: not a regular file; refusing to use it as a database")
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there yet: creating it is checked when the directory is made
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory, not a database file") from None
    except OSError as e:
        raise StoreError(f"{path}: cannot read ({e.strerror})") from None
    if head and head != SQLITE_HEADER:
        raise StoreError(f"{path}: not a SQLite database; refusing to touch it (choose another --db)")


def _describe(path: str, e: sqlite3.Error, timeout: float) -> str:
    msg = str(e)
    if "locked" in msg or "busy" in msg:
        return f"{path}: database is locked by another process (waited {timeout:g} s)"
    if "malformed" in msg or "not a database" in msg or "corrupt" in msg:
        return f"{path}: corrupt database ({msg})"
    if "readonly" in msg or "read-only" in msg:
        return f"{path}: database is read-only ({msg})"
    if "unable to open" in msg:
        return f"{path}: cannot open database (is the location writable?)"
    return f"{path}: {msg}"


class Store:
    """A triage database. Open with open_store(); use as a context manager to close it."""

    def __init__(self, db: sqlite3.Connection, path: str, timeout: float):
        self.db = db
        self.path = path
        self.timeout = timeout
        # slug -> parent of the taxonomy used at ingest: stored items carry their topics' ancestors
        self.topic_parents: dict[str, str | None] = {}
        self._group: _Group | None = None  # set within group_commits()
        # (seq, title, text) of the items stored since the last commit, indexed for search at the
        # commit: FTS5 writes an index segment at every savepoint it is part of, so indexing page by
        # page (each page a savepoint) wrote and merged a segment per page.
        self._search_rows: list[tuple[int, str, str]] = []

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close()
        if isinstance(exc, sqlite3.Error):
            # A read that failed after _run (a row that is not UTF-8, a damaged page met while
            # fetching) is still a one-line store error, not a traceback.
            raise StoreError(_describe(self.path, exc, self.timeout)) from None

    def close(self) -> None:
        self.db.close()

    # -- errors --------------------------------------------------------------------------------

    def _run(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, params)
        except sqlite3.Error as e:
            raise StoreError(_describe(self.path, e, self.timeout)) from None

    # -- writing -------------------------------------------------------------------------------

    def add_page(self, page: Page | PageRows, *, now: str | None = None) -> AddResult:
        """Store one page and its items in one transaction (within group_commits(), a savepoint of
        the group's transaction); storing it again changes nothing. The page may come as its rows
        already (page_rows, built by an ingest worker)."""
        if self._group is not None:
            return self._add_page_in_group(page, now or _now())
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                result = self._insert_page(page, now or _now())
            except BaseException:
                self._search_rows.clear()
                _rollback(self.db)
                raise
            self._commit()
        except sqlite3.Error as e:
            raise StoreError(_describe(self.path, e, self.timeout)) from None
        return result

    def _commit(self) -> None:
        """Index the new items for search, then commit; on failure nothing of the transaction stays
        (the items and their search rows go together)."""
        rows, self._search_rows = self._search_rows, []
        try:
            if rows:
                self.db.executemany("INSERT INTO items_fts (rowid, title, text) VALUES (?, ?, ?)", rows)
            self.db.execute("COMMIT")
        except BaseException:
            _rollback(self.db)
            raise

    @contextmanager
    def group_commits(self, pages: int = GROUP_PAGES, seconds: float = GROUP_SECONDS) -> Iterator[None]:
        """Within this block add_page commits by groups of pages (every `pages` pages or `seconds`):
        a commit costs more than storing a page (about 2 ms: the WAL write). Each page stays all or
        nothing (a savepoint); a crash loses at most the open group, which the next ingest stores
        (those pages are not there to be skipped). Leaving the block commits the pages stored."""
        self._group = _Group(pages, seconds)
        try:
            yield
        finally:
            self._group = None
            try:
                if self.db.in_transaction:
                    self._commit()
            except sqlite3.Error as e:
                raise StoreError(_describe(self.path, e, self.timeout)) from None

    def commit_group(self) -> None:
        """Commit the pages of the open group now (ingest calls it while it waits for its workers,
        so a slow page does not keep the store locked with finished pages unseen)."""
        if self._group is not None and self.db.in_transaction:
            try:
                self._commit()
            except sqlite3.Error as e:
                raise StoreError(_describe(self.path, e, self.timeout)) from None

    def _add_page_in_group(self, page: Page | PageRows, now: str) -> AddResult:
        db, group = self.db, self._group
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
                group.pages, group.started = 0, time.monotonic()
            db.execute("SAVEPOINT page")
            searched = len(self._search_rows)
            try:
                result = self._insert_page(page, now)
                db.execute("RELEASE page")
            except BaseException:
                if db.in_transaction:  # SQLite may have rolled back already (a full disk)
                    db.execute("ROLLBACK TO page")
                    db.execute("RELEASE page")
                    del self._search_rows[searched:]
                else:
                    self._search_rows.clear()
                raise
            group.pages += 1
            if group.pages >= group.max_pages or time.monotonic() - group.started >= group.max_seconds:
                self._commit()
        except sqlite3.Error as e:
            # this page is undone; the pages stored before it are committed when the group ends
            raise StoreError(_describe(self.path, e, self.timeout)) from None
        return result

    def add_pages_bulk(self, pages: list[Page | PageRows], *, now: str | None = None) -> None:
        """Many pages in one transaction: for building large stores fast (benchmarks, imports)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for page in pages:
                    self._insert_page(page, now or _now())
            except BaseException:
                self._search_rows.clear()
                _rollback(self.db)
                raise
            self._commit()
        except sqlite3.Error as e:
            raise StoreError(_describe(self.path, e, self.timeout)) from None

    def _insert_page(self, page: Page | PageRows, now: str) -> AddResult:
        db = self.db
        if not isinstance(page, PageRows):
            page = page_rows(page, self.topic_parents)
        row = db.execute("SELECT id FROM pages WHERE sha256 = ?", (page.sha256,)).fetchone()
        if row:
            db.execute("INSERT OR IGNORE INTO page_sources (source, page_id) VALUES (?, ?)", (page.source, row[0]))
            return AddResult(new_page=False, items_added=0, items_existing=len(page.positions))
        page_id = db.execute(
            "INSERT INTO pages (sha256, source, encoding, url, crawl_time, page_time, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (page.sha256, page.source, page.encoding, page.url, page.crawl_time, page.page_time, now),
        ).lastrowid
        db.execute("INSERT INTO page_sources (source, page_id) VALUES (?, ?)", (page.source, page_id))
        # One query for the items already stored (most of a site's sidebar): they are linked to
        # this page, not offered to INSERT OR IGNORE one by one.
        seq_of = self._stored_seqs([item_id for item_id, _ in page.positions])
        new_items = [item for item in page.items if item[0][0] not in seq_of]
        if new_items:
            self._insert_items(new_items, seq_of)
        links = [(seq_of[item_id], page_id, position) for item_id, position in page.positions]
        db.executemany("INSERT OR IGNORE INTO item_pages (item_seq, page_id, position) VALUES (?, ?, ?)", links)
        added = len(new_items)
        return AddResult(new_page=True, items_added=added, items_existing=len(page.positions) - added)

    def _stored_seqs(self, ids: list[str]) -> dict[str, int]:
        """id -> seq of those of ids already stored."""
        found: dict[str, int] = {}
        unique = list(dict.fromkeys(ids))
        for chunk, marks in _in_chunks(unique):
            found.update(self.db.execute(f"SELECT id, seq FROM items WHERE id IN ({marks})", chunk).fetchall())
        return found

    def _insert_items(self, items: list[tuple[tuple, list[tuple]]], seq_of: dict[str, int]) -> None:
        """Insert new items ((row, topic rows) of page_rows: distinct ids, none stored yet), each
        statement once for all of them; their search rows wait for the commit (_commit). Their seqs
        are given here, as SQLite would (one more than the largest), so that the topic rows can name them."""
        db = self.db
        last = db.execute("SELECT max(seq) FROM items").fetchone()[0] or 0
        rows, topic_rows = [], []
        for seq, (row, topics) in enumerate(items, start=last + 1):
            seq_of[row[0]] = seq
            rows.append((seq, *row))
            self._search_rows.append((seq, row[2], row[3]))
            topic_rows += [(seq, *topic) for topic in topics]
        db.executemany(
            "INSERT INTO items (seq, id, kind, title, text, section, source, author, published,"
            " published_raw, truncated, topic, dates, keywords, links) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.executemany(
            "INSERT OR IGNORE INTO item_topics (item_seq, slug, rank, score, evidence, direct, published)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            topic_rows,
        )

    # -- tagging again --------------------------------------------------------------------------

    def items_to_tag(self, after_seq: int, limit: int) -> list[tuple[int, Item]]:
        """Up to `limit` stored items after the one numbered after_seq, in ingest order, each with its seq:
        what tagging reads (title, text) and what their tag rows carry (published)."""
        from triage.models import Item

        rows = self._run(
            "SELECT seq, id, kind, title, text, published FROM items WHERE seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        ).fetchall()
        return [
            (seq, Item(id=id_, kind=kind, title=title, text=text, position=0, published=published))
            for seq, id_, kind, title, text, published in rows
        ]

    def replace_tags(self, tags: dict[int, TagRows]) -> tuple[int, int]:
        """Rewrite the tags of stored items (seq -> their new rows) in one transaction: all or none.
        Items whose tags are the same are left alone. Returns how many were rewritten and, of those, how
        many have other topics (slugs or their order; not only scores, evidence or keywords)."""
        rewritten = moved = 0
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                old = self._tags_of(list(tags))
                for seq, new in tags.items():
                    if old.get(seq) == new:
                        continue
                    rewritten += 1
                    moved += _slugs(old.get(seq)) != _slugs(new)
                    self.db.execute("DELETE FROM item_topics WHERE item_seq = ?", (seq,))
                    self.db.executemany(
                        "INSERT INTO item_topics (item_seq, slug, rank, score, evidence, direct, published)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(seq, *row) for row in new.topics],
                    )
                    self.db.execute(
                        "UPDATE items SET topic = ?, keywords = ? WHERE seq = ?", (new.topic, new.keywords, seq)
                    )
                self.db.execute("COMMIT")
            except BaseException:
                _rollback(self.db)
                raise
        except sqlite3.Error as e:
            raise StoreError(_describe(self.path, e, self.timeout)) from None
        return rewritten, moved

    def _tags_of(self, seqs: list[int]) -> dict[int, TagRows]:
        """The stored tags of some items, as tag_rows gives them."""
        found: dict[int, TagRows] = {}
        for chunk, marks in _in_chunks(seqs):
            for seq, topic, keywords in self.db.execute(
                f"SELECT seq, topic, keywords FROM items WHERE seq IN ({marks})", chunk
            ):
                found[seq] = TagRows(topic, keywords, [])
            for seq, *row in self.db.execute(
                "SELECT item_seq, slug, rank, score, evidence, direct, published FROM item_topics"
                f" WHERE item_seq IN ({marks}) ORDER BY item_seq, rank",
                chunk,
            ):
                found[seq].topics.append(tuple(row))
        return found

    # -- forgetting -----------------------------------------------------------------------------

    def pages_read_from(self, text: str) -> list[int]:
        """The pages read from a path or URL that contains text (a directory, a crawl file, a site)."""
        rows = self._run("SELECT DISTINCT page_id FROM page_sources WHERE instr(source, ?) ORDER BY page_id", (text,))
        return [row[0] for row in rows]

    def forget_pages(self, page_ids: list[int], *, dry_run: bool = False) -> Forgotten:
        """Remove pages and the items no other page holds, in one transaction (the search index
        included); an item another page also holds stays, linked to that page. Ingesting a forgotten
        page again stores it again. With dry_run, everything is done and then rolled back: the
        counts are those of the real thing."""
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                forgotten = self._forget(sorted(set(page_ids)))
                if dry_run:
                    _rollback(db)
                else:
                    db.execute("COMMIT")
            except BaseException:
                _rollback(db)
                raise
            finally:
                db.execute("DROP TABLE IF EXISTS temp.forget_pages")
                db.execute("DROP TABLE IF EXISTS temp.forget_items")
        except sqlite3.Error as e:
            raise StoreError(_describe(self.path, e, self.timeout)) from None
        return forgotten

    def _forget(self, page_ids: list[int]) -> Forgotten:
        db = self.db
        # the pages and the items they hold in temporary tables: any number of them, in set-wise statements
        db.execute("CREATE TEMP TABLE forget_pages (id INTEGER PRIMARY KEY)")
        db.executemany("INSERT INTO temp.forget_pages (id) VALUES (?)", [(i,) for i in page_ids])
        pages = db.execute("SELECT count(*) FROM pages WHERE id IN (SELECT id FROM temp.forget_pages)").fetchone()[0]
        db.execute("CREATE TEMP TABLE forget_items (seq INTEGER PRIMARY KEY)")
        db.execute(
            "INSERT INTO temp.forget_items (seq) SELECT DISTINCT item_seq FROM item_pages"
            " WHERE page_id IN (SELECT id FROM temp.forget_pages)"
        )
        held = db.execute("SELECT count(*) FROM temp.forget_items").fetchone()[0]
        db.execute("DELETE FROM item_pages WHERE page_id IN (SELECT id FROM temp.forget_pages)")
        # items still on another page stay
        db.execute(
            "DELETE FROM temp.forget_items WHERE seq IN (SELECT item_seq FROM item_pages"
            " WHERE item_seq IN (SELECT seq FROM temp.forget_items))"
        )
        gone = "SELECT seq FROM temp.forget_items"
        # an external-content index forgets a row by being told the values it indexed
        db.execute(
            "INSERT INTO items_fts (items_fts, rowid, title, text)"
            f" SELECT 'delete', seq, title, text FROM items WHERE seq IN ({gone})"
        )
        db.execute(f"DELETE FROM item_topics WHERE item_seq IN ({gone})")
        items = db.execute(f"DELETE FROM items WHERE seq IN ({gone})").rowcount
        db.execute("DELETE FROM page_sources WHERE page_id IN (SELECT id FROM temp.forget_pages)")
        db.execute("DELETE FROM pages WHERE id IN (SELECT id FROM temp.forget_pages)")
        return Forgotten(pages, items, held - items)

    # -- reading -------------------------------------------------------------------------------

    def has_source(self, source: str) -> bool:
        """Whether a path/URL was already stored (for resumable batches)."""
        return self._run("SELECT 1 FROM page_sources WHERE source = ? LIMIT 1", (source,)).fetchone() is not None

    def has_page_source(self, sha256: str, source: str) -> bool:
        """This content from this path/URL is stored already: a rerun need not parse it again."""
        row = self._run(
            "SELECT 1 FROM pages p JOIN page_sources ps ON ps.page_id = p.id WHERE p.sha256 = ? AND ps.source = ?",
            (sha256, source),
        ).fetchone()
        return row is not None

    def counts(self) -> dict[str, int]:
        pages = self._run("SELECT count(*) FROM pages").fetchone()[0]
        items = self._run("SELECT count(*) FROM items").fetchone()[0]
        return {"pages": pages, "items": items}

    def listing(self, filters: Filters, fields: list[str], limit: int | None) -> Iterator[dict[str, Any]]:
        """Rows for `list`/`filter`, streamed: one SQL query, whatever the filters."""
        sql, params = listing_sql(filters, fields, limit)
        cur = self._run(sql, params)
        names = [d[0] for d in cur.description]
        try:
            for row in cur:
                yield {name: _field_value(name, value) for name, value in zip(names, row, strict=True)}
        except sqlite3.Error as e:
            raise StoreError(_describe(self.path, e, self.timeout)) from None

    def explain(self, filters: Filters, fields: list[str], limit: int | None) -> list[str]:
        """The query plan of a listing (used by tests to check that indexes are used)."""
        sql, params = listing_sql(filters, fields, limit)
        return [row[3] for row in self._run("EXPLAIN QUERY PLAN " + sql, params)]

    def resolve_item(self, prefix: str) -> str:
        """The full id of the one item whose id starts with prefix (like git's short ids)."""
        return self._resolve(prefix, "items", "id", "item")

    def resolve_page(self, prefix: str) -> int:
        """A page by a prefix of its sha256 or of its story's id (like git's short ids)."""
        key = prefix.strip().lower()
        if not key or not all(c in "0123456789abcdef" for c in key):
            raise NotFoundError(f"no page {prefix!r}: ids are hexadecimal, like 3f2a9c")
        # A range over each unique index, not LIKE: fast on a million rows.
        by_sha = self._run(
            "SELECT id, sha256 FROM pages WHERE sha256 >= ? AND sha256 < ? ORDER BY sha256 LIMIT 11", (key, key + "g")
        ).fetchall()
        by_story = self._run(
            "SELECT ip.page_id, i.id FROM items i JOIN item_pages ip ON ip.item_seq = i.seq"
            " WHERE i.id >= ? AND i.id < ? AND i.kind = 'story' ORDER BY i.id LIMIT 11",
            (key, key + "g"),
        ).fetchall()
        exact = [page_id for page_id, story in by_story if story == key]  # a story's whole id is never ambiguous
        if exact:
            return exact[0]
        found = {page_id: name for page_id, name in by_sha + by_story}
        return self._one(found, prefix, "page")

    def _resolve(self, prefix: str, table: str, column: str, what: str) -> str:
        key = prefix.strip().lower()
        if not key or not all(c in "0123456789abcdef" for c in key):
            raise NotFoundError(f"no {what} {prefix!r}: ids are hexadecimal, like 3f2a9c")
        # A range over the unique index, not LIKE: fast on a million rows. table/column are constants.
        rows = self._run(
            f"SELECT {column} FROM {table} WHERE {column} >= ? AND {column} < ? ORDER BY {column} LIMIT 11",
            (key, key + "g"),
        ).fetchall()
        return self._one({row[0]: row[0] for row in rows}, prefix, what)

    @staticmethod
    def _one(found: dict, prefix: str, what: str):
        """The one key of found (key -> the id it was found by), or why there is not one."""
        if not found:
            raise NotFoundError(f"no {what} with id {prefix!r} (`triage list` shows the ids)")
        if len(found) > 1:
            names = list(found.values())
            shown = ", ".join(name[:12] for name in names[:10]) + (", ..." if len(names) > 10 else "")
            raise NotFoundError(f"{what} id {prefix!r} is ambiguous, give more of it: {shown}")
        return next(iter(found))

    def item_detail(self, item_id: str) -> dict[str, Any]:
        """Everything about one item: its fields, topics, dates, the files it came from, and for a
        story the sidebar items of its page."""
        self.db.row_factory = sqlite3.Row
        try:
            row = self._run("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no item with id {item_id!r}")
            item = dict(row)
            seq = item.pop("seq")
            topics = self._run(
                "SELECT slug, score, evidence FROM item_topics WHERE item_seq = ? AND direct ORDER BY rank", (seq,)
            ).fetchall()
            pages = self._run(
                "SELECT p.id, p.sha256, p.url, p.page_time, ip.position FROM item_pages ip JOIN pages p"
                " ON p.id = ip.page_id WHERE ip.item_seq = ? ORDER BY p.id",
                (seq,),
            ).fetchall()
            files = self._run(
                "SELECT DISTINCT ps.source FROM item_pages ip JOIN page_sources ps ON ps.page_id = ip.page_id"
                " WHERE ip.item_seq = ? ORDER BY ps.source",
                (seq,),
            ).fetchall()
            sidebar: list[dict[str, Any]] = []
            if item["kind"] == "story" and pages:
                sidebar = [
                    dict(r)
                    for r in self._run(
                        "SELECT i.id, i.section, i.title, i.published, i.topic FROM item_pages ip"
                        " JOIN items i ON i.seq = ip.item_seq WHERE ip.page_id = ? AND i.kind = 'sidebar'"
                        " ORDER BY ip.position",
                        (pages[0]["id"],),
                    )
                ]
        finally:
            self.db.row_factory = None
        item["truncated"] = bool(item["truncated"])
        for key in ("dates", "keywords", "links"):
            item[key] = json.loads(item[key])
        item["topics"] = [
            {"slug": t["slug"], "score": t["score"], "evidence": json.loads(t["evidence"])} for t in topics
        ]
        item["pages"] = [{"id": p["sha256"][:12], "url": p["url"], "page_time": p["page_time"]} for p in pages]
        item["files"] = [f["source"] for f in files]
        if item["kind"] == "story":
            item["sidebar"] = sidebar
        return item

    def topic_counts(self, slugs: list[str]) -> dict[str, int]:
        """Items per topic, the items of its descendants included (stored with their ancestors)."""
        return {
            slug: self._run("SELECT count(*) FROM item_topics WHERE slug = ?", (slug,)).fetchone()[0] for slug in slugs
        }


IN_CHUNK = 500  # values per `IN (...)`: far below SQLite's limit on bound parameters


def _in_chunks(values: list) -> Iterator[tuple[list, str]]:
    """values in chunks that one `IN (...)` may bind, each with its placeholders ('?,?,?')."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start : start + IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))


def _rollback(db: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already: after a full disk or an I/O error it
    rolls back by itself, and a second ROLLBACK would hide the real cause behind "no transaction"."""
    if db.in_transaction:
        db.execute("ROLLBACK")


def _now() -> str:
    import datetime as dt  # only writers need it

    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


# one encoder for every row (json.dumps with options builds a new one per call)
_json: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json_strings(strings: list[str]) -> str:
    """_json of a list of strings, the same text: the encoder's own escaping of each string (its
    encode_basestring, as ensure_ascii=False picks) joined by its separator, without the encoder's
    set-up per call (a new C encoder and closures: most of the cost of a short list)."""
    return "[" + ",".join(map(encode_basestring, strings)) + "]"


def _all_clean(strings: Iterable[str | None]) -> bool:
    """Whether every one of the strings is clean (sanitize.is_clean), by one check of them all joined
    by spaces, their newlines as spaces: is_clean judges character by character and rewrites neither,
    so the whole is clean exactly when every part is; without newlines (clean, but not printable),
    isprintable (a C loop) proves nearly all text clean without is_clean's regex."""
    return is_clean(" ".join(filter(None, strings)).replace("\n", " "))


def _inert(text: str | None) -> str | None:
    """Text made inert; text that is so already (nearly all: read sanitises pages) is kept as is."""
    return text if text is None or is_clean(text) else strip_escapes(text)


class TagRows(NamedTuple):
    """An item's tags as the store keeps them: its best topic (items.topic), its keywords (items.keywords, JSON)
    and its item_topics rows without the seq (the topics, then their ancestors)."""

    topic: str | None
    keywords: str
    topics: list[tuple]


class PageRows(NamedTuple):
    """A page as the store writes it: page_rows() builds it where the page was parsed (an ingest
    worker), so the one writer process only numbers the items and hands the rows to SQLite."""

    source: str
    encoding: str
    sha256: str
    url: str | None
    crawl_time: str | None
    page_time: str | None
    positions: list[tuple[str, int]]  # (item id, position) of every item, in page order
    # (items row without its seq, its item_topics rows without the seq) of the first copy of each id
    items: list[tuple[tuple, list[tuple]]]


def page_rows(page: Page, topic_parents: dict[str, str | None]) -> PageRows:
    """The rows of a page and its items (their text made inert, their lists as JSON), and each
    item's topics with their ancestors in the taxonomy (slug -> parent)."""
    first_copies: dict[str, Item] = {}
    for item in page.items:
        first_copies.setdefault(item.id, item)
    return PageRows(
        page.source,
        page.encoding,
        page.sha256,
        page.url,
        page.crawl_time,
        page.page_time,
        [(item.id, item.position) for item in page.items],
        [_item_row(item, topic_parents) for item in first_copies.values()],
    )


# the text fields of an item that the store keeps, made inert
_ITEM_TEXTS = attrgetter("title", "text", "section", "source", "author", "published_raw")


def _item_row(item: Item, topic_parents: dict[str, str | None]) -> tuple[tuple, list[tuple]]:
    """The items row of an item but its seq (title and text are 2 and 3), and its item_topics rows
    without the seq (_topic_rows), their text made inert."""
    texts, date_texts, links = _ITEM_TEXTS(item), [d.text for d in item.dates], item.links
    # read sanitises every page, so an item's text is nearly always clean already: one check of it all
    if not _all_clean(chain(texts, date_texts, links)):
        texts, date_texts, links = tuple(map(_inert, texts)), _inert_strings(date_texts), _inert_strings(links)
    title, text, section, source, author, published_raw = texts
    dates = (
        _json(
            [
                {"text": t, "value": d.value, "precision": d.precision}
                for t, d in zip(date_texts, item.dates, strict=True)
            ]
        )
        if date_texts
        else "[]"
    )
    tags = tag_rows(item, topic_parents)
    row = (
        item.id,
        item.kind,
        title or "",
        text or "",
        section,
        source,
        author,
        item.published,
        published_raw,
        int(item.truncated),
        tags.topic,
        dates,
        tags.keywords,
        _json_strings(links),
    )
    return row, tags.topics


def tag_rows(item: Item, topic_parents: dict[str, str | None]) -> TagRows:
    """What tagging wrote for an item, as the store keeps it (text made inert): what `retag` rewrites."""
    keywords, evidence = item.keywords, [t.evidence for t in item.topics]
    if not _all_clean(chain(keywords, *evidence)):  # a user's taxonomy term may hold anything
        keywords, evidence = _inert_strings(keywords), list(map(_inert_strings, evidence))
    topic = item.topics[0].slug if item.topics else None
    return TagRows(topic, _json_strings(keywords), _topic_rows(item, evidence, topic_parents))


def _slugs(tags: TagRows | None) -> list[str]:
    """An item's own topics, best first (not their ancestors, which follow from them)."""
    return [row[0] for row in tags.topics if row[4]] if tags else []


def _inert_strings(strings: list[str]) -> list[str]:
    return list(map(_inert, strings))


def _topic_rows(item: Item, evidence: list[list[str]], topic_parents: dict[str, str | None]) -> list[tuple]:
    """(slug, rank, score, evidence, direct, published) of the item's topics (evidence: each one's,
    made inert), then of their ancestors not already among them (a child implies its parent), each
    with the best score below it."""
    rows = [(t.slug, float(t.score), _json_strings(e), 1) for t, e in zip(item.topics, evidence, strict=True)]
    seen = {t.slug for t in item.topics}
    for t in item.topics:
        parent = topic_parents.get(t.slug)
        while parent and parent not in seen:
            seen.add(parent)
            rows.append((parent, float(t.score), "[]", 0))
            parent = topic_parents.get(parent)
    return [
        (slug, rank, score, evidence, direct, item.published)
        for rank, (slug, score, evidence, direct) in enumerate(rows)
    ]


def _field_value(name: str, value: Any) -> Any:
    if name == "truncated":
        return bool(value)
    if name == "keywords":
        return json.loads(value or "[]")
    if name in LIST_FIELDS:
        return value.split(",") if value else []
    return value


class StoredItems:
    """Which of some item ids a store already holds, asked through this process's own read-only
    connection (WAL lets it read while the one writer writes). Ingest workers use it to skip dating
    and tagging items the store would ignore anyway (INSERT OR IGNORE keeps the first copy), e.g. a
    site's hot-news headlines repeated on every page. Only an optimisation: when the store cannot be
    read, nothing is known and every item is tagged as before. Pickles as its path (a new process
    opens its own connection)."""

    def __init__(self, path: str):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def __getstate__(self) -> str:
        return self.path

    def __setstate__(self, path: str) -> None:
        self.__init__(path)

    def __call__(self, ids: list[str]) -> frozenset[str]:
        try:
            db = self._connection()
            found: set[str] = set()
            for chunk, marks in _in_chunks(ids):
                found.update(r[0] for r in db.execute(f"SELECT id FROM items WHERE id IN ({marks})", chunk))
            return frozenset(found)
        except sqlite3.Error:
            return frozenset()

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # a forked copy must not share its parent's connection
            uri = f"{Path(os.path.abspath(self.path)).as_uri()}?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None


# ---------------------------------------------------------------------------------------------
# Opening


def open_store(
    path: str | None = None, *, write: bool = False, timeout: float | None = None, create: bool = True
) -> Store:
    """Open (and for writing, create) the store. Reading a store that does not exist yet gives an
    empty in-memory store, so `triage list` before any ingest is simply empty. create=False: a writer
    that only changes what is stored (retag, forget) refuses a path where no store is, rather than make
    an empty one there (a mistyped --db)."""
    path = path or default_db_path()
    if timeout is None:
        timeout = _env_timeout()
    _check_header(path)
    exists = os.path.exists(path) and os.path.getsize(path) > 0
    if write and not create and not exists:
        raise NotFoundError(f"{path}: no triage store there (`triage ingest` makes one)")
    if not write and not exists:
        db = _connect(":memory:", path, timeout)
        _migrate(db, path, timeout)
        return Store(db, path, timeout)
    if write:
        try:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        except OSError as e:
            raise StoreError(f"{path}: cannot create its directory ({e.strerror})") from None
    db = _connect(path, path, timeout)
    try:
        try:
            _check_schema(db, path, timeout)
        except StoreError:
            if write or not _read_only_location(path):
                raise
            # A WAL store in a read-only directory cannot get its -shm file; nobody can be writing
            # there either, so read the file as immutable.
            db.close()
            db = _connect(f"{Path(os.path.abspath(path)).as_uri()}?immutable=1", path, timeout, uri=True)
            _check_schema(db, path, timeout)
        if write:
            _use_wal(db, path, timeout)
        _migrate(db, path, timeout)
        if write:
            _tune_search_index(db, path, timeout)
    except BaseException:
        db.close()
        raise
    return Store(db, path, timeout)


def _use_wal(db: sqlite3.Connection, path: str, timeout: float) -> None:
    """Switch a writer's connection to WAL. Switching needs the file to itself and SQLite does not
    wait for that (its busy timeout does not apply), so a second ingest starting at the same moment
    retries for up to the busy timeout instead of failing."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            # With WAL, NORMAL never corrupts and a killed process loses nothing committed; only an
            # OS crash may undo the last pages, which the next ingest stores again. Commits get faster.
            db.execute("PRAGMA synchronous = NORMAL")
            # Each page is a savepoint, whose undo journal SQLite otherwise writes to a temp file in
            # /var/tmp (~28,000 writes for 392 pages); in memory it holds the database pages that one
            # stored page changes, and ingest needs no writable /var/tmp.
            db.execute("PRAGMA temp_store = MEMORY")
            return
        except sqlite3.Error as e:
            locked = "locked" in str(e) or "busy" in str(e)
            if not locked or time.monotonic() >= deadline:
                raise StoreError(_describe(path, e, timeout)) from None
            time.sleep(0.02)


# FTS5 merges an index level's segments once it holds this many (its default is 4). Ingest commits
# every few pages, each commit a new segment; merging by 8 rewrites the index less often: indexing
# 1M items in ingest-sized commits took 0.85x the CPU, and searches stayed within 1.3x (0.4-2.6 ms).
SEARCH_AUTOMERGE = 8


def _tune_search_index(db: sqlite3.Connection, path: str, timeout: float) -> None:
    """A writer sets the search index's merge width (kept in the store, so older stores get it at
    their next ingest; a setting, not a schema change: readers and results are the same)."""
    try:
        row = db.execute("SELECT v FROM items_fts_config WHERE k = 'automerge'").fetchone()
        if row is None or row[0] != SEARCH_AUTOMERGE:
            db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', ?)", (SEARCH_AUTOMERGE,))
    except sqlite3.Error as e:
        raise StoreError(_describe(path, e, timeout)) from None


def _env_timeout() -> float:
    try:
        return float(os.environ.get("TRIAGE_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def _read_only_location(path: str) -> bool:
    """True when the store's directory cannot be written (a read-only mount, or no permission)."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=os.path.dirname(os.path.abspath(path))):
            return False
    except OSError:
        return True


def _connect(target: str, path: str, timeout: float, uri: bool = False) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=uri)
        db.execute("PRAGMA foreign_keys = ON")
        return db
    except sqlite3.Error as e:
        raise StoreError(_describe(path, e, timeout)) from None


def _check_schema(db: sqlite3.Connection, path: str, timeout: float) -> None:
    """A database with tables but no triage migrations table belongs to someone else."""
    try:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as e:
        raise StoreError(_describe(path, e, timeout)) from None
    if names and MIGRATIONS_TABLE not in names:
        raise StoreError(
            f"{path}: a SQLite database but not a triage store; refusing to touch it (choose another --db)"
        )


TRIGRAM_SQLITE = (3, 34, 0)  # FTS5's trigram tokenizer, which makes Chinese searchable


def _migrate(db: sqlite3.Connection, path: str, timeout: float) -> None:
    if sqlite3.sqlite_version_info < TRIGRAM_SQLITE:
        raise StoreError(f"{path}: triage needs SQLite >= 3.34 for full-text search; this is {sqlite3.sqlite_version}")
    try:
        db.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r[0] for r in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
        known = {m.__name__ for m in MIGRATIONS}
        if done - known:
            newer = ", ".join(sorted(done - known))
            raise StoreError(f"{path}: made by a newer triage (migrations {newer}); upgrade triage")
        for migration in MIGRATIONS:
            if migration.__name__ in done:
                continue
            db.execute("BEGIN IMMEDIATE")
            try:
                # another process may have applied it while we waited for the write lock
                applied = db.execute(f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE name = ?", (migration.__name__,))
                if applied.fetchone():
                    db.execute("COMMIT")
                    continue
                migration(db)
                db.execute(
                    f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, ?)", (migration.__name__, _now())
                )
                db.execute("COMMIT")
            except BaseException:
                _rollback(db)
                raise
    except sqlite3.Error as e:
        raise StoreError(_describe(path, e, timeout)) from None


def applied_migrations(store: Store) -> list[str]:
    return [r[0] for r in store._run(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY name")]

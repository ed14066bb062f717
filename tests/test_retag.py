"""`triage retag`: the stored items tagged again after the taxonomy changed, run the way users run it
(real `triage` processes, real pages, a real store file); batches are all or nothing."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import GOOD_PAGES, run_triage

from triage import store_retag
from triage.errors import StoreError
from triage.store import open_store
from triage.store_retag import retag_store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# a user's own topic under a built-in one: the sample page's hot news has two fire-safety items
FIRE_SAFETY = """
[topics.fire-safety]
parent = "disaster-accident"
zh = "消防"
en = "Fire safety"
terms = ["消防", "灭火"]
"""


def tag_tables(db: Path) -> dict[str, list]:
    """Everything tagging wrote, by item id (what retag may change)."""
    with sqlite3.connect(db) as con:
        return {
            "items": con.execute("SELECT id, topic, keywords FROM items ORDER BY id").fetchall(),
            "topics": con.execute(
                "SELECT i.id, t.slug, t.rank, t.score, t.evidence, t.direct, t.published FROM item_topics t"
                " JOIN items i ON i.seq = t.item_seq ORDER BY i.id, t.rank"
            ).fetchall(),
        }


def ingest(db: Path, *paths: Path) -> None:
    done = run_triage("ingest", "--db", str(db), "--jobs", "1", *map(str, paths))
    assert done.returncode == 0, done.stderr


def listed(db: Path, *args: str) -> list[dict]:
    done = run_triage("list", "--db", str(db), "--all", "--format", "jsonl", "--fields", "id,title,text,topics", *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture
def fire_safety(tmp_path) -> Path:
    path = tmp_path / "fire.toml"
    path.write_text(FIRE_SAFETY, encoding="utf-8")
    return path


def test_retag_with_the_taxonomy_of_the_ingest_changes_nothing(tmp_path):
    db = tmp_path / "triage.db"
    ingest(db, SEEDS, GOOD_PAGES)
    before = tag_tables(db)
    done = run_triage("retag", "--db", str(db))
    assert done.returncode == 0
    assert (
        done.stderr.decode()
        == f"triage: {len(before['items'])} items tagged again; 0 changed, 0 of them in their topics\n"
    )
    assert tag_tables(db) == before


def test_a_topic_added_to_the_taxonomy_file_reaches_the_stored_items(tmp_path, fire_safety):
    db = tmp_path / "triage.db"
    ingest(db, SEEDS)
    assert listed(db, "--topic", "fire-safety", "--taxonomy", str(fire_safety)) == []

    done = run_triage("retag", "--db", str(db), "--taxonomy", str(fire_safety))
    assert done.returncode == 0, done.stderr
    found = listed(db, "--topic", "fire-safety", "--taxonomy", str(fire_safety))
    titles = {item["title"] for item in found}
    assert {"关于闽东广电中心大楼消防维保项", "七旬老人骑车摔倒在消防站门前,"} <= titles
    assert all("消防" in item["title"] + item["text"] or "灭火" in item["title"] + item["text"] for item in found)
    assert done.stderr.decode().startswith(f"triage: 20 items tagged again; {len(found)} changed, {len(found)} of")
    # a child implies its parent: the built-in topic above the user's finds them too
    parent = {item["id"] for item in listed(db, "--topic", "disaster-accident")}
    assert {item["id"] for item in found} <= parent
    shown = run_triage("show", found[0]["id"], "--db", str(db), "--format", "json")
    topics = json.loads(shown.stdout)["topics"]
    assert topics[0]["slug"] == "fire-safety" and "消防" in topics[0]["evidence"]


def test_retag_without_the_file_takes_the_users_topic_away_again(tmp_path, fire_safety):
    db = tmp_path / "triage.db"
    ingest(db, SEEDS)
    as_ingested = tag_tables(db)
    assert run_triage("retag", "--db", str(db), "--taxonomy", str(fire_safety)).returncode == 0
    assert tag_tables(db) != as_ingested
    assert run_triage("retag", "--db", str(db)).returncode == 0
    assert tag_tables(db) == as_ingested


def test_a_broken_taxonomy_file_is_refused_and_the_store_is_untouched(tmp_path):
    db = tmp_path / "triage.db"
    ingest(db, SEEDS)
    before = tag_tables(db)
    broken = tmp_path / "broken.toml"
    broken.write_text('[topics.chips]\nzh = "芯片"\nparent = "science-tech"\nterms = ["芯片"]\n', encoding="utf-8")
    done = run_triage("retag", "--db", str(db), "--taxonomy", str(broken))
    err = done.stderr.decode()
    assert done.returncode != 0
    assert err == f"triage: {broken}:1: topic 'chips' has unknown parent 'science-tech'\n"
    assert "Traceback" not in err
    assert tag_tables(db) == before


def test_an_interrupted_retag_leaves_whole_items_and_running_it_again_finishes(tmp_path, fire_safety, monkeypatch):
    db = tmp_path / "triage.db"
    ingest(db, SEEDS, GOOD_PAGES)
    whole = tmp_path / "whole.db"
    with sqlite3.connect(db) as source, sqlite3.connect(whole) as copy:
        source.backup(copy)
    with open_store(str(whole), write=True) as store:
        retag_store(store, taxonomy=str(fire_safety))
    monkeypatch.setattr(store_retag, "BATCH", 3)
    stop = threading.Event()
    with open_store(str(db), write=True) as store:
        # Ctrl-C during the first batch: it is finished and stored, and nothing after it
        summary = retag_store(store, taxonomy=str(fire_safety), stop=stop, advance=lambda n: stop.set())
    assert summary.items == 3
    with sqlite3.connect(db) as con:
        # every item's listed topic is the first of its own topics: none is half rewritten
        rows = con.execute(
            "SELECT i.topic, (SELECT slug FROM item_topics WHERE item_seq = i.seq AND direct ORDER BY rank LIMIT 1)"
            " FROM items i"
        ).fetchall()
    assert all(listed_topic == first for listed_topic, first in rows)
    with open_store(str(db), write=True) as store:
        again = retag_store(store, taxonomy=str(fire_safety))
    assert again.items == len(rows)
    assert tag_tables(db) == tag_tables(whole)


class FailingConnection:
    """A connection whose writes fail at the nth item's UPDATE, as a full disk would."""

    def __init__(self, db: sqlite3.Connection, fail_at: int):
        self.db, self.fail_at, self.updates = db, fail_at, 0

    def execute(self, sql: str, *args):
        if sql.startswith("UPDATE items"):
            self.updates += 1
            if self.updates == self.fail_at:
                raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.db, name)


def test_a_write_failing_inside_a_batch_undoes_the_whole_batch(tmp_path, fire_safety):
    db = tmp_path / "triage.db"
    ingest(db, SEEDS)
    before = tag_tables(db)
    with open_store(str(db), write=True) as store:
        store.db = FailingConnection(store.db, fail_at=2)  # the first changed item is written, then the disk fills
        with pytest.raises(StoreError, match="disk is full"):
            retag_store(store, taxonomy=str(fire_safety))
        store.db = store.db.db
    assert tag_tables(db) == before


def test_retag_where_no_store_is_is_an_error_and_makes_no_store(tmp_path):
    missing = tmp_path / "typo" / "triage.db"
    done = run_triage("retag", "--db", str(missing))
    assert done.returncode == 1
    assert done.stderr.decode() == f"triage: {missing}: no triage store there (`triage ingest` makes one)\n"
    assert not missing.exists() and not missing.parent.exists()

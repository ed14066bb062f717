"""The SQLite store: idempotent, one row per content-derived id, filters in SQL, safe with foreign files."""

import sqlite3
import threading
from pathlib import Path

import pytest
from test_query import topic_tree_from_topics_md

from triage.errors import NotFoundError, StoreError
from triage.models import DateMention, Item, Page, TopicScore, sidebar_id, story_id
from triage.query import Filters
from triage.store import (
    SEARCH_AUTOMERGE,
    StoredItems,
    applied_migrations,
    default_db_path,
    open_store,
    page_rows,
)

# Headlines and snippets from the sample page (seeds/), so the tests exercise real Chinese text.
STORY_TITLE = "OpenAI大逃亡,AGI安全团队半数出走!奥特曼:攘外必先安内"
STORY_TEXT = (
    "尽管不断招兵买马,依旧挡不住OpenAI的安全团队「集体出走」。\n"
    "Ilya和Jan Leike的离职,宣告着OpenAI「超级对齐」团队的正式解散。"
)
HOT = ("高处坠落应急演练保安全", "为进一步增强员工安全生产意识")
GAOKAO = ("近200个高考服务站、251辆", "高考期间,全市设立服务站")
PATENT = ("茂华照明取得具有边角防护功能的", "国家知识产权局信息显示,茂华照明取得一项名为")


def sidebar(title, text, position, published=None, topic=None, source=None):
    return Item(
        id=sidebar_id(title, text),
        kind="sidebar",
        title=title,
        text=text,
        position=position,
        section="热门资讯",
        truncated=True,
        source=source,
        published=published,
        topics=[TopicScore(topic, 0.8, ["安全生产"])] if topic else [],
    )


def make_page(sha, *sidebars, story_title=STORY_TITLE, published="2024-08-31T16:59", source=None, topic="ai-safety"):
    story = Item(
        id=story_id(sha),
        kind="story",
        title=story_title,
        text=STORY_TEXT,
        position=0,
        source="新智元",
        author="编辑部",
        published=published,
        published_raw="2024-08-31 16:59:00",
        dates=[DateMention("今年5月", "2024-05", "month")],
        topics=[TopicScore(topic, 0.93, ["AGI", "超级对齐"])]
        + ([TopicScore("ai", 0.9, ["OpenAI"])] if topic == "ai-safety" else []),
        keywords=["OpenAI", "安全团队"],
    )
    return Page(source=source or f"pages/{sha[:6]}.txt", encoding="utf-8", sha256=sha, items=[story, *sidebars])


SHA_A, SHA_B = "a" * 64, "b" * 64


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "triage.db")


@pytest.fixture
def store(db_path):
    with open_store(db_path, write=True) as s:
        s.topic_parents = topic_tree_from_topics_md().parents
        yield s


def ids(store, limit=None, fields=("id",), **filters):
    return [row["id"] for row in store.listing(Filters(**filters), list(fields), limit)]


def table_dump(db_path):
    db = sqlite3.connect(db_path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def test_migrations_are_recorded_in_the_database(store):
    assert applied_migrations(store) == ["m001_initial"]


def test_reopening_a_store_applies_no_migration_again(db_path, store):
    store.close()
    with open_store(db_path, write=True) as again:
        assert applied_migrations(again) == ["m001_initial"]


def test_the_store_runs_in_wal_mode(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_storing_the_same_page_again_changes_nothing(db_path, store):
    page = make_page(SHA_A, sidebar(*HOT, 5))
    first = store.add_page(page)
    before = table_dump(db_path)
    second = store.add_page(page)
    assert (first.new_page, first.items_added) == (True, 2)
    assert (second.new_page, second.items_added) == (False, 0)
    assert table_dump(db_path) == before


def test_a_sidebar_item_repeated_on_two_pages_is_stored_once_with_both_pages(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5)))
    result = store.add_page(make_page(SHA_B, sidebar(*HOT, 7)))
    assert (result.items_added, result.items_existing) == (1, 1)
    hot = sidebar_id(*HOT)
    assert ids(store).count(hot) == 1
    assert store.item_detail(hot)["pages"] == [{"id": "a" * 12, "url": None, "page_time": None}] + [
        {"id": "b" * 12, "url": None, "page_time": None}
    ]


def test_the_listing_is_newest_published_first_then_latest_ingested(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5, published="2025-06-07"), sidebar(*GAOKAO, 6)))
    store.add_page(make_page(SHA_B, sidebar(*PATENT, 5, published="2025-06-07"), published=None))
    assert ids(store) == [sidebar_id(*PATENT), sidebar_id(*HOT), story_id(SHA_A), story_id(SHA_B), sidebar_id(*GAOKAO)]


def test_the_limit_caps_the_listing(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5), sidebar(*GAOKAO, 6)))
    assert len(ids(store, limit=2)) == 2


def test_topic_filter_matches_any_of_the_given_slugs(store):
    store.add_page(
        make_page(SHA_A, sidebar(*HOT, 5, topic="disaster-accident"), sidebar(*GAOKAO, 6, topic="education"))
    )
    assert ids(store, topics=("ai-safety",)) == [story_id(SHA_A)]
    assert set(ids(store, topics=("education", "disaster-accident"))) == {sidebar_id(*HOT), sidebar_id(*GAOKAO)}


def test_a_topic_finds_the_items_of_the_topics_below_it(store):
    store.add_page(make_page(SHA_A, sidebar(*PATENT, 5, topic="patents")))
    store.add_page(make_page(SHA_B, topic="politics"))
    assert ids(store, topics=("science-technology",)) == [story_id(SHA_A)]
    assert ids(store, topics=("economy-business",)) == [sidebar_id(*PATENT)]
    assert ids(store, topics=("economy-business", "politics")) == [story_id(SHA_B), sidebar_id(*PATENT)]


def test_a_topic_and_a_date_range_keep_listing_order(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5, published="2025-06-07", topic="ai")))
    store.add_page(make_page(SHA_B, published="2025-01-02"))
    assert ids(store, topics=("ai",), since="2025-01-01") == [sidebar_id(*HOT), story_id(SHA_B)]
    assert ids(store, topics=("ai",), since="2025-01-01", until="2025-03") == [story_id(SHA_B)]


def test_inferred_parent_topics_are_not_shown_as_the_items_topics(store):
    store.add_page(make_page(SHA_A))
    assert [t["slug"] for t in store.item_detail(story_id(SHA_A))["topics"]] == ["ai-safety", "ai"]
    assert next(store.listing(Filters(), ["topics"], 1))["topics"] == ["ai-safety", "ai"]


def test_since_and_until_keep_items_inside_the_range_at_their_precision(store):
    store.add_page(
        make_page(SHA_A, sidebar(*HOT, 5, published="2025-06-07T08:00"), sidebar(*GAOKAO, 6, published="2025-06"))
    )
    assert ids(store, since="2025-06-01") == [sidebar_id(*HOT)]
    assert ids(store, until="2025-06-07") == [sidebar_id(*HOT), sidebar_id(*GAOKAO), story_id(SHA_A)]
    assert ids(store, since="2024-09", until="2025-06-06") == [sidebar_id(*GAOKAO)]


def test_kind_filter_keeps_one_kind(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5)))
    assert ids(store, kind="story") == [story_id(SHA_A)]
    assert ids(store, kind="sidebar") == [sidebar_id(*HOT)]


def test_source_filter_matches_the_outlet_or_part_of_the_file_path(store):
    store.add_page(make_page(SHA_A, sidebar(*PATENT, 5, source="金融界"), source="crawl/site-one/p1.txt"))
    store.add_page(make_page(SHA_B, source="crawl/site-two/p2.txt"))
    assert ids(store, source="金融界") == [sidebar_id(*PATENT)]
    assert ids(store, source="site-two") == [story_id(SHA_B)]


def test_source_filter_treats_like_wildcards_literally(store):
    store.add_page(make_page(SHA_A, source="a/p1.txt"))
    assert ids(store, source="%") == []
    assert ids(store, source="_") == []


def test_query_finds_a_chinese_phrase_inside_words(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5), sidebar(*GAOKAO, 6)))
    assert ids(store, query="超级对齐") == [story_id(SHA_A)]
    assert ids(store, query="服务站") == [sidebar_id(*GAOKAO)]


def test_query_of_one_or_two_characters_still_matches(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5), sidebar(*GAOKAO, 6)))
    assert ids(store, query="高考") == [sidebar_id(*GAOKAO)]
    assert ids(store, query="演练 安全") == [sidebar_id(*HOT)]


def test_query_with_fts_syntax_characters_is_searched_as_text(store):
    store.add_page(make_page(SHA_A, story_title='He said "AND" OR NOT (x) * — 安全'))
    assert ids(store, query='"AND" OR') == [story_id(SHA_A)]


def test_page_filter_lists_the_items_of_one_page_by_page_id_or_story_id(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5)))
    store.add_page(make_page(SHA_B, sidebar(*GAOKAO, 5)))
    page_b = store.resolve_page("bbbb")
    assert set(ids(store, page_ids=(page_b,))) == {story_id(SHA_B), sidebar_id(*GAOKAO)}
    assert store.resolve_page(story_id(SHA_A)) == store.resolve_page("aaaa")


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"kind": "story"},
        {"since": "2024-01-01"},
        {"topics": ("ai-safety",), "since": "2024-01-01"},
        {"page_ids": (1,)},
        {"query": "安全团队"},
    ],
)
def test_filters_are_answered_through_an_index(store, filters):
    plan = " | ".join(store.explain(Filters(**filters), ["id", "title"], 30))
    assert "USING" in plan, plan  # an index, the primary key or the full-text index: never a bare SCAN i


def test_a_unique_prefix_finds_the_item(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5)))
    full = story_id(SHA_A)
    assert store.resolve_item(full[:5]) == full
    assert store.resolve_item(full.upper()) == full


def test_an_ambiguous_prefix_lists_the_candidates(store):
    # 17 ids over 16 hex digits: at least two share their first character.
    items = [sidebar(f"{HOT[0]} {n}", HOT[1], n + 1) for n in range(17)]
    store.add_page(make_page(SHA_A, *items))
    every = ids(store)
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in every) > 1)
    with pytest.raises(NotFoundError, match="ambiguous") as err:
        store.resolve_item(shared)
    assert all(i in str(err.value) for i in every if i.startswith(shared))


def test_an_unknown_id_is_not_found(store):
    with pytest.raises(NotFoundError, match="no item"):
        store.resolve_item("ffffffffffff")


def test_terminal_escapes_are_stripped_before_storing(store):
    title = "hot\x1b]52;c;ZXZpbA==\x07 news\x1b[31m red\u202e"
    store.add_page(make_page(SHA_A, sidebar(title, "snippet\x9b2J", 5)))
    row = store.db.execute("SELECT title, text FROM items WHERE kind = 'sidebar'").fetchone()
    assert row == ("hot news red", "snippet")


def test_show_gives_a_story_its_topics_dates_files_and_sidebar(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5), sidebar(*GAOKAO, 6)))
    item = store.item_detail(story_id(SHA_A))
    assert item["topics"][0] == {"slug": "ai-safety", "score": 0.93, "evidence": ["AGI", "超级对齐"]}
    assert item["dates"] == [{"text": "今年5月", "value": "2024-05", "precision": "month"}]
    assert item["files"] == ["pages/aaaaaa.txt"]
    assert [s["id"] for s in item["sidebar"]] == [sidebar_id(*HOT), sidebar_id(*GAOKAO)]


def test_a_page_read_again_from_another_file_records_that_file_too(store):
    store.add_page(make_page(SHA_A, source="one.txt"))
    store.add_page(make_page(SHA_A, source="two.txt"))
    assert store.item_detail(story_id(SHA_A))["files"] == ["one.txt", "two.txt"]
    assert store.has_page_source(SHA_A, "two.txt")


def test_reading_a_store_that_does_not_exist_is_empty_and_creates_nothing(tmp_path):
    path = tmp_path / "none" / "triage.db"
    with open_store(str(path)) as s:
        assert ids(s) == []
    assert not path.parent.exists()


def test_a_text_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"my notes, not a database\n")
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(str(path), write=True)
    assert path.read_bytes() == b"my notes, not a database\n"


def test_another_programs_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE contacts (name TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a triage store"):
        open_store(str(path), write=True)
    assert path.read_bytes() == before


def test_a_corrupt_database_is_a_store_error(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StoreError, match="corrupt"):
        open_store(str(path), write=True)


def test_a_store_made_by_a_newer_triage_is_refused(db_path, store):
    store.db.execute("INSERT INTO _triage_migrations VALUES ('m999_future', '2030-01-01')")
    store.close()
    with pytest.raises(StoreError, match="newer triage"):
        open_store(db_path)


def test_a_locked_store_gives_up_after_the_busy_timeout(db_path, store):
    store.close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with open_store(db_path, write=True, timeout=0.1) as s, pytest.raises(StoreError, match="locked"):
            s.add_page(make_page(SHA_A))
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_location_that_cannot_be_created_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create"):
        open_store(str(blocker / "sub" / "triage.db"), write=True)


def test_a_read_only_location_is_a_store_error():
    with pytest.raises(StoreError):
        open_store("/proc/triage-test/triage.db", write=True)


def test_the_default_path_follows_xdg_then_home():
    assert default_db_path({"XDG_DATA_HOME": "/x"}) == "/x/triage/triage.db"
    assert default_db_path({"TRIAGE_DB": "/y.db", "XDG_DATA_HOME": "/x"}) == "/y.db"
    assert default_db_path({}).endswith("/.local/share/triage/triage.db")


def test_readers_are_not_blocked_while_a_writer_stores_a_page(db_path, store):
    store.add_page(make_page(SHA_A))
    store.db.execute("BEGIN IMMEDIATE")
    found = []
    reader = threading.Thread(target=lambda: found.extend(ids(open_store(db_path, timeout=0.1))))
    reader.start()
    reader.join()
    store.db.execute("ROLLBACK")
    assert found == [story_id(SHA_A)]


def test_the_store_schema_is_built_by_numbered_migrations_only():
    from triage.store import MIGRATIONS

    names = [m.__name__ for m in MIGRATIONS]
    assert names == sorted(names) and all(n[0] == "m" and n[1:4].isdigit() for n in names)


def test_several_topics_merge_their_walks_in_listing_order_without_repeats(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5, published="2025-06-07", topic="education")))
    store.add_page(make_page(SHA_B, sidebar(*GAOKAO, 5, published="2025-06-08", topic="education"), published=None))
    got = ids(store, topics=("education", "ai-safety", "ai"))
    assert got == [sidebar_id(*GAOKAO), sidebar_id(*HOT), story_id(SHA_A), story_id(SHA_B)]
    assert ids(store, limit=2, topics=("education", "ai")) == got[:2]
    assert ids(store, topics=("education", "ai"), kind="story") == [story_id(SHA_A), story_id(SHA_B)]


def test_several_writers_creating_one_store_at_once_all_succeed(db_path):
    start = threading.Barrier(8)
    errors = []

    def create():
        start.wait()
        try:
            open_store(db_path, write=True).close()
        except StoreError as e:
            errors.append(str(e))

    writers = [threading.Thread(target=create) for _ in range(8)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    assert errors == []
    with open_store(db_path) as s:
        assert applied_migrations(s) == ["m001_initial"]


# ---------------------------------------------------------------------------------------------
# Items the store already holds are not dated or tagged again at ingest (store.StoredItems).

CRAWL_PAGES = sorted((Path(__file__).resolve().parent / "fixtures" / "crawl_pages").glob("*.txt"))


def crawl_copies(tmp_path, copies):
    """The real fixture pages, each `copies` times with its own record line: distinct pages whose
    sidebar items repeat, as a site's do."""
    paths = []
    for n in range(copies):
        for page in CRAWL_PAGES:
            copy = tmp_path / f"{page.stem}-{n}.txt"
            copy.write_text(f"{page.read_text(encoding='utf-8').rstrip()}\n\nrecord {n:04d}\n", encoding="utf-8")
            paths.append(str(copy))
    return paths


def store_rows(path):
    """Every row ingest writes (all but the ingest time), in a fixed order."""
    with sqlite3.connect(path) as con:
        return {
            "pages": con.execute(
                "SELECT id, sha256, source, encoding, url, crawl_time, page_time FROM pages ORDER BY id"
            ).fetchall(),
            "page_sources": con.execute("SELECT * FROM page_sources ORDER BY 1, 2").fetchall(),
            "items": con.execute("SELECT * FROM items ORDER BY seq").fetchall(),
            "item_pages": con.execute("SELECT * FROM item_pages ORDER BY 1, 2").fetchall(),
            "item_topics": con.execute("SELECT * FROM item_topics ORDER BY 1, 2").fetchall(),
            "items_fts": con.execute("SELECT rowid, title, text FROM items_fts ORDER BY rowid").fetchall(),
        }


def ingest_without_skipping(db, paths):
    """What ingest stored before it skipped known items: every page parsed and tagged in full."""
    from triage.parallel import parse_pages
    from triage.query import load_topic_tree

    with open_store(str(db), write=True) as store:
        store.topic_parents = load_topic_tree(None).parents
        for page in parse_pages(paths, jobs=1):
            store.add_page(page)


def quiet_env():
    import io

    from triage.env import Env

    return Env(io.StringIO(), io.StringIO(), False, False, 100, False)


@pytest.mark.parametrize("jobs", [1, 2])
def test_skipping_known_items_leaves_the_store_exactly_as_tagging_them(tmp_path, jobs):
    from triage.store_ingest import ingest_paths

    paths = crawl_copies(tmp_path, 2)
    ingest_without_skipping(tmp_path / "full.db", paths)
    with open_store(str(tmp_path / "skip.db"), write=True) as store:
        summary = ingest_paths(store, paths, env=quiet_env(), jobs=jobs, report=print)
    assert summary.duplicate_items > 0  # the second copies' sidebars were known
    assert store_rows(tmp_path / "skip.db") == store_rows(tmp_path / "full.db")


def test_a_page_stored_from_its_rows_is_stored_exactly_as_the_page_itself(tmp_path):
    from triage.parallel import parse_pages
    from triage.query import load_topic_tree

    parents = load_topic_tree(None).parents
    pages = [page for page in parse_pages(crawl_copies(tmp_path, 2), jobs=1) if isinstance(page, Page)]
    for name, stored in (("pages.db", pages), ("rows.db", [page_rows(page, parents) for page in pages])):
        with open_store(str(tmp_path / name), write=True) as store:
            store.topic_parents = parents
            with store.group_commits(pages=3):
                results = [store.add_page(page) for page in stored]
        assert sum(r.items_added for r in results) > 0 and sum(r.items_existing for r in results) > 0
    assert store_rows(tmp_path / "rows.db") == store_rows(tmp_path / "pages.db")


def search_merge_setting(db_path):
    with sqlite3.connect(db_path) as con:
        return con.execute("SELECT v FROM items_fts_config WHERE k = 'automerge'").fetchone()


def test_a_store_made_before_the_search_merge_setting_gets_it_when_next_written(db_path, store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5)))
    store.close()
    with sqlite3.connect(db_path) as con:  # as stores were made before the setting
        con.execute("DELETE FROM items_fts_config WHERE k = 'automerge'")
    with open_store(str(db_path)) as reader:
        assert ids(reader, query=HOT[0][:4]) == [sidebar_id(*HOT)]
    assert search_merge_setting(db_path) is None  # reading writes nothing
    with open_store(str(db_path), write=True) as writer:
        writer.add_page(make_page(SHA_B, sidebar(*PATENT, 6)))
        assert ids(writer, query=HOT[0][:4]) == [sidebar_id(*HOT)]
        assert ids(writer, query=PATENT[0][:4]) == [sidebar_id(*PATENT)]
    assert search_merge_setting(db_path) == (SEARCH_AUTOMERGE,)


def test_stored_items_names_exactly_the_ids_in_the_store(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 1)))
    stored = StoredItems(store.path)
    hot, gaokao = sidebar_id(*HOT), sidebar_id(*GAOKAO)
    assert stored([hot, gaokao, story_id(SHA_A)]) == {hot, story_id(SHA_A)}
    assert stored([gaokao]) == frozenset()


def test_stored_items_sees_pages_committed_after_it_first_looked(store):
    stored = StoredItems(store.path)
    assert stored([sidebar_id(*HOT)]) == frozenset()
    store.add_page(make_page(SHA_A, sidebar(*HOT, 1)))
    assert stored([sidebar_id(*HOT)]) == {sidebar_id(*HOT)}


def test_stored_items_of_an_unreadable_store_knows_nothing(tmp_path):
    stored = StoredItems(str(tmp_path / "missing" / "triage.db"))
    assert stored([sidebar_id(*HOT)]) == frozenset()


def test_stored_items_travels_to_another_process_as_its_path(store):
    import pickle

    store.add_page(make_page(SHA_A, sidebar(*HOT, 1)))
    copy = pickle.loads(pickle.dumps(StoredItems(store.path)))
    assert copy([sidebar_id(*HOT)]) == {sidebar_id(*HOT)}


def test_known_items_are_left_undated_and_untagged_and_the_page_time_is_unchanged():
    from triage.pipeline import parse_page
    from triage.read import iter_pages
    from triage.topics import load_tagger

    raw = next(iter_pages([str(CRAWL_PAGES[0])]))
    tagger = load_tagger()
    full = parse_page(raw, tagger=tagger)
    sidebars = {i.id for i in full.items if i.kind == "sidebar"}
    assert sidebars and any(i.keywords for i in full.items if i.id in sidebars)
    skipped = parse_page(raw, tagger=tagger, stored=lambda ids: sidebars & set(ids))
    assert skipped.page_time == full.page_time
    for mine, theirs in zip(skipped.items, full.items, strict=True):
        if mine.id in sidebars:
            assert (mine.topics, mine.keywords, mine.dates, mine.published) == ([], [], [], None)
        else:
            assert mine == theirs


# ---------------------------------------------------------------------------------------------
# Group commits (ingest): each page all or nothing, committed by small groups.


def committed_pages(db_path):
    """Pages another process can see: what a crash would leave."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as con:
        return con.execute("SELECT count(*) FROM pages").fetchone()[0]


def test_pages_stored_in_a_group_are_committed_when_the_group_ends(db_path, store):
    with store.group_commits(pages=100, seconds=60):
        store.add_page(make_page(SHA_A, sidebar(*HOT, 1)))
        store.add_page(make_page(SHA_B, sidebar(*HOT, 1)))
        assert committed_pages(db_path) == 0
    assert committed_pages(db_path) == 2


def test_a_group_is_committed_every_n_pages(db_path, store):
    with store.group_commits(pages=2, seconds=60):
        for sha in (SHA_A, SHA_B, "c" * 64):
            store.add_page(make_page(sha))
        assert committed_pages(db_path) == 2


def test_a_page_that_fails_in_a_group_leaves_nothing_and_the_pages_before_it_are_kept(db_path, store):
    broken = make_page(SHA_B, sidebar(*GAOKAO, 1))
    unbindable = sidebar("坏", "条目", 2)
    unbindable.published = object()  # SQLite cannot bind it: the page fails midway
    broken.items.append(unbindable)
    with pytest.raises(StoreError), store.group_commits(pages=100, seconds=60):
        store.add_page(make_page(SHA_A, sidebar(*HOT, 1)))
        store.add_page(broken)
    assert committed_pages(db_path) == 1
    assert ids(store, kind="sidebar") == [sidebar_id(*HOT)]


def test_storing_in_groups_gives_the_same_rows_as_one_transaction_per_page(tmp_path):
    from triage.parallel import parse_pages

    paths = crawl_copies(tmp_path, 2)
    pages = [p for p in parse_pages(paths, jobs=1) if isinstance(p, Page)]
    for name, grouped in (("single.db", False), ("grouped.db", True)):
        with open_store(str(tmp_path / name), write=True) as store:
            store.topic_parents = topic_tree_from_topics_md().parents
            if grouped:
                with store.group_commits(pages=3):
                    added = [store.add_page(p, now="t") for p in pages]
            else:
                added_single = [store.add_page(p, now="t") for p in pages]
    assert added == added_single
    assert store_rows(tmp_path / "grouped.db") == store_rows(tmp_path / "single.db")


def test_commit_group_commits_the_pages_of_the_open_group_at_once(db_path, store):
    with store.group_commits(pages=100, seconds=60):
        store.add_page(make_page(SHA_A))
        store.commit_group()
        assert committed_pages(db_path) == 1
        store.add_page(make_page(SHA_B))
        assert committed_pages(db_path) == 1
    assert committed_pages(db_path) == 2


def search_index_in_step(db_path):
    """FTS5's own check that the search index holds exactly the items' title and text."""
    with sqlite3.connect(db_path) as con:
        # rank 1: the index is checked against the items too, not only within itself
        con.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
        return True


def test_a_page_that_fails_in_a_group_leaves_no_search_rows_and_the_kept_pages_are_searchable(db_path, store):
    broken = make_page(SHA_B, sidebar(*GAOKAO, 1))
    unbindable = sidebar("坏", "条目", 2)
    unbindable.published = object()  # SQLite cannot bind it: the page fails midway
    broken.items.append(unbindable)
    with pytest.raises(StoreError), store.group_commits(pages=100, seconds=60):
        store.add_page(make_page(SHA_A, sidebar(*HOT, 1)))
        store.add_page(broken)
    assert search_index_in_step(db_path)
    assert ids(store, query="服务站") == []
    assert ids(store, query="演练") == [sidebar_id(*HOT)]


def test_items_of_a_group_are_searchable_once_the_group_is_committed(db_path, store):
    with store.group_commits(pages=2, seconds=60):
        store.add_page(make_page(SHA_A, sidebar(*HOT, 1)))
        store.add_page(make_page(SHA_B, sidebar(*GAOKAO, 1)))
        store.add_page(make_page("c" * 64, sidebar(*PATENT, 1)))
    assert search_index_in_step(db_path)
    assert ids(store, query="演练") == [sidebar_id(*HOT)]
    assert ids(store, query="服务站") == [sidebar_id(*GAOKAO)]
    assert ids(store, query="知识产权") == [sidebar_id(*PATENT)]


def test_an_item_repeated_within_one_page_is_stored_once_and_counted_as_existing(store):
    added = store.add_page(make_page(SHA_A, sidebar(*HOT, 1), sidebar(*HOT, 7)))
    assert (added.items_added, added.items_existing) == (2, 1)
    assert ids(store, kind="sidebar") == [sidebar_id(*HOT)]
    positions = store.db.execute("SELECT position FROM item_pages ORDER BY position").fetchall()
    assert positions == [(0,), (1,)]  # the link keeps the first position (INSERT OR IGNORE)


def test_items_are_numbered_in_ingest_order_across_pages_and_groups(store):
    with store.group_commits(pages=1, seconds=60):
        store.add_page(make_page(SHA_A, sidebar(*HOT, 1)))
        store.add_page(make_page(SHA_B, sidebar(*HOT, 1), sidebar(*GAOKAO, 2)))
    store.add_page(make_page("c" * 64, sidebar(*PATENT, 1)))
    rows = store.db.execute("SELECT seq, id FROM items ORDER BY seq").fetchall()
    expected = [story_id(SHA_A), sidebar_id(*HOT), story_id(SHA_B), sidebar_id(*GAOKAO), story_id("c" * 64)]
    assert rows == list(enumerate([*expected, sidebar_id(*PATENT)], start=1))


def test_text_with_terminal_escapes_in_evidence_and_dates_is_stored_inert(store):
    page = make_page(SHA_A)
    page.items[0].topics[0].evidence = ["\x1b]52;c;QUJD\x07AGI"]
    page.items[0].dates = [DateMention("今年\x1b[31m5月", "2024-05", "month")]
    store.add_page(page)
    dates, evidence = store.db.execute(
        "SELECT i.dates, t.evidence FROM items i JOIN item_topics t ON t.item_seq = i.seq WHERE t.rank = 0"
    ).fetchone()
    assert "\x1b" not in dates + evidence
    assert '"AGI"' in evidence and "今年5月" in dates


# text with what sanitising removes (escapes, controls, bidi overrides, lone surrogates), newlines and
# the non-printable characters that are kept (spaces of other widths, private use)
UNTRUSTED_TEXT = 'ab 人工智能\n\t\r\x1b[31m\x9b\x07\x00\x7f\u202e\u2066\ufeff\ud800\u3000\xa0\ue5e5"\\/'


def test_a_list_of_strings_is_stored_as_the_json_encoder_writes_it():
    # the keywords', links' and evidence's JSON skips the encoder's set-up per call: the same text
    import json

    from hypothesis import given
    from hypothesis import strategies as st

    from triage.store import _json_strings

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    @given(st.lists(st.text(st.sampled_from(UNTRUSTED_TEXT) | st.characters())))
    def check(strings):
        assert _json_strings(strings) == encode(strings)

    check()


def test_an_items_strings_are_clean_together_exactly_when_each_one_is():
    # page_rows checks an item's text once, joined: it must never pass over one unclean string
    from hypothesis import given
    from hypothesis import strategies as st

    from triage.sanitize import is_clean
    from triage.store import _all_clean

    @given(st.lists(st.none() | st.text(st.sampled_from(UNTRUSTED_TEXT) | st.characters(), max_size=3)))
    def check(strings):
        assert _all_clean(strings) == all(is_clean(s) for s in strings if s is not None)

    check()
    for char in UNTRUSTED_TEXT:  # each character alone, among clean text
        assert _all_clean(["人工智能", char, None, "ab\n"]) == is_clean(char), repr(char)


# ---------------------------------------------------------------------------------------------
# Forgetting pages (triage forget).


def search_index_is_sound(store) -> bool:
    """FTS5's own check that the search index holds exactly the items' title and text."""
    try:
        store.db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def test_a_page_is_resolved_by_a_prefix_of_its_story_id(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5)))
    store.add_page(make_page(SHA_B))
    assert store.resolve_page(story_id(SHA_B)[:6]) == store.resolve_page("bbbb")
    with pytest.raises(NotFoundError, match="no page"):
        store.resolve_page(sidebar_id(*HOT))  # a sidebar item is on many pages: it names none


def test_forgetting_a_page_removes_its_items_but_keeps_those_another_page_holds(store):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5), sidebar(*GAOKAO, 6)))
    store.add_page(make_page(SHA_B, sidebar(*HOT, 3)))
    done = store.forget_pages([store.resolve_page("aaaa")])
    assert (done.pages, done.items, done.items_kept) == (1, 2, 1)  # its story and 高考 go; HOT is on page b too
    assert set(ids(store)) == {story_id(SHA_B), sidebar_id(*HOT)}
    assert store.counts() == {"pages": 1, "items": 2}
    assert ids(store, query="高考") == []
    assert ids(store, query="演练") == [sidebar_id(*HOT)]
    assert store.item_detail(sidebar_id(*HOT))["files"] == ["pages/bbbbbb.txt"]
    assert search_index_is_sound(store)
    assert (
        store.db.execute("SELECT count(*) FROM item_topics WHERE item_seq NOT IN (SELECT seq FROM items)").fetchone()[0]
        == 0
    )
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_dry_run_counts_what_forgetting_would_do_and_changes_nothing(store, db_path):
    store.add_page(make_page(SHA_A, sidebar(*HOT, 5), sidebar(*GAOKAO, 6)))
    store.add_page(make_page(SHA_B, sidebar(*HOT, 3)))
    before = list(sqlite3.connect(db_path).iterdump())
    pages = [store.resolve_page("aaaa"), store.resolve_page("bbbb")]
    assert store.forget_pages(pages, dry_run=True) == (2, 4, 0)
    assert list(sqlite3.connect(db_path).iterdump()) == before
    assert store.forget_pages(pages) == (2, 4, 0)
    assert store.counts() == {"pages": 0, "items": 0}
    assert search_index_is_sound(store)


def test_a_forgotten_page_stored_again_is_as_before(store, db_path):
    def content():
        with sqlite3.connect(db_path) as con:
            return (
                con.execute("SELECT id, kind, title, text, topic, keywords FROM items ORDER BY id").fetchall(),
                con.execute(
                    "SELECT i.id, t.slug, t.rank FROM item_topics t JOIN items i ON i.seq = t.item_seq ORDER BY 1, 2"
                ).fetchall(),
            )

    page = make_page(SHA_A, sidebar(*HOT, 5), sidebar(*GAOKAO, 6, topic="education"))
    store.add_page(page)
    before = content()
    store.forget_pages([store.resolve_page("aaaa")])
    assert store.add_page(page).new_page
    assert content() == before
    assert ids(store, query="高考") == [sidebar_id(*GAOKAO)]
    assert search_index_is_sound(store)

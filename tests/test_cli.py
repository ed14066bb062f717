"""The command line, run the way users run it."""

import json
import subprocess
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_parse_prints_one_json_line_per_page():
    proc = subprocess.run(
        [sys.executable, "-m", "triage", "parse", str(SEEDS), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 1
    assert rows[0]["source"].endswith("000_b52fec7cb67c6a22.txt")
    assert rows[0]["encoding"] == "utf-8"


def test_parse_missing_file_is_one_line_error_and_exit_1(tmp_path):
    missing = tmp_path / "nope.txt"
    proc = subprocess.run([sys.executable, "-m", "triage", "parse", str(missing)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert str(missing) in proc.stderr
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------------------------------------
# The store commands: ingest, list, filter, show, topics.

import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402

import pytest  # noqa: E402
from test_query import topic_tree_from_topics_md  # noqa: E402
from test_store import GAOKAO, HOT, PATENT, SHA_A, SHA_B, make_page, sidebar  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import triage.query  # noqa: E402
import triage.topics  # noqa: E402
from triage.cli import app  # noqa: E402
from triage.models import sidebar_id, story_id  # noqa: E402
from triage.store import open_store  # noqa: E402

SEED = SEEDS / "000_b52fec7cb67c6a22.txt"
TAGGER_READY = hasattr(triage.topics, "load_taxonomy")
needs_tagger = pytest.mark.skipif(not TAGGER_READY, reason="waits for the topic tagger (issue 4)")


@pytest.fixture
def db(tmp_path, monkeypatch):
    """Every test gets its own store, named the way users name it: TRIAGE_DB."""
    path = str(tmp_path / "triage.db")
    monkeypatch.setenv("TRIAGE_DB", path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    if not TAGGER_READY:  # until topics.load_taxonomy lands, the shared slug table stands in
        monkeypatch.setattr(triage.query, "load_topic_tree", lambda path=None: topic_tree_from_topics_md())
    return path


@pytest.fixture
def stored(db):
    """A store with two pages: the sample story with three sidebar items, and a second story."""
    with open_store(db, write=True) as s:
        s.topic_parents = triage.query.load_topic_tree().parents
        s.add_page(
            make_page(
                SHA_A,
                sidebar(*HOT, 5, published="2025-06-07", topic="disaster-accident"),
                sidebar(*GAOKAO, 6, published="2025-06-06", topic="education"),
                sidebar(*PATENT, 7, published="2025-06-05", topic="patents", source="金融界"),
                source="seeds/sample.txt",
            )
        )
        s.add_page(make_page(SHA_B, published="2023-01-02", source="other/page.txt", topic="politics"))
    return db


def run(*args, env=None):
    return CliRunner().invoke(app, list(args), env=env)


def one_line_error(result, status):
    assert result.exit_code == status, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("triage: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def tsv_ids(result):
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


def test_ingest_stores_the_sample_page_and_list_shows_its_20_items(db):
    assert run("ingest", str(SEEDS)).exit_code == 0
    result = run("list")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 20
    assert story_id(json.loads(run("parse", str(SEEDS)).stdout)["sha256"]) in tsv_ids(result)


def test_ingest_ends_with_a_one_line_summary_on_stderr(db):
    result = run("ingest", str(SEEDS))
    assert result.stdout == ""
    assert re.fullmatch(r"triage: 1 pages, 20 items stored; 0 duplicates skipped .*; 0 failed\n", result.stderr)


def test_ingesting_the_same_content_again_changes_nothing(db):
    run("ingest", str(SEEDS))
    before = list(sqlite3.connect(db).iterdump())
    again = run("ingest", str(SEEDS))
    assert again.exit_code == 0
    assert "1 duplicates skipped" in again.stderr
    assert list(sqlite3.connect(db).iterdump()) == before


def test_a_bad_file_is_reported_and_skipped_and_the_rest_is_stored(db, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / "good.txt")
    (pages / "empty.txt").write_bytes(b"")
    result = run("ingest", str(pages))
    assert result.exit_code == 1
    assert str(pages / "empty.txt") in result.stderr
    assert "1 failed" in result.stderr
    assert len(run("list").stdout.splitlines()) == 20


def test_ingest_reads_a_page_from_stdin(db):
    result = CliRunner().invoke(app, ["ingest", "-"], input=SEED.read_bytes())
    assert result.exit_code == 0, result.output
    assert "1 pages" in result.stderr


def test_list_shows_30_rows_by_default_then_limit_or_all(db):
    with open_store(db, write=True) as s:
        s.add_page(make_page(SHA_A, *(sidebar(f"{HOT[0]}{n}", HOT[1], n + 1) for n in range(40))))
    assert len(run("list").stdout.splitlines()) == 30
    assert len(run("list", "--limit", "5").stdout.splitlines()) == 5
    assert len(run("list", "--all").stdout.splitlines()) == 41


def test_list_is_newest_first(stored):
    assert tsv_ids(run("list"))[:4] == [sidebar_id(*HOT), sidebar_id(*GAOKAO), sidebar_id(*PATENT), story_id(SHA_A)]


def test_an_empty_store_lists_nothing_and_exits_0(db):
    result = run("list")
    assert (result.exit_code, result.stdout) == (0, "")


def test_no_results_is_not_an_error(stored):
    result = run("filter", "--query", "没有这样的新闻")
    assert (result.exit_code, result.stdout) == (0, "")


def test_filter_needs_at_least_one_filter(stored):
    assert "at least one" in one_line_error(run("filter"), 2)


def test_filter_by_topic_includes_the_topics_below_it(stored):
    assert tsv_ids(run("filter", "--topic", "economy-business")) == [sidebar_id(*PATENT)]
    assert tsv_ids(run("filter", "--topic", "science-technology")) == [story_id(SHA_A)]


def test_repeated_topics_are_any_of(stored):
    ids = tsv_ids(run("filter", "--topic", "education", "--topic", "politics"))
    assert ids == [sidebar_id(*GAOKAO), story_id(SHA_B)]


def test_filters_combine_on_list_too(stored):
    ids = tsv_ids(run("list", "--kind", "sidebar", "--since", "2025-06-06", "--source", "seeds/"))
    assert ids == [sidebar_id(*HOT), sidebar_id(*GAOKAO)]


def test_filter_by_full_text_query_and_by_page(stored):
    assert tsv_ids(run("filter", "-q", "服务站")) == [sidebar_id(*GAOKAO)]
    assert tsv_ids(run("filter", "--text", "服务站")) == [sidebar_id(*GAOKAO)]  # the word the README's list uses
    assert tsv_ids(run("filter", "--page", story_id(SHA_B))) == [story_id(SHA_B)]
    assert len(tsv_ids(run("filter", "--page", "aaaa"))) == 4


def test_an_unknown_topic_names_the_nearest_slug(stored):
    message = one_line_error(run("filter", "--topic", "ai-safty"), 2)
    assert "did you mean ai-safety?" in message and "politics" in message


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_bad_date_is_a_one_line_usage_error(stored, option):
    assert option in one_line_error(run("filter", option, "last tuesday"), 2)


def test_a_bad_kind_format_or_field_is_a_usage_error(stored):
    one_line_error(run("list", "--kind", "column"), 2)
    one_line_error(run("list", "--format", "xml"), 2)
    assert "fields:" in one_line_error(run("list", "--fields", "id,colour"), 2)


def test_relative_dates_filter_against_today(stored):
    assert tsv_ids(run("filter", "--since", "1000w", "--until", "0d", "--kind", "story")) == [
        story_id(SHA_A),
        story_id(SHA_B),
    ]


def test_format_and_fields_pick_the_output(stored):
    rows = [json.loads(line) for line in run("list", "--format", "jsonl", "--limit", "2").stdout.splitlines()]
    assert [r["id"] for r in rows] == [sidebar_id(*HOT), sidebar_id(*GAOKAO)]
    assert rows[0]["topics"] == ["disaster-accident"] and rows[0]["pages"] == ["a" * 12]
    assert json.loads(run("list", "-f", "json")).__class__ is list if False else True
    assert json.loads(run("list", "-f", "json").stdout)[0]["id"] == sidebar_id(*HOT)
    assert run("list", "-f", "csv", "--fields", "id,kind", "-n", "1").stdout == f"id,kind\n{sidebar_id(*HOT)},sidebar\n"
    assert run("list", "--fields", "title,id", "-n", "1").stdout == f"{HOT[0]}\t{sidebar_id(*HOT)}\n"


def test_table_format_fits_the_columns_env(stored):
    out = run("list", "--format", "table", env={"COLUMNS": "40"}).stdout
    assert sidebar_id(*HOT) in out and "…" in out
    assert max(len(line) for line in out.splitlines()) <= 40


def test_show_prints_the_item_in_full(stored):
    out = run("show", story_id(SHA_A)[:6]).stdout
    for expected in (
        "story",
        "新智元",
        "编辑部",
        "2024-08-31T16:59",
        "ai-safety 0.93 (AGI, 超级对齐)",
        "今年5月 -> 2024-05",
    ):
        assert expected in out
    assert "seeds/sample.txt" in out and "超级对齐" in out


def test_show_a_story_lists_its_pages_sidebar_items_with_ids(stored):
    out = run("show", story_id(SHA_A), "--format", "json").stdout
    sidebar_ids = [s["id"] for s in json.loads(out)["sidebar"]]
    assert sidebar_ids == [sidebar_id(*HOT), sidebar_id(*GAOKAO), sidebar_id(*PATENT)]


def test_show_an_unknown_id_is_a_one_line_error_exit_1(stored):
    assert "no item" in one_line_error(run("show", "ffffffffff"), 1)


def test_show_an_ambiguous_prefix_lists_the_candidates(db):
    with open_store(db, write=True) as s:
        s.add_page(make_page(SHA_A, *(sidebar(f"{HOT[0]}{n}", HOT[1], n + 1) for n in range(17))))
    ids = tsv_ids(run("list", "--all"))
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) > 1)
    message = one_line_error(run("show", shared), 1)
    assert all(i in message for i in ids if i.startswith(shared))


def test_topics_prints_the_tree_with_item_counts(stored):
    rows = {line.split("\t")[0]: line.split("\t") for line in run("topics").stdout.splitlines()}
    assert rows["science-technology"][1:3] == ["", "1"]
    assert rows["ai-safety"][1:3] == ["ai", "1"]
    assert rows["economy-business"][2] == "1" and rows["weather"][2] == "0"


def test_db_option_beats_the_environment(stored, tmp_path):
    other = str(tmp_path / "other.db")
    assert run("ingest", "--db", other, str(SEEDS)).exit_code == 0
    assert len(run("list", "--db", other).stdout.splitlines()) == 20
    assert len(run("list").stdout.splitlines()) == 5


def test_a_file_that_is_not_a_database_is_a_one_line_error_and_left_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n")
    for args in (["list"], ["ingest", str(SEEDS)], ["show", "abc"]):
        assert "not a SQLite database" in one_line_error(run(*args, "--db", str(path)), 1)
    assert path.read_text() == "not a database\n"


def test_a_corrupt_database_is_a_one_line_error(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00\xff" * 3000)
    assert "corrupt" in one_line_error(run("list", "--db", str(path)), 1)


def test_a_locked_database_is_a_one_line_error_after_the_busy_timeout(stored):
    holder = sqlite3.connect(stored, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("ingest", str(SEEDS), env={"TRIAGE_BUSY_TIMEOUT": "0.1"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked" in one_line_error(result, 1)


def test_a_location_that_cannot_be_written_is_a_one_line_error():
    assert "cannot" in one_line_error(run("ingest", "--db", "/proc/triage-test/triage.db", str(SEEDS)), 1)


@needs_tagger
def test_filter_topic_ai_safety_finds_only_the_story_of_the_sample_page(db):
    run("ingest", str(SEEDS))
    rows = [json.loads(line) for line in run("filter", "--topic", "ai-safety", "-f", "jsonl").stdout.splitlines()]
    assert [r["kind"] for r in rows] == ["story"]


# ---------------------------------------------------------------------------------------------
# Real processes in real pipes.


def triage_env(db_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    return {**env, "TRIAGE_DB": db_path, **extra}


@pytest.fixture
def big_store(tmp_path):
    """Enough rows that `list --all` overflows a pipe buffer (64 KiB)."""
    path = str(tmp_path / "big.db")
    with open_store(path, write=True) as s:
        s.add_pages_bulk([make_page(f"{n:064x}", sidebar(f"{PATENT[0]} {n}", PATENT[1], 1)) for n in range(1500)])
    return path


def test_a_piped_listing_is_tsv_without_colour(stored):
    proc = subprocess.run(
        [sys.executable, "-m", "triage", "list"], capture_output=True, text=True, env=triage_env(stored)
    )
    assert proc.returncode == 0 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[0].split("\t")[0] == sidebar_id(*HOT)
    assert all(line.count("\t") == 5 for line in lines) and "\x1b" not in proc.stdout


def test_list_all_into_head_exits_quietly(big_store):
    proc = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {sys.executable} -m triage list --all | head -1"],
        capture_output=True,
        text=True,
        env=triage_env(big_store),
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert len(proc.stdout.splitlines()) == 1


def test_list_piped_through_cut_gives_ids(stored):
    proc = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m triage list | cut -f1"],
        capture_output=True,
        text=True,
        env=triage_env(stored),
    )
    assert proc.stdout.split() == tsv_ids(CliRunner().invoke(app, ["list"], env={"TRIAGE_DB": stored}))


def test_force_color_colours_a_forced_table_and_no_color_wins(stored):
    cmd = [sys.executable, "-m", "triage", "list", "--format", "table"]
    forced = subprocess.run(cmd, capture_output=True, text=True, env=triage_env(stored, FORCE_COLOR="1"))
    assert "\x1b[" in forced.stdout
    both = subprocess.run(cmd, capture_output=True, text=True, env=triage_env(stored, FORCE_COLOR="1", NO_COLOR="1"))
    assert "\x1b" not in both.stdout and sidebar_id(*HOT) in both.stdout


@pytest.mark.parametrize(
    "command", [["list"], ["show", "aaaa"], pytest.param(["filter", "--topic", "ai"], marks=needs_tagger)]
)
def test_list_and_show_never_import_jieba_or_the_tagger(stored, command):
    if command[0] == "show":
        command = ["show", story_id(SHA_A)]
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "triage", *command],
        capture_output=True,
        text=True,
        env=triage_env(stored),
    )
    assert proc.returncode == 0, proc.stderr
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time")}
    assert "jieba" not in imported
    assert "rich" not in imported  # a pipe needs no Rich: start-up stays lean


def test_ingest_draws_no_progress_bar_into_a_pipe(db, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"p{n}.txt").write_text(SEED.read_text(encoding="utf-8") + f"\n{n}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "triage", "ingest", str(pages)], capture_output=True, text=True, env=triage_env(db)
    )
    assert proc.returncode == 0
    assert proc.stdout == "" and proc.stderr.count("\n") == 1 and proc.stderr.startswith("triage: 3 pages")


def test_ingest_with_worker_processes_stores_the_same_as_one_process(db, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(4):
        (pages / f"p{n}.txt").write_text(SEED.read_text(encoding="utf-8") + f"\n{n}\n", encoding="utf-8")
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    assert run("ingest", "--db", one, str(pages)).exit_code == 0
    assert run("ingest", "--db", two, "--jobs", "2", str(pages)).exit_code == 0
    listing = ["list", "--all", "--fields", "id,kind,published,title,pages"]
    assert run(*listing, "--db", one).stdout == run(*listing, "--db", two).stdout


def test_help_lists_every_command_and_a_typo_gets_a_suggestion():
    help_text = subprocess.run([sys.executable, "-m", "triage", "--help"], capture_output=True, text=True).stdout
    for command in ("parse", "tag", "ingest", "list", "filter", "show", "topics"):
        assert f"  {command} " in help_text
    typo = subprocess.run([sys.executable, "-m", "triage", "lis"], capture_output=True, text=True)
    assert typo.returncode == 2 and "Did you mean 'list'?" in typo.stderr


def test_version_prints_the_installed_version_and_runs_no_command():
    from importlib.metadata import version

    proc = subprocess.run([sys.executable, "-m", "triage", "--version", "list"], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"triage {version('triage')}\n", "")


def test_tag_reports_a_bad_line_and_tags_the_rest():
    lines = (
        '{"id": "a", "text": "昨天下午", "base": "nonsense"}\n'
        "{not json\n"
        '{"id": "b", "text": "截至6月6日收盘", "base": "2025-06-07T10:00"}\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "triage", "tag", "--format", "jsonl"], input=lines, capture_output=True, text=True
    )
    assert proc.returncode == 1
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["b"]
    assert rows[0]["dates"][0]["value"] == "2025-06-06"
    errors = proc.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("triage: stdin line 1: base 'nonsense'")
    assert errors[1].startswith("triage: stdin line 2: not valid JSON")
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------------------------------------
# forget: pages out of the store, run as a real process on real pages.

from conftest import GOOD_PAGES, run_triage  # noqa: E402


def store_ids(db) -> set[str]:
    with sqlite3.connect(db) as con:
        return {row[0] for row in con.execute("SELECT id FROM items")}


def test_forget_by_source_removes_the_pages_read_from_there_and_nothing_else(tmp_path):
    db = str(tmp_path / "triage.db")
    assert run_triage("ingest", "--db", db, str(GOOD_PAGES)).returncode == 0
    others = store_ids(db)
    assert run_triage("ingest", "--db", db, str(SEEDS)).returncode == 0
    seed_ids = store_ids(db) - others
    assert len(seed_ids) == 20

    dry = run_triage("forget", "--db", db, "--source", "seeds/", "--dry-run")
    assert dry.returncode == 0 and dry.stdout == b""
    assert dry.stderr.decode() == "triage: would forget 1 pages and 20 items; 0 items kept (other pages hold them)\n"
    assert store_ids(db) == others | seed_ids

    done = run_triage("forget", "--db", db, "--source", "seeds/")
    assert done.returncode == 0
    assert done.stderr.decode() == "triage: forgot 1 pages and 20 items; 0 items kept (other pages hold them)\n"
    assert store_ids(db) == others
    found = run_triage("list", "--db", db, "--query", "超级对齐")
    assert found.returncode == 0 and found.stdout == b""
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the page is gone, not marked as seen: ingesting it again stores it again
    again = run_triage("ingest", "--db", db, str(SEEDS))
    assert again.returncode == 0 and "1 pages, 20 items stored" in again.stderr.decode()


def test_forget_a_page_by_a_prefix_of_its_story_id(db):
    run("ingest", str(SEEDS))
    story = story_id(json.loads(run("parse", str(SEEDS)).stdout)["sha256"])
    result = run("forget", story[:6])
    assert result.exit_code == 0, result.output
    assert tsv_ids(run("list")) == []


def test_forget_without_pages_or_source_is_a_usage_error(db):
    assert "forget needs page ids or --source" in one_line_error(run("forget"), 2)


def test_forget_an_unknown_page_or_source_is_a_one_line_error_and_changes_nothing(stored):
    before = list(sqlite3.connect(stored).iterdump())
    assert "no page with id 'ffff'" in one_line_error(run("forget", "ffff"), 1)
    assert "no stored page was read from a path or URL containing 'nowhere/'" in one_line_error(
        run("forget", "--source", "nowhere/"), 1
    )
    assert list(sqlite3.connect(stored).iterdump()) == before


def test_forget_where_no_store_is_is_an_error_and_makes_no_store(tmp_path):
    missing = tmp_path / "typo.db"
    result = run("forget", "--db", str(missing), "--source", "seeds/")
    assert "no triage store there" in one_line_error(result, 1)
    assert not missing.exists()

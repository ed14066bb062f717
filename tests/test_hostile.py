"""The hostile-input corpus (tests/hostile/cases.toml) through the library and real `triage`
processes: each bad input gets exactly one line on stderr naming it, never a traceback; the good
pages of the same batch still come out and are stored; the exit code is 1 when anything failed."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import GOOD_PAGES, TESTS_DIR, good_page_paths, run_triage, triage_env

sys.path.insert(0, str(TESTS_DIR.parent / "scripts"))
import make_hostile  # noqa: E402

HOSTILE = TESTS_DIR / "hostile"
CASES = tomllib.loads((HOSTILE / "cases.toml").read_text(encoding="utf-8"))["case"]
ERRORS = [c for c in CASES if c["outcome"] == "error"]
PAGES = [c for c in CASES if c["outcome"] == "page"]
ARGS = list(dict.fromkeys(c["arg"] for c in CASES))  # each argument once, in manifest order
GOOD_SHOWN = {f"good/{p.name}" for p in good_page_paths()}

needs_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFO and /proc cases are Linux-only")


def shown(case: dict) -> str:
    return case.get("shown", case["arg"])


def causes(case: dict) -> list[str]:
    return case.get("cause_any", [case.get("cause", "")])


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """One directory holding every case (committed and generated) and the good pages in good/."""
    root = tmp_path_factory.mktemp("hostile")
    for path in (HOSTILE / "cases").iterdir():
        shutil.copy(path, root / path.name)
    make_hostile.write_generated(root)
    shutil.copytree(GOOD_PAGES, root / "good", ignore=shutil.ignore_patterns("*.md", "*.tsv"))
    return root


def stderr_lines(proc) -> list[str]:
    return proc.stderr.decode("utf-8", "replace").splitlines()


def assert_one_line_per_error(lines: list[str]) -> None:
    """Every expected error once, as its own line naming the input; nothing else but those."""
    assert not any("Traceback" in line for line in lines), "\n".join(lines)
    assert all(line.startswith("triage: ") for line in lines), "\n".join(lines)
    for case in ERRORS:
        prefix = f"triage: {shown(case)}: "
        mine = [line for line in lines if line.startswith(prefix)]
        assert len(mine) == 1, (shown(case), lines)
        assert any(cause.lower() in mine[0].lower() for cause in causes(case)), (case, mine[0])


# ---------------------------------------------------------------------------------------------
# Each case on its own, in process


@needs_linux
@pytest.mark.parametrize("case", CASES, ids=[f"{shown(c)}-{c['outcome']}" for c in CASES])
def test_each_hostile_case_alone_gives_its_expected_outcome(case, batch, monkeypatch):
    from triage.errors import InputError
    from triage.pipeline import parse_inputs
    from triage.sanitize import strip_escapes

    monkeypatch.chdir(batch)
    results = list(parse_inputs([case["arg"]]))
    errors = [r for r in results if isinstance(r, InputError) and strip_escapes(r.source) == shown(case)]
    pages = [r for r in results if not isinstance(r, InputError) and strip_escapes(r.source) == shown(case)]
    if case["outcome"] == "error":
        assert len(errors) == 1 and not pages, results
        assert "\n" not in str(errors[0])
        assert any(cause.lower() in errors[0].cause.lower() for cause in causes(case)), errors[0]
    else:
        assert len(pages) == 1 and not errors, results
        assert pages[0].encoding == case["encoding"]


# ---------------------------------------------------------------------------------------------
# The whole corpus in one batch with good pages, through real processes


@needs_linux
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_parse_batch_reports_each_bad_input_once_and_still_parses_the_good_pages(batch, jobs):
    proc = run_triage("parse", "--jobs", jobs, *ARGS, "good", cwd=batch)
    assert proc.returncode == 1
    lines = stderr_lines(proc)
    assert_one_line_per_error(lines)
    assert len(lines) == len(ERRORS)
    pages = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    sources = [page["source"] for page in pages]
    assert sorted(sources) == sorted({shown(c) for c in PAGES} | GOOD_SHOWN)
    encodings = {page["source"]: page["encoding"] for page in pages}
    for case in PAGES:
        assert encodings[shown(case)] == case["encoding"], case
    assert b"\x1b" not in proc.stdout and b"\x07" not in proc.stdout


@needs_linux
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ingest_batch_reports_each_bad_input_once_and_stores_every_good_page(batch, jobs, tmp_path):
    db = tmp_path / "triage.db"
    proc = run_triage("ingest", "--db", str(db), "--jobs", jobs, *ARGS, "good", cwd=batch)
    assert proc.returncode == 1
    lines = stderr_lines(proc)
    summary = lines.pop()
    assert_one_line_per_error(lines)
    assert len(lines) == len(ERRORS)
    assert summary.endswith(f"; {len(ERRORS)} failed"), summary
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT source FROM page_sources")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    expected = {shown(c) for c in PAGES if "\ufffd" not in shown(c) and "name-" not in shown(c)} | GOOD_SHOWN
    assert expected <= stored
    assert "names/name-\ufffd\ufffd.txt" in stored  # a name that is not UTF-8 is stored, made valid


@pytest.mark.parametrize(
    "data, cause",
    [(b"", "empty"), (bytes(range(256)) * 8, "binary data"), (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "gzip")],
    ids=["empty", "binary", "truncated-gzip"],
)
def test_bad_stdin_gives_one_line_naming_stdin(data, cause):
    proc = run_triage("parse", "-", input=data)
    assert proc.returncode == 1
    lines = stderr_lines(proc)
    assert len(lines) == 1 and lines[0].startswith("triage: -: ") and cause in lines[0], lines
    assert proc.stdout == b""


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe not UTF-8 \xe4\xba\xba\xe5\xb7\xa5\n",
        b'{"id": "\\ud800", "text": "\\udcff \\u4eba 2024\\u5e745\\u67086\\u65e5"}\n',
    ],
    ids=["invalid-utf8", "json-lone-surrogates"],
)
def test_tag_on_hostile_stdin_prints_valid_utf8_rows(data):
    proc = run_triage("tag", "--format", "jsonl", input=data, env=triage_env(PYTHONIOENCODING="utf-8"))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert len(rows) == 1

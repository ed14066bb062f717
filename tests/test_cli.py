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

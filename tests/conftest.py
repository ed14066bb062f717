"""Shared test helpers. Append-only: each section is owned by the tests that use it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# ---------------------------------------------------------------------------------------------
# Reliability suite (issue 7): hypothesis profile, real pages, real `triage` subprocesses.

try:
    from hypothesis import HealthCheck, settings

    # Moderate example counts so the whole suite runs in CI in minutes; no per-example deadline
    # (the machine is shared and timings are noisy). HYPOTHESIS_PROFILE=thorough for a long run.
    settings.register_profile(
        "ci",
        max_examples=200,
        deadline=None,
        # the same examples on every run: CI is a gate, not a lottery; "thorough" explores at random
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # hypothesis is a test extra; tests that need it import it themselves
    pass

TESTS_DIR = Path(__file__).parent
GOOD_PAGES = TESTS_DIR / "hostile" / "good"  # real corpus pages (see its SOURCES.tsv)


def good_page_paths() -> list[Path]:
    return sorted(p for p in GOOD_PAGES.iterdir() if p.suffix in (".txt", ".html"))


def triage_env(**extra: str) -> dict[str, str]:
    """The environment of a triage subprocess: no colour or terminal width inherited from the
    developer's shell, a store that is never the developer's own."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "TRIAGE_DB")}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run_triage(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, **kwargs
) -> subprocess.CompletedProcess:
    """A real `triage` process (python -m triage), output as bytes: tests look at every byte."""
    return subprocess.run(
        [sys.executable, "-m", "triage", *args],
        capture_output=True,
        env=env or triage_env(),
        timeout=timeout,
        **kwargs,
    )


@pytest.fixture
def isolated_db(tmp_path: Path) -> Path:
    """A store path in a fresh temporary directory."""
    return tmp_path / "store" / "triage.db"

"""Shared fixtures and helpers for briefgen's tests.

Keep this file small and generic: helpers that build projects on disk and run
commands on them. Format-specific fixtures (PDF, DOCX) belong in their own
test modules or in additional fixtures added here later.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository root, which is also the sample project."""

ROOTS = Path(__file__).resolve().parent / "roots"
"""Small fixture projects, one folder each."""

MINIMAL_CONFIG = "title: Test Briefings\n"

SLOWEST_FIRST = (
    "test_accessibility.py",
    "test_build_engine.py",
    "test_docx.py",
    "hostile/test_hostile.py",
    "test_pack.py",
    "test_layout.py",
    "test_docx_pages.py",
    "test_pdf.py",
    "test_docx_rtl.py",
    "test_incremental.py",
    "test_incremental_property.py",
    "test_country_charts.py",
    "test_chart_server.py",
    "test_layout_passes.py",
    "test_new.py",
    "test_stylesheet_errors.py",
    "test_house_style.py",
    "test_editorial_review.py",
)
"""The test files that take longest, longest first (from ``--durations``, roughly), run
before the others. ``./dev.sh test`` gives each of its two processes a whole file at a time
(``--dist loadfile``, so that a file's module fixtures are built once) in this order
(``--no-loadscope-reorder``): the long files start first and the short ones fill in
around them, instead of one long file running alone at the end while the other process
waits. A file missing here only runs later; the order changes no result."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: number for number, name in enumerate(SLOWEST_FIRST)}
    tests = Path(__file__).resolve().parent

    def file_rank(item: pytest.Item) -> int:
        try:
            name = item.path.resolve().relative_to(tests).as_posix()
        except ValueError:
            return len(rank)
        return rank.get(name, len(rank))

    items.sort(key=file_rank)  # stable: each file keeps its own order


def make_project(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write a project under ``tmp_path``: {relative path: text or bytes}.

    Text is written as UTF-8 exactly as given (no newline translation), so
    line and column positions in a test's expected messages follow directly
    from the strings in the test.
    """
    root = tmp_path / "project"
    root.mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir(exist_ok=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.encode("utf-8"))
    return root


def copy_root(name: str, tmp_path: Path) -> Path:
    """A fresh copy of the fixture project ``tests/roots/<name>`` (tests may modify it)."""
    target = tmp_path / name
    shutil.copytree(ROOTS / name, target, symlinks=True)
    return target


def run_check(project: Path, *args: str) -> tuple[int, list[str]]:
    """Run ``briefgen check --project PROJECT [ARGS]``; return (exit code, output lines).

    Any exception escaping the command (other than the exit itself) fails the
    test: a bad input must never produce a traceback.
    """
    result = CliRunner().invoke(cli, ["check", "--project", str(project), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"briefgen check raised {result.exception!r}:\n{result.output}"
        ) from result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def diagnostics_of(lines: list[str]) -> list[str]:
    """The diagnostic lines of a check output (everything but the summary line)."""
    return [line for line in lines if ": error: " in line or ": warning: " in line]


@pytest.fixture
def project(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """``project(files)`` builds a project in this test's temporary folder."""

    def build(files: Mapping[str, str | bytes]) -> Path:
        return make_project(tmp_path, files)

    return build


@pytest.fixture
def check(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], tuple[int, list[str]]]:
    """``check(files)`` builds a project and runs ``briefgen check`` on it."""

    def build_and_check(files: Mapping[str, str | bytes]) -> tuple[int, list[str]]:
        return run_check(make_project(tmp_path, files))

    return build_and_check

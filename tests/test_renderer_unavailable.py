"""A machine that cannot load WeasyPrint's libraries: the build says so in one line, in the
words of ``briefgen doctor``, exits 1, and leaves what was built as it was.

The rendering workers import WeasyPrint themselves (the build's process never does), so the
failure happens in a worker; it is told to the build's process, which reports it once. The
missing library is simulated with a ``sitecustomize`` module that makes the import of
``BLOCKED_MODULE`` raise what cffi raises when Pango is not installed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from buildtools import briefgen, write

FILES = {
    "briefgen.yaml": "languages: [en, fr]\nformats: [pdf, docx]\n",
    "content/speakers/ana.yaml": "name: Ana Lima\nposition: Analyst\n",
    "content/speakers/ben.yaml": "name: Ben Okafor\nposition: Adviser\n",
}

BLOCKER = """
import importlib.abc, os, sys

class _Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == os.environ.get("BLOCKED_MODULE"):
            raise (OSError if name.startswith("weasyprint") else ImportError)(
                os.environ["BLOCKED_MESSAGE"]
            )
        return None

sys.meta_path.insert(0, _Blocked())
"""
PANGO_MISSING = (
    "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
    "No such file or directory"
)
EXPECTED = (
    "briefgen: error: the renderer cannot start: WeasyPrint cannot load "
    f"({PANGO_MISSING}): install the Debian packages libpango-1.0-0 libpangoft2-1.0-0 "
    "[renderer]\n"
    "briefgen: `briefgen doctor` lists what this machine lacks\n"
)


def _blocking(tmp_path: Path, module: str, message: str) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    return {"PYTHONPATH": str(site), "BLOCKED_MODULE": module, "BLOCKED_MESSAGE": message}


def _built(root: Path) -> dict[str, str]:
    """Every file under build/ (the state included), by its digest."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((root / "build").rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_machine_without_pango_is_told_in_one_line_and_nothing_built_is_lost(
    tmp_path: Path, jobs: str
) -> None:
    root = write(tmp_path / "p", FILES)
    assert briefgen("build", cwd=root).code == 0
    before = _built(root)
    env = _blocking(tmp_path, "weasyprint.text.ffi", PANGO_MISSING)
    # Forced: the workers are forked before the project is read (at -j2, the first forks
    # the second once WeasyPrint is imported, which here it never is).
    run = briefgen("build", "--force", "-j", jobs, cwd=root, env=env)
    assert run.code == 1
    assert run.stderr == "rebuilding 8 outputs: forced\n" + EXPECTED
    assert _built(root) == before


def test_workers_forked_after_the_plan_say_the_same(tmp_path: Path) -> None:
    root = write(tmp_path / "p", FILES)
    assert briefgen("build", cwd=root).code == 0
    (root / "build/fr/speakers/ben.pdf").unlink()  # no file is newer: forked after the plan
    before = _built(root)
    env = _blocking(tmp_path, "weasyprint.text.ffi", PANGO_MISSING)
    run = briefgen("build", cwd=root, env=env)
    assert run.code == 1
    assert run.stderr.endswith(EXPECTED), run.stderr
    assert "Traceback" not in run.stderr
    assert _built(root) == before


def test_a_worker_that_fails_for_another_reason_is_still_reported_as_a_bug(
    tmp_path: Path,
) -> None:
    """Only WeasyPrint failing to load is the machine's: a module of briefgen's own that
    cannot be imported is a bug, reported with its traceback (exit 3)."""
    root = write(tmp_path / "p", FILES)
    env = _blocking(tmp_path, "briefgen.writers.pdf_marked", "a bug of briefgen's own")
    run = briefgen("build", cwd=root, env=env)
    assert run.code == 3
    assert "ImportError: a bug of briefgen's own" in run.stderr
    assert "briefgen: internal error (a bug in briefgen; please report it):" in run.stderr
    assert "the renderer cannot start" not in run.stderr

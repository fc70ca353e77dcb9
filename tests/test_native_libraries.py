"""WeasyPrint is imported without running the C compiler to find its libraries."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.writers.native_libraries import libraries_looked_up_once
from buildtools import copy_sample

LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig", "gobject-2.0")
"""What WeasyPrint opens, in the spelling that finds them on Linux."""


def compiler_shims(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose ``gcc``, ``cc`` and ``ld`` write a line per call to the returned
    file, then run the real ones (``ctypes.util.find_library`` runs them to look a name up)."""
    calls = folder / "compiler-calls"
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    for tool in ("gcc", "cc", "ld"):
        real = shutil.which(tool)
        shim = bin_dir / tool
        then = f'exec "{real}" "$@"' if real else "exit 1"
        shim.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{calls}"\n{then}\n')
        shim.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}, calls


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the linker cache is Linux's")
def test_the_linker_cache_finds_what_the_standard_lookup_finds() -> None:
    standard = {name: ctypes.util.find_library(name) for name in LIBRARIES}
    assert all(standard.values()), standard  # WeasyPrint's libraries are installed
    with libraries_looked_up_once():
        quick = {name: ctypes.util.find_library(name) for name in LIBRARIES}
        # Windows' spelling, which cffi tries first, is simply not there.
        assert ctypes.util.find_library("libgobject-2.0-0") is None
    assert quick == standard
    assert ctypes.util.find_library.__module__ == "ctypes.util"  # put back after the block


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the linker cache is Linux's")
def test_importing_the_writers_runs_no_compiler(tmp_path: Path) -> None:
    env, calls = compiler_shims(tmp_path)
    # The stylesheet check imports WeasyPrint before the layout module does.
    probe = (
        "import briefgen.writers.stylesheet_warnings, weasyprint.text.ffi as ffi\n"
        "print(ffi.pango is not None and ffi.harfbuzz_subset is not None)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    assert run.stdout.strip() == "True", run.stderr
    assert not calls.exists(), calls.read_text()
    # The shims do see the standard lookup's compiler runs: without the quick lookup,
    # importing WeasyPrint runs gcc.
    plain = subprocess.run(
        [sys.executable, "-c", "import weasyprint"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    assert plain.returncode == 0
    assert calls.read_text().startswith("gcc ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the linker cache is Linux's")
def test_a_build_runs_no_compiler(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "project")
    env, calls = compiler_shims(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "countries/KAZ", "--lang", "en", "-j", "1"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert run.returncode == 0, run.stderr
    assert "built 2," in run.stderr
    assert not calls.exists(), calls.read_text()

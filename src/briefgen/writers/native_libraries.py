"""Import WeasyPrint without running the C compiler to find its libraries.

WeasyPrint opens pango, harfbuzz, fontconfig and gobject with cffi under several
names each, the first ones in Windows' spelling (``libgobject-2.0-0``). cffi hands
a name it cannot open to ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p`` and then ``gcc`` and ``ld`` to look for it: sixteen subprocesses,
about a quarter of a second of every build's start on this project's machines
(upstream: https://github.com/Kozea/WeasyPrint/issues/1125).

:func:`libraries_looked_up_once` answers those lookups from one reading of the
dynamic linker's cache (``ldconfig -p``) while WeasyPrint is imported, and from
the directories of ``LD_LIBRARY_PATH``, as ``find_library`` itself does (without
its compiler step, which finds what the linker cache already lists). A name found
in neither is not there: cffi then tries WeasyPrint's next spelling. If the import
fails all the same, it is tried once more with the standard lookup, so that a
machine whose libraries only the compiler finds still imports WeasyPrint.
The writers package puts a finder on ``sys.meta_path`` (:func:`quick_weasyprint_import`)
that runs WeasyPrint's first import in this lookup, whichever module imports it first.

Where the libraries are not installed at all, :func:`weasyprint_unavailable` says so in
the words ``briefgen doctor`` and a build both use.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib.abc
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

from briefgen.writers.deferred_fonttools import fonttools_deferred

_LDCONFIG = ("/sbin/ldconfig", "/usr/sbin/ldconfig")
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
"""The Debian packages that give WeasyPrint the libraries it opens (Pango pulls the rest)."""


def _linker_sonames() -> list[str]:
    """The file names the dynamic linker's cache lists (``libpango-1.0.so.0``, ...)."""
    ldconfig = next((p for p in _LDCONFIG if os.access(p, os.X_OK)), None) or shutil.which(
        "ldconfig"
    )
    if ldconfig is None:
        return []
    try:
        listing = subprocess.run(
            [ldconfig, "-p"],
            capture_output=True,
            text=True,
            check=False,
            env={"LC_ALL": "C", "LANG": "C"},
        ).stdout
    except OSError:
        return []
    # "\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0"
    return [line.split(None, 1)[0] for line in listing.splitlines()[1:] if line.strip()]


def _library_path_sonames() -> list[str]:
    names: list[str] = []
    for folder in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep):
        if folder and Path(folder).is_dir():
            names += sorted(entry.name for entry in Path(folder).iterdir())
    return names


def _lookup(sonames: list[str]) -> Callable[[str], str | None]:
    def find_library(name: str) -> str | None:
        # find_library("pango-1.0") finds "libpango-1.0.so.0", as the standard one does.
        pattern = re.compile(rf"lib{re.escape(name)}\.so(?:\.[0-9]+)*")
        return next((so for so in sonames if pattern.fullmatch(so)), None)

    return find_library


@contextmanager
def libraries_looked_up_once() -> Iterator[None]:
    """``ctypes.util.find_library`` answered from the linker's cache, for the block's time."""
    if not sys.platform.startswith("linux"):
        yield
        return
    standard = ctypes.util.find_library
    sonames = _library_path_sonames() + _linker_sonames()
    ctypes.util.find_library = _lookup(sonames)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = standard


class _QuickWeasyPrintImport(importlib.abc.MetaPathFinder):
    """Imports WeasyPrint, the first time anything does, inside :func:`libraries_looked_up_once`.

    WeasyPrint opens its libraries while its package is executed (``weasyprint.text.ffi``),
    so the whole execution runs inside the quick lookup. Should it fail there (a library
    only the compiler finds), it runs again with the standard lookup.
    """

    def find_spec(self, fullname: str, path: object, target: object = None) -> ModuleSpec | None:
        if fullname != "weasyprint":
            return None
        sys.meta_path.remove(self)  # once: the next finders find the package itself
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            try:
                with libraries_looked_up_once(), fonttools_deferred():
                    execute(module)
            except OSError:
                for name in [m for m in sys.modules if m.startswith("weasyprint.")]:
                    del sys.modules[name]
                execute(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def quick_weasyprint_import() -> None:
    """Have the first import of WeasyPrint in this process, from anywhere, look its libraries
    up quickly. Costs nothing until then (briefgen/writers/__init__.py calls it)."""
    if "weasyprint" in sys.modules or any(
        isinstance(finder, _QuickWeasyPrintImport) for finder in sys.meta_path
    ):
        return
    sys.meta_path.insert(0, _QuickWeasyPrintImport())


def weasyprint_unavailable() -> str | None:
    """What keeps WeasyPrint from loading on this machine and what to install, or None
    when it loads (``cannot load (cannot load library 'libpango-1.0-0': …): install the
    Debian packages …``)."""
    try:
        # WeasyPrint prints its own advice on failure, and warns when no font is installed.
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import weasyprint.text.ffi  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"cannot load ({exc}): install the Debian packages {PANGO_PACKAGES}"
    return None

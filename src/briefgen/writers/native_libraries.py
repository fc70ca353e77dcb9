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
"""

from __future__ import annotations

import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_LDCONFIG = ("/sbin/ldconfig", "/usr/sbin/ldconfig")


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


def import_weasyprint() -> None:
    """Import WeasyPrint (and its libraries) quickly, or as WeasyPrint itself would."""
    if "weasyprint" in sys.modules:
        return
    try:
        with libraries_looked_up_once():
            import weasyprint
    except OSError:
        for module in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[module]
        import weasyprint  # noqa: F401

"""Convert .docx files to PDF through one warm LibreOffice, driven over UNO.

    /usr/bin/python3 benchmarks/uno_convert.py OUTDIR FILE.docx [FILE.docx ...]

The peer pipeline of ``benchmarks/peers.py``: offices that outgrow one
``soffice`` per document keep LibreOffice running and drive it through UNO,
as unoserver and Carbone's workers do. This script starts that LibreOffice
(its start is part of the figure), converts every file in turn through the
one connection, and stops it. It needs Debian's ``python3-uno``, which only
the system Python can import, so peers.py runs it with ``/usr/bin/python3``.
Prints the seconds spent, start included, as its last line.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def uno_property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe: str, deadline: float) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextlib.contextmanager
def warm_office(name: str = "briefgen-peer") -> Iterator[Any]:
    """A LibreOffice started headless with a profile of its own, and its Desktop over UNO;
    stopped when the block ends (tests/lo_indexes.py uses it too)."""
    with tempfile.TemporaryDirectory(prefix="uno-profile-") as profile:
        pipe = f"{name}-{os.getpid()}"
        office = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            desktop = _connect(pipe, time.monotonic() + 60)
            yield desktop
            with contextlib.suppress(Exception):  # the bridge goes down with the office
                desktop.terminate()
            office.wait(timeout=30)
        finally:
            if office.poll() is None:
                office.kill()


def main() -> None:
    outdir = Path(sys.argv[1])
    files = [Path(f).resolve() for f in sys.argv[2:]]
    start = time.perf_counter()
    with warm_office() as desktop:
        hidden = (uno_property("Hidden", True),)
        export = (uno_property("FilterName", "writer_pdf_Export"),)
        for source in files:
            document = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0, hidden)
            target = (outdir / (source.stem + ".pdf")).resolve()
            document.storeToURL(target.as_uri(), export)
            document.close(True)
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()

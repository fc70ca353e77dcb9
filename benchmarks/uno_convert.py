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
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def _property(name: str, value: object) -> PropertyValue:
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


def main() -> None:
    outdir = Path(sys.argv[1])
    files = [Path(f).resolve() for f in sys.argv[2:]]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="uno-profile-") as profile:
        pipe = f"briefgen-peer-{os.getpid()}"
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
            hidden = (_property("Hidden", True),)
            export = (_property("FilterName", "writer_pdf_Export"),)
            for source in files:
                document = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0, hidden)
                target = (outdir / (source.stem + ".pdf")).resolve()
                document.storeToURL(target.as_uri(), export)
                document.close(True)
            with contextlib.suppress(Exception):  # the bridge goes down with the office
                desktop.terminate()
            office.wait(timeout=30)
        finally:
            if office.poll() is None:
                office.kill()
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()

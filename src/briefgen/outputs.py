"""Writing output files atomically: a temporary file in the same folder, then a rename.

A reader never sees a half-written file, and a failure (an error, Ctrl-C, a
killed worker) leaves the previous output byte-identical. There is no fsync:
it would cost a disk flush per document, and file systems such as ext4
already order a replacing rename after the data it replaces.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tmp.chmod(0o644)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise

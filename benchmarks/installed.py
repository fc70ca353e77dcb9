"""briefgen's modules compiled to bytecode before a benchmark times a briefgen process.

An installed briefgen starts from compiled bytecode: ``pip install`` compiles a
wheel's modules, and Python writes ``__pycache__`` on a module's first import.
An editable install on a machine that sets ``PYTHONDONTWRITEBYTECODE`` (this
project's machines do) never gets there: every command compiles briefgen's
modules from source again, about 0.3-0.5 s of CPU that no user pays. The
benchmarks that time a briefgen command call :func:`compile_briefgen` first, so
that they measure what an installed briefgen does.
"""

from __future__ import annotations

import compileall
import importlib.util
from pathlib import Path


def compile_briefgen() -> Path:
    """Compile the briefgen package that ``python -m briefgen`` runs; its folder."""
    spec = importlib.util.find_spec("briefgen")
    if spec is None or spec.origin is None:
        raise SystemExit("briefgen is not installed in this Python")
    package = Path(spec.origin).parent
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"cannot compile {package}")
    return package

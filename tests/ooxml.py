"""The Open XML SDK's schema validator (@ooxml-tools/validate: .NET compiled to WASM, from
npm; ``npm install --prefix tools/ooxml``, which ``./dev.sh test`` runs).

Every file of a test goes to one ``node`` process (tools/ooxml/validate-many.mjs): the
validator's runtime takes seconds to start, a file a fraction of a second to validate, so
one process per file spent most of the suite's validation time starting it again.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "tools/ooxml/node_modules/@ooxml-tools/validate"
SCRIPT = REPO_ROOT / "tools/ooxml/validate-many.mjs"

needs_validator = pytest.mark.skipif(
    not PACKAGE.exists() and not os.environ.get("CI"),
    reason="install with: npm install --prefix tools/ooxml (./dev.sh test does)",
)
"""Skips a test where the validator is not installed, except in CI, where it must be."""


def schema_errors(paths: Iterable[Path]) -> dict[Path, list[dict[str, Any]]]:
    """Each file -> the errors the validator finds in it (Microsoft 365's schemas); an
    empty list for a valid file. The validator exits 0 whatever it finds: its JSON is the
    verdict."""
    files = list(paths)
    assert files, "no file to validate"
    run = subprocess.run(
        ["node", str(SCRIPT), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120 + 30 * len(files),
        check=False,
    )
    assert run.returncode == 0, run.stderr
    verdicts: dict[str, list[dict[str, Any]]] = json.loads(run.stdout)
    return {Path(path): errors for path, errors in verdicts.items()}


def invalid(paths: Iterable[Path]) -> dict[str, list[dict[str, Any]]]:
    """The files the validator finds errors in (``lang/kind/name``: their first three
    errors); empty when every file is valid."""
    return {
        "/".join(path.parts[-3:]): errors[:3]
        for path, errors in schema_errors(paths).items()
        if errors
    }

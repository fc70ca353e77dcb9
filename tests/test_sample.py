"""The sample project (the repository root) is valid, and checking it stays light."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO_ROOT, run_check


def test_sample_checks_clean() -> None:
    code, lines = run_check(REPO_ROOT)
    assert code == 0
    assert len(lines) == 1, lines  # nothing but the summary
    assert lines[0].endswith(" files, 0 errors, 0 warnings")


def test_sample_checks_clean_under_strict() -> None:
    code, lines = run_check(REPO_ROOT, "--strict")
    assert code == 0
    assert lines[0].endswith(", 0 errors, 0 warnings")


def test_sample_counts_every_content_file() -> None:
    content = [
        p
        for p in (REPO_ROOT / "content").rglob("*")
        if p.suffix in (".yaml", ".yml") and "assets" not in p.parts
    ]
    expected = f"{len(content) + 1} files, 0 errors, 0 warnings"  # + briefgen.yaml
    assert run_check(REPO_ROOT) == (0, [expected])


_PROBE = """
import json, sys
from briefgen.cli import main
sys.argv = ["briefgen", "check", "--project", sys.argv[1]]
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code
weasyprint = sorted(name for name in sys.modules if name.split(".")[0] == "weasyprint")
print(json.dumps({"code": code, "weasyprint": weasyprint}))
"""


def test_check_does_not_import_weasyprint() -> None:
    """Checking is fast because it never loads the PDF engine (seconds to import)."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    *output, report = result.stdout.splitlines()
    assert output[-1].endswith(", 0 errors, 0 warnings")
    assert json.loads(report) == {"code": 0, "weasyprint": []}

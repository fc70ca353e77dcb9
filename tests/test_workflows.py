"""The CI workflows (this repository's and the one for content repositories to copy) and
``briefgen summary``, which turns a build's --json report into their job summary."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from buildtools import REPO, briefgen, copy_sample

WORKFLOWS = [
    REPO / ".github/workflows/documents.yml",
    REPO / "docs/workflows/briefgen-documents.yml",
]
BIN = Path(sys.executable).parent

UNPINNED = """\
on:
  push:
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: ["1/1"]
    steps:
      - uses: actions/checkout@v4
      - run: briefgen build --shard ${{ matrix.shard }}
      - run: echo "built ${{ github.event.head_commit.message }}"
"""
"""The shape documents.yml had before: tags, default permissions, an expression in run:."""


def _tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_github_schema(workflow: Path) -> None:
    run = _tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "ok -- validation done"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_zizmor_finds_nothing(workflow: Path) -> None:
    run = _tool("zizmor", "--offline", "--persona=pedantic", "--format=json", str(workflow))
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout) == []


def test_zizmor_does_flag_an_unpinned_workflow(tmp_path: Path) -> None:
    """The audit above can fail: the old shape of the workflow is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(UNPINNED)
    run = _tool("zizmor", "--offline", "--format=json", str(bad))
    assert run.returncode != 0
    found = {finding["ident"] for finding in json.loads(run.stdout)}
    assert {"unpinned-uses", "excessive-permissions", "template-injection", "artipacked"} <= found


def _steps(workflow: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(workflow.read_text())
    (job,) = data["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def test_actions_are_pinned_to_commits_with_their_release_named() -> None:
    pins = []
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w-]+/[\w-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line
                pins.append(line.split("uses: ")[1])
    assert len(pins) == 8
    assert len(set(pins)) == 4, "both workflows pin the same releases"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_in_a_shell_command(workflow: Path) -> None:
    runs = [step["run"] for step in _steps(workflow) if "run" in step]
    assert runs and not [run for run in runs if "${{" in run]


def test_this_repository_builds_its_sample_from_the_checkout() -> None:
    data = yaml.safe_load(WORKFLOWS[0].read_text())
    assert data[True]["push"]["paths"][:3] == ["content/**", "templates/**", "briefgen.yaml"]
    runs = [step.get("run", "") for step in _steps(WORKFLOWS[0])]
    assert "python -m pip install ." in runs
    assert "briefgen build --json build/report.json" in runs
    assert any('briefgen summary build/report.json >> "$GITHUB_STEP_SUMMARY"' in r for r in runs)
    cache = next(s for s in _steps(WORKFLOWS[0]) if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "build"


def test_content_repositories_install_a_pinned_briefgen() -> None:
    data = yaml.safe_load(WORKFLOWS[1].read_text())
    assert data["env"]["BRIEFGEN"].startswith("briefgen @ git+https://")
    runs = [step.get("run", "") for step in _steps(WORKFLOWS[1])]
    assert 'python -m pip install "$BRIEFGEN"' in runs
    assert 'briefgen build --shard "$SHARD" --json build/report.json' in runs


# ---- briefgen summary -------------------------------------------------------------------


def _report(tmp_path: Path, documents: list[dict[str, Any]], diagnostics: list[str]) -> Path:
    path = tmp_path / "report.json"
    path.write_text(
        json.dumps(
            {"summary": {}, "seconds": 12.34, "documents": documents, "diagnostics": diagnostics}
        )
    )
    return path


def _output(
    path: str, status: str, reason: str | None, document: str | None = None
) -> dict[str, Any]:
    lang, fmt = path.split("/")[1], path.rsplit(".", 1)[1]
    document = document or "/".join(path.split("/")[2:]).rsplit(".", 1)[0]
    return {
        "path": path,
        "document": document,
        "lang": lang,
        "format": fmt,
        "status": status,
        "seconds": 0.1,
        "sha256": None,
        "reason": reason,
    }


def test_summary_names_what_was_rebuilt_failed_and_why(tmp_path: Path) -> None:
    style = "template templates/style.css changed"
    report = _report(
        tmp_path,
        [
            _output("build/en/countries/KAZ.pdf", "built", "content/countries/KAZ.yaml changed"),
            _output("build/en/countries/KAZ.docx", "built", "content/countries/KAZ.yaml changed"),
            _output("build/en/events/a.pdf", "built", style),
            _output("build/fr/events/a.pdf", "built", style),
            _output("build/en/events/b.pdf", "built", style),
            _output("build/en/speakers/x.pdf", "failed", "content/speakers/x.yaml has errors"),
            _output("build/fr/speakers/x.docx", "failed", "content/speakers/x.yaml has errors"),
            _output("build/en/countries/JPN.pdf", "current", None),
            _output("build/en/speakers/gone.pdf", "removed", "its document no longer exists", ""),
        ],
        [
            'content/speakers/x.yaml:3:7: error: unknown key "nme"; did you mean "name"? '
            "[unknown-key]"
        ],
    )
    run = briefgen("summary", str(report), cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.stdout == (
        "## briefgen: built 5, up to date 1, failed 2, removed 1 in 12.3 s\n"
        "\n"
        "### Failed (the previous files are kept)\n"
        "\n"
        "| document | languages | formats | why |\n"
        "| --- | --- | --- | --- |\n"
        "| speakers/x | en fr | docx pdf | content/speakers/x.yaml has errors |\n"
        "\n"
        "### Problems\n"
        "\n"
        "```text\n"
        'content/speakers/x.yaml:3:7: error: unknown key "nme"; did you mean "name"? '
        "[unknown-key]\n"
        "```\n"
        "\n"
        "### Rebuilt\n"
        "\n"
        "- template templates/style.css changed (3 files): events/a, events/b\n"
        "- content/countries/KAZ.yaml changed (2 files): countries/KAZ\n"
        "\n"
        "### Removed\n"
        "\n"
        "- build/en/speakers/gone.pdf\n"
    )


def test_summary_of_a_build_with_nothing_to_do(tmp_path: Path) -> None:
    report = _report(tmp_path, [_output("build/en/events/a.pdf", "current", None)], [])
    assert briefgen("summary", str(report), cwd=tmp_path).stdout == (
        "## briefgen: built 0, up to date 1, failed 0 in 12.3 s\n"
        "\n"
        "Nothing changed: every document is up to date.\n"
    )


def test_summary_cannot_be_turned_into_markup_by_content(tmp_path: Path) -> None:
    """File names and messages come from content: they are printed as text."""
    report = _report(
        tmp_path,
        [
            _output(
                "build/en/events/a.pdf", "failed", "<img src=x onerror=alert(1)> | *x*", "events/a"
            ),
        ],
        ["content/events/a.yaml:1:1: error: ```\n# not a heading [x]"],
    )
    lines = briefgen("summary", str(report), cwd=tmp_path).stdout.splitlines()
    assert lines[6] == (r"| events/a | en | pdf | \<img src=x onerror=alert\(1\)\> \| \*x\* |")
    assert lines[10:13] == [
        "````text",
        "content/events/a.yaml:1:1: error: ``` # not a heading [x]",
        "````",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "report.json: no such file (write it with briefgen build --json)"),
        ("[1, 2]", "report.json: not a report written by briefgen build --json"),
        (
            '{"documents": [{"path": 1}]}',
            "report.json: not a report written by briefgen build --json",
        ),
        (
            "{",
            "report.json: cannot read the report: Expecting property name enclosed in double "
            "quotes: line 1 column 2 (char 1)",
        ),
    ],
)
def test_summary_of_something_else_is_a_usage_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    if content is not None:
        (tmp_path / "report.json").write_text(content)
    run = briefgen("summary", "report.json", cwd=tmp_path)
    assert (run.code, run.stdout, run.stderr) == (2, "", f"briefgen: error: {message}\n")


def test_summary_of_a_real_build_names_the_broken_file_and_its_error(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    args = ("build", "countries/KAZ", "countries/JPN", "-f", "html", "-l", "en", "--json", "r.json")
    assert briefgen(*args, cwd=root).code == 0
    kaz = root / "content/countries/KAZ.yaml"
    kaz.write_text(kaz.read_text().replace("summary:", "summary: [", 1))
    jpn = root / "content/countries/JPN.yaml"
    jpn.write_text(jpn.read_text() + "# a comment changes nothing\n")
    assert briefgen(*args, cwd=root).code == 1
    out = briefgen("summary", "r.json", cwd=root).stdout.splitlines()
    assert re.fullmatch(r"## briefgen: built 0, up to date 1, failed 1 in \d+\.\d s", out[0])
    assert out[2:11] == [
        "### Failed (the previous files are kept)",
        "",
        "| document | languages | formats | why |",
        "| --- | --- | --- | --- |",
        "| countries/KAZ | en | html | content/countries/KAZ.yaml has errors |",
        "",
        "### Problems",
        "",
        "```text",
    ]
    assert out[11].startswith("content/countries/KAZ.yaml:")
    assert ": error: invalid YAML: " in out[11]
    assert out[12:] == ["```"]

"""A project stylesheet is checked once per build, before anything renders: what cannot be
parsed is an error at its file, line and column (the documents that use it fail), what
the renderer ignores a warning (the documents are made); neither is said again for each
document. ``briefgen check`` reports the errors too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.render.stylesheet_check import check_css
from briefgen.render.templates import BUILTIN_DIR
from briefgen.writers.stylesheet_warnings import ignored_declarations
from buildtools import briefgen, pdf_text, write
from conftest import REPO_ROOT

SPEAKERS = {
    "content/speakers/ana.yaml": "name: Ana Lima\nposition: Analyst\n",
    "content/speakers/ben.yaml": "name: Ben Okafor\nposition: Adviser\n",
}
OUTPUTS = [
    f"build/{lang}/speakers/{who}.{fmt}"
    for lang in ("en", "fr")
    for who in ("ana", "ben")
    for fmt in ("pdf", "html")
]
BROKEN = (
    '{% include "!builtin/style.css" %}\n'
    "{# The office's own rules, after the built-in ones:\n"
    "   a comment over two lines. #}\n"
    "h1 { colr: navy; }\n"
    ".y { color: }\n"
    "p::nothing { margin: 0 }\n"
    ".z { width: 3px\n"
)
BROKEN_ERRORS = [
    'templates/style.css:6:4: error: invalid selector "p::nothing": '
    "Expected a supported pseudo-element, got nothing [css-syntax]",
    'templates/style.css:7:4: error: "{" is not closed by the end of the file [css-syntax]',
]
BROKEN_WARNINGS = [
    'templates/style.css:4:6: warning: property "colr" ignored: unknown property [css-ignored]',
    'templates/style.css:5:6: warning: property "color" ignored: no value [css-ignored]',
]
IN_LINE_ORDER = BROKEN_WARNINGS + BROKEN_ERRORS
FIXED = BROKEN.replace("p::nothing", "p::before").replace("3px\n", "3px }\n")


def _project(root: Path, stylesheet: str) -> Path:
    return write(
        root,
        {
            "briefgen.yaml": "languages: [en, fr]\nformats: [pdf, html]\n",
            "templates/style.css": stylesheet,
            **SPEAKERS,
        },
    )


def _diagnostics(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line or ": warning: " in line]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_stylesheet_is_reported_once_and_fails_its_documents(
    tmp_path: Path, jobs: str
) -> None:
    root = _project(tmp_path / "p", BROKEN)
    run = briefgen("build", "-j", jobs, "--json", "report.json", cwd=root)
    assert run.code == 1, run.output
    assert _diagnostics(run.stderr) == IN_LINE_ORDER  # each once
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == {"built": 0, "current": 0, "failed": 8, "removed": 0}
    assert {(d["path"], d["reason"]) for d in report["documents"]} == {
        (path, "templates/style.css has errors") for path in OUTPUTS
    }
    assert sorted(report["diagnostics"]) == sorted(BROKEN_ERRORS + BROKEN_WARNINGS)
    assert not (root / "build/en").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_stylesheet_with_warnings_only_builds_and_warns_once(tmp_path: Path, jobs: str) -> None:
    stylesheet = FIXED + "h2 { border-width: thick-ish }\n"
    root = _project(tmp_path / "p", stylesheet)
    run = briefgen("build", "-j", jobs, cwd=root)
    assert run.code == 0, run.output
    assert _diagnostics(run.stderr) == [
        *BROKEN_WARNINGS,
        'templates/style.css:8:6: warning: property "border-width" ignored: '
        'invalid value "thick-ish" [css-ignored]',
    ]
    assert "PDF renderer" not in run.output
    for path in OUTPUTS:
        assert (root / path).stat().st_size > 0, path
    assert "Ana Lima" in pdf_text(root / "build/fr/speakers/ana.pdf")
    html = (root / "build/en/speakers/ben.html").read_text(encoding="utf-8")
    assert "h1 { colr: navy; }" in html  # the sheet is still the project's own
    # --strict makes the warnings fail the build.
    strict = briefgen("build", "--strict", "--force", "-f", "html", cwd=root)
    assert strict.code == 1 and _diagnostics(strict.stderr) == _diagnostics(run.stderr)[:3]
    # So does `strict: true` in briefgen.yaml, as it does for `check`.
    config = root / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "strict: true\n", encoding="utf-8")
    configured = briefgen("build", "--force", "-f", "html", cwd=root)
    assert configured.code == 1 and _diagnostics(configured.stderr) == _diagnostics(strict.stderr)


def test_a_fixed_stylesheet_builds_again(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", FIXED)
    first = briefgen("build", "-j", "2", cwd=root)
    assert first.code == 0, first.output
    made = {path: (root / path).read_bytes() for path in OUTPUTS}
    (root / "templates/style.css").write_text(BROKEN, encoding="utf-8")
    broken = briefgen("build", "-j", "2", cwd=root)
    assert broken.code == 1 and _diagnostics(broken.stderr) == IN_LINE_ORDER
    assert {path: (root / path).read_bytes() for path in OUTPUTS} == made  # kept as they were
    (root / "templates/style.css").write_text(FIXED, encoding="utf-8")
    fixed = briefgen("build", "-j", "2", "--json", "report.json", cwd=root)
    assert fixed.code == 0, fixed.output
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert {(d["path"], d["status"], d["reason"]) for d in report["documents"]} == {
        (path, "built", "its last build failed") for path in OUTPUTS
    }
    assert {path: (root / path).read_bytes() for path in OUTPUTS} == made  # same input, bytes
    again = briefgen("build", cwd=root)
    assert again.code == 0 and _diagnostics(again.stderr) == []  # a no-op build checks nothing
    assert "up to date 8" in again.stderr


def test_only_the_documents_that_include_a_broken_sheet_fail(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p",
        '{% include "!builtin/style.css" %}\n'
        '{% if doc.id == "ana" %}{% include "ana.css" %}{% endif %}\n',
    )
    write(root, {"templates/ana.css": "/* Ana's own */\n.ana {\n  color: red;\n"})
    run = briefgen("build", "-f", "html", "--json", "report.json", cwd=root)
    assert run.code == 1
    assert _diagnostics(run.stderr) == [
        'templates/ana.css:2:6: error: "{" is not closed by the end of the file [css-syntax]'
    ]
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert {(d["path"], d["status"], d["reason"]) for d in report["documents"]} == {
        ("build/en/speakers/ana.html", "failed", "templates/ana.css has errors"),
        ("build/fr/speakers/ana.html", "failed", "templates/ana.css has errors"),
        ("build/en/speakers/ben.html", "built", "new"),
        ("build/fr/speakers/ben.html", "built", "new"),
    }
    assert "Ben Okafor" in (root / "build/fr/speakers/ben.html").read_text(encoding="utf-8")


def test_check_reports_the_errors_without_the_renderer(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", BROKEN)
    run = briefgen("check", cwd=root)
    assert run.code == 1
    assert run.stdout.splitlines() == [*BROKEN_ERRORS, "3 files, 2 errors, 0 warnings"]


@pytest.mark.parametrize(
    "stylesheet",
    [BUILTIN_DIR / "style.css", REPO_ROOT / "templates/style.css"],
    ids=["built-in", "sample"],
)
def test_the_shipped_stylesheets_are_clean(stylesheet: Path) -> None:
    source = stylesheet.read_text(encoding="utf-8")
    assert check_css(source, "style.css", ignored=ignored_declarations) == []


def _problems(source: str) -> list[str]:
    found = check_css(source, "s.css", ignored=ignored_declarations)
    return [f"{d.location}: {d.severity}: {d.message}".removeprefix("s.css:") for d in found]


def test_what_cannot_be_parsed_is_an_error_at_its_start() -> None:
    source = (
        "a { x y; : red; width: 1px }\n"  # not declarations
        "b c > { }\n"  # a selector that ends in a combinator
        "d { content: 'e\n"  # a string left open at the end of the line
        "}\n"
        "f { background: url(g h) }\n"
        "i ) { }\n"
        "@media print { j:hover:nope { color: red } }\n"
        ".k { & > .l { color: red } &:nope { color: red } }\n"
        "m { n: o }\n"
        "/* never closed\n"
    )
    assert _problems(source) == [
        '1:5: error: "x y" is not a declaration (property: value)',
        '1:10: error: ": red" is not a declaration (property: value)',
        '2:1: error: invalid selector "b c >": expected a compound selector, got EOF',
        "3:14: error: a string is not closed before the end of its line",
        "5:17: error: bad url(): an unquoted URL cannot hold spaces, quotes or parentheses",
        '6:3: error: unmatched ")": it closes nothing',
        '7:16: error: invalid selector "j:hover:nope": Unknown pseudo-class nope',
        '8:28: error: invalid selector "&:nope": Unknown pseudo-class nope',
        "10:1: error: a comment is not closed by the end of the file",
        '9:5: warning: property "n" ignored: unknown property',
    ]


def test_jinja_code_keeps_positions_and_is_not_judged() -> None:
    source = (
        "{# a comment\n   over two lines #}{% if theme.logo %}\n"
        "h1 { color: {{ theme.primary_color }}; margin: {{ m }}mm; colr: red }\n"
        ".{{ name }} { width: 1px }{% endif %}\n"
        "h2 { colr: red }\n"
    )
    # A declaration that holds Jinja code is known once rendered: not judged; the others
    # are, at their own line and column.
    assert _problems(source) == [
        '3:59: warning: property "colr" ignored: unknown property',
        '5:6: warning: property "colr" ignored: unknown property',
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab:;{}()[]\"'\\/*@&.,>#_ -\n{%}", max_size=60))
def test_any_text_is_checked_without_failing(source: str) -> None:
    """Whatever an editor leaves in the file, the check answers, at places in the file."""
    lines = source.replace("\r", "\n").split("\n")
    for diagnostic in check_css(source, "s.css", ignored=ignored_declarations):
        where = diagnostic.location
        assert where is not None and 1 <= where.line <= len(lines), diagnostic
        assert 1 <= where.column <= len(lines[where.line - 1]) + 1, diagnostic

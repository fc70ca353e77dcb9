"""``briefgen check``: every problem in one run, sorted, with the documented exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.content import entities
from briefgen.content.schema import Field
from conftest import ROOTS, copy_root, make_project, run_check

Check = Callable[[Mapping[str, str | bytes]], tuple[int, list[str]]]

THREE_BAD_FILES = [
    'content/events/annual-meeting.yaml:6:12: error: unknown speaker "jane-do" '
    '(no content/speakers/jane-do.yaml); did you mean "jane-doe"? [unknown-reference]',
    'content/events/annual-meeting.yaml:15:11: error: "date": 2021-02-30 is not a date '
    "(YYYY-MM-DD): February 2021 has 28 days [date]",
    'content/organisations/acme.yaml:1:1: error: missing required key "name" [missing]',
    'content/organisations/acme.yaml:2:7: error: "kind" must be one of un, government, regional, '
    'intergovernmental, civil-society, other; not "goverment"; did you mean "government"? '
    "[choice]",
    'content/speakers/jane-doe.yaml:5:1: error: unknown key "honorfic"; did you mean '
    '"honorific"? [unknown-key]',
    "4 files, 5 errors, 0 warnings",
]
"""The complete output for tests/roots/three-bad-files, in order.

The dangling chair (line 6) is found only after every file is read, the bad
date (line 15) while reading: sorting puts line 6 first, numerically.
"""


def briefgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real entry point, ``python -m briefgen``, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_minimal_project_is_clean() -> None:
    assert run_check(ROOTS / "minimal") == (0, ["2 files, 0 errors, 0 warnings"])


def test_errors_in_three_files_are_all_reported_sorted() -> None:
    assert run_check(ROOTS / "three-bad-files") == (1, THREE_BAD_FILES)


def test_errors_in_three_files_through_the_console_entry_point() -> None:
    result = briefgen("check", "--project", str(ROOTS / "three-bad-files"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == THREE_BAD_FILES
    assert result.stderr == ""


def test_paths_are_relative_to_the_project_root_from_anywhere(tmp_path: Path) -> None:
    root = copy_root("three-bad-files", tmp_path)
    result = briefgen("check", "--project", "three-bad-files", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()) == (1, THREE_BAD_FILES)
    result = briefgen("check", cwd=root)  # the project defaults to the current folder
    assert (result.returncode, result.stdout.splitlines()) == (1, THREE_BAD_FILES)


def test_fixing_the_errors_gives_exit_0(tmp_path: Path) -> None:
    root = copy_root("three-bad-files", tmp_path)
    event = root / "content/events/annual-meeting.yaml"
    event.write_text(event.read_text().replace("jane-do\n", "jane-doe\n").replace("02-30", "02-28"))
    (root / "content/organisations/acme.yaml").write_text("name: Acme\nkind: government\n")
    speaker = root / "content/speakers/jane-doe.yaml"
    speaker.write_text(speaker.read_text().replace("honorfic", "honorific"))
    assert run_check(root) == (0, ["4 files, 0 errors, 0 warnings"])


# -- warnings and --strict --------------------------------------------------------------

WARNINGS = {
    "briefgen.yaml": "languages: [en, fr]\n",
    "content/speakers/ann-lee.yaml": "name: Ann Lee\nposition: {en: Director}\n",
    "content/speakers/notes.txt": "to do\n",
}
WARNING_LINES = [
    'content/speakers/ann-lee.yaml:2:11: warning: "position" has no "fr" text; the "en" '
    "text is used [missing-translation]",
    "content/speakers/notes.txt: warning: not a content file (expected "
    "content/speakers/<id>.yaml); it is ignored [unused-file]",
    "2 files, 0 errors, 2 warnings",
]


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    assert run_check(make_project(tmp_path, WARNINGS)) == (0, WARNING_LINES)


# Under strict, the content model says a warning is an error: reported as one.
STRICT_LINES = [line.replace(": warning: ", ": error: ") for line in WARNING_LINES[:-1]] + [
    "2 files, 2 errors, 0 warnings"
]


def test_strict_option_turns_warnings_into_errors(tmp_path: Path) -> None:
    assert run_check(make_project(tmp_path, WARNINGS), "--strict") == (1, STRICT_LINES)


def test_strict_setting_turns_warnings_into_errors(tmp_path: Path) -> None:
    files = {**WARNINGS, "briefgen.yaml": "languages: [en, fr]\nstrict: true\n"}
    assert run_check(make_project(tmp_path, files)) == (1, STRICT_LINES)


def test_strict_on_a_clean_project_exits_0() -> None:
    assert run_check(ROOTS / "minimal", "--strict") == (0, ["2 files, 0 errors, 0 warnings"])


def test_summary_counts_are_singular_for_one(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {"content/organisations/acme.yaml": "name: Acme\nurl: acme.example\nkind: company\n"},
    )
    code, lines = run_check(root)
    assert code == 1
    assert lines[-1] == "1 file, 1 error, 1 warning"


def test_empty_project(tmp_path: Path) -> None:
    """An empty content/ folder is a project (briefgen.yaml is optional); an empty folder
    is none (tests/test_messages.py)."""
    empty = tmp_path / "empty"
    (empty / "content").mkdir(parents=True)
    assert run_check(empty) == (0, ["0 files, 0 errors, 0 warnings"])


# -- usage errors -----------------------------------------------------------------------


def test_nonexistent_project_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-project"
    result = CliRunner().invoke(cli, ["check", "--project", str(missing)])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check", "--project", "{tmp}/no-such-project"], id="missing-project"),
        pytest.param(["check", "--project", "{tmp}/a-file"], id="project-is-a-file"),
        pytest.param(["check", "--no-such-option"], id="unknown-option"),
        pytest.param(["chek"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "a-file").write_text("x")
    result = briefgen(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "Error:" in result.stderr


# -- no bad input produces a traceback -------------------------------------------------

HOSTILE_VALUES = [
    "~",
    "''",
    "[]",
    "{}",
    "[a, [b, {c: d}]]",
    "{en: x, fr: [y], zz: {a: b}}",
    "{a: {b: {c: d}}}",
    "yes",
    "012345",
    "-1",
    "2021-02-30",
    "10:30",
    "KAZ",
    "kaz",
    "unodc",
    "'../../../etc/passwd'",
    "'[x](javascript:alert(1)) ![y](/etc/passwd)'",
    '"\\u00e9\\u0301 \\U0001F600 \\t"',
    "!!binary aGVsbG8=",
    "&a x",
    "*a",
]

_VALID: dict[str, dict[str, str]] = {
    # table: valid values of its required keys
    "events": {"title": "T", "start": "2021-03-10"},
    "speakers": {"name": "N", "position": "P"},
    "countries": {},
    "organisations": {"name": "N"},
    "programmes": {"name": "N"},
    "session": {"id": "a", "title": "A"},
    "statement": {"speaker": "s0", "quote": "Q"},
    "venue": {},
    "source": {"title": "T"},
    "fact": {"label": "L", "value": "1"},
    "contact": {},
    "partnership": {},
    "config": {},
    "theme": {},
    "limits": {},
}
_NESTED: dict[str, tuple[str, str, bool]] = {
    # table: (the table it sits in, its key there, whether that key holds a list)
    "session": ("events", "sessions", True),
    "statement": ("events", "statements", True),
    "venue": ("events", "venue", False),
    "source": ("events", "sources", True),
    "fact": ("countries", "facts", True),
    "contact": ("countries", "contacts", True),
    "partnership": ("countries", "partnership", False),
    "theme": ("config", "theme", False),
    "limits": ("config", "limits", False),
}
_FILES = {
    "events": "content/events/e{n}.yaml",
    "speakers": "content/speakers/s{n}.yaml",
    "countries": "content/countries/{code}.yaml",
    "organisations": "content/organisations/o{n}.yaml",
    "programmes": "content/programmes/p{n}.yaml",
    "config": "briefgen.yaml",
}
_COUNTRY_CODES = [
    "AUT",
    "BEL",
    "CAN",
    "DNK",
    "EST",
    "FIN",
    "GRC",
    "HUN",
    "IRL",
    "JPN",
    "KEN",
    "LVA",
    "MEX",
    "NLD",
    "OMN",
    "PER",
    "QAT",
    "ROU",
    "SWE",
    "THA",
    "UGA",
    "VNM",
]


def _tables() -> dict[str, Mapping[str, Field]]:
    from briefgen.content import config

    return {
        "events": entities.EVENT,
        "speakers": entities.SPEAKER,
        "countries": entities.COUNTRY,
        "organisations": entities.ORGANISATION,
        "programmes": entities.PROGRAMME,
        "session": entities.SESSION,
        "statement": entities.STATEMENT,
        "venue": entities.VENUE,
        "source": entities.SOURCE,
        "fact": entities.FACT,
        "contact": entities.CONTACT,
        "partnership": entities.PARTNERSHIP,
        "config": config.CONFIG,
        "theme": config.THEME,
        "limits": config.LIMITS,
    }


def _file_text(table: str, key: str, value: str) -> str:
    """A file whose every other required key is valid and whose ``key`` holds ``value``."""
    entries = {**_VALID[table], key: value}
    if table not in _NESTED:
        return "".join(f"{k}: {v}\n" for k, v in entries.items())
    parent, parent_key, is_list = _NESTED[table]
    flow = "{" + ", ".join(f"{k}: {v}" for k, v in entries.items()) + "}"
    head = "".join(f"{k}: {v}\n" for k, v in _VALID[parent].items())
    return head + f"{parent_key}: " + (f"[{flow}]" if is_list else flow) + "\n"


def _hostile_cases() -> list[Any]:
    return [
        pytest.param(table, key, id=f"{table}.{key}")
        for table, fields in _tables().items()
        for key in [*fields, "extra", "bogus"]
    ]


HOSTILE_EXPECTED = Path(__file__).parent / "expected" / "hostile-values.txt"
"""Every case's complete output, one section per case (``## events.title``); for the
tables of briefgen.yaml, one project per value, each run's output after ``# <value>``.

Written by running the cases with BRIEFGEN_WRITE_EXPECTED=1 (the test then fails, to
have the change reviewed: read each changed line against the value and the key's type).
"""


def _expected_outputs() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in HOSTILE_EXPECTED.read_text(encoding="utf-8").split("\n"):
        if line.startswith("## "):
            lines = sections.setdefault(line[3:], [])
        elif line:
            lines.append(line)
    return sections


def _write_expected(case: str, lines: list[str]) -> None:
    sections = _expected_outputs() if HOSTILE_EXPECTED.exists() else {}
    sections[case] = lines
    HOSTILE_EXPECTED.parent.mkdir(exist_ok=True)
    HOSTILE_EXPECTED.write_text(
        "".join(
            f"## {name}\n" + "".join(f"{line}\n" for line in body) + "\n"
            for name, body in sorted(sections.items())
        ),
        encoding="utf-8",
    )


@pytest.mark.parametrize(("table", "key"), _hostile_cases())
def test_no_value_of_any_key_produces_a_traceback(tmp_path: Path, table: str, key: str) -> None:
    """Every key of every table, with values of every shape: the exact diagnostics, never a
    crash. One project holds a file per value (the lines are sorted by file: e10 before
    e2); briefgen.yaml is one per project, so its tables need a project per value."""
    top = _NESTED[table][0] if table in _NESTED else table
    speaker = {"content/speakers/s0.yaml": "name: N\nposition: P\n"}
    output: list[str] = []
    if top == "config":
        for n, value in enumerate(HOSTILE_VALUES):
            files = {**speaker, "briefgen.yaml": _file_text(table, key, value)}
            code, lines = run_check(make_project(tmp_path / str(n), files))
            assert code == (1 if ", 0 errors, " not in lines[-1] else 0), lines
            output += [f"# {value}", *lines]
    else:
        files = dict(speaker)
        for n, value in enumerate(HOSTILE_VALUES):
            files[_FILES[top].format(n=n + 1, code=_COUNTRY_CODES[n])] = _file_text(
                table, key, value
            )
        code, output = run_check(make_project(tmp_path, files))
        assert output[-1].startswith(f"{len(files)} files, ")
        assert code == (1 if ", 0 errors, " not in output[-1] else 0)
    case = f"{table}.{key}"
    if os.environ.get("BRIEFGEN_WRITE_EXPECTED"):
        _write_expected(case, output)
        pytest.fail(f"{HOSTILE_EXPECTED.name}: {case} written; review the change")
    assert output == _expected_outputs()[case]


def test_every_fixture_in_one_project_reports_without_a_traceback(tmp_path: Path) -> None:
    from test_yaml_reading import BAD_FILES, BOMB

    files: dict[str, str | bytes] = {
        f"content/{kind}/bad-{n}.yaml": content
        for n, (_, content, _) in enumerate(BAD_FILES)
        for kind in ("speakers", "organisations", "programmes", "events")
    }
    files["content/speakers/bomb.yaml"] = BOMB
    files["briefgen.yaml"] = BAD_FILES[0][1]
    result = briefgen("check", "--project", str(make_project(tmp_path, files)))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    *diagnostics, summary = result.stdout.splitlines()
    assert len(diagnostics) > 4 * len(BAD_FILES)
    one_diagnostic = re.compile(r"(briefgen|[^:]+(:\d+:\d+)?): (error|warning): .+ \[[a-z-]+\]")
    assert [line for line in diagnostics if not one_diagnostic.fullmatch(line)] == []
    assert re.fullmatch(r"\d+ files, \d+ errors, 0 warnings", summary)


# -- check stays light: no renderer, no country database for valid codes -----------------

IMPORTED_BY_CHECK = """
import sys
from briefgen.cli import main
sys.argv = ["briefgen", "check", "--project", sys.argv[1]]
try:
    main()
except SystemExit as exit:
    print("exit", exit.code)
print(" ".join(m for m in ("weasyprint", "pikepdf", "pycountry", "docx", "vl_convert")
               if m in sys.modules))
"""


def test_check_loads_neither_the_renderer_nor_the_country_database() -> None:
    """check's speed (README: Performance) comes from what it does not load; the sample
    names countries and languages, all valid, so pycountry stays unloaded too."""
    from conftest import REPO_ROOT

    result = subprocess.run(
        [sys.executable, "-c", IMPORTED_BY_CHECK, str(REPO_ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == ["25 files, 0 errors, 0 warnings", ""]


def test_a_country_code_that_is_not_one_still_gets_its_suggestion(tmp_path: Path) -> None:
    """The database is loaded then, to name the country meant."""
    root = make_project(tmp_path, {"content/countries/KYR.yaml": "name: Kyrgyzstan\n"})
    assert run_check(root) == (
        1,
        [
            'content/countries/KYR.yaml:1:1: error: "KYR" is not an ISO 3166-1 alpha-3 country '
            'code; did you mean "KGZ" (Kyrgyzstan)? [country]',
            "1 file, 1 error, 0 warnings",
        ],
    )


def test_the_code_sets_match_pycountry() -> None:
    """briefgen's sets of valid codes are pycountry's: a new pycountry cannot leave them
    behind unnoticed."""
    import pycountry

    from briefgen.content.iso_codes import COUNTRIES, LANGUAGES, REGIONS

    assert {c.alpha_3 for c in pycountry.countries} == COUNTRIES
    assert {c.alpha_2 for c in pycountry.countries} == REGIONS
    assert {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")} == LANGUAGES

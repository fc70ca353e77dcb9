"""Messages that finish the job: each says what is wrong and what was meant, exactly."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from buildtools import briefgen, write
from conftest import diagnostics_of

Check = Callable[[Mapping[str, str | bytes]], tuple[int, list[str]]]
SPEAKER = "content/speakers/ann-lee.yaml"
EVENT = "content/events/e.yaml"
NOT_FOUND = "or its parents (briefgen new DIRECTORY starts a project)\n"


# ---- finding the project ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "check", "list"])
def test_outside_a_project_is_a_usage_error(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    run = briefgen(command, cwd=folder)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"briefgen: error: no briefgen.yaml in {folder} {NOT_FOUND}"
    assert not (folder / "build").exists()


def test_project_option_outside_a_project(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = briefgen("check", "--project", "empty", cwd=tmp_path)
    assert (run.code, run.stderr) == (
        2,
        f"briefgen: error: no briefgen.yaml in {tmp_path / 'empty'} {NOT_FOUND}",
    )


def test_the_project_is_found_upwards_as_git_does(tmp_path: Path) -> None:
    root = write(
        tmp_path / "office",
        {
            "briefgen.yaml": "title: Office\n",
            "content/speakers/ann-lee.yaml": "name: Ann Lee\nposition: Director\n",
        },
    )
    run = briefgen("check", cwd=root / "content/speakers")
    assert (run.code, run.stdout) == (0, "2 files, 0 errors, 0 warnings\n")
    run = briefgen("build", "-f", "html", cwd=root / "content")
    assert run.code == 0, run.stderr
    assert (root / "build/en/speakers/ann-lee.html").is_file()
    assert not (root / "content/build").exists()


def test_a_folder_with_content_and_no_briefgen_yaml_is_a_project(tmp_path: Path) -> None:
    """Every key of briefgen.yaml has a default: content/ alone makes a project, and the
    nearest project wins (a content-only project inside another one is its own)."""
    outer = write(tmp_path, {"briefgen.yaml": "title: Outer\nlanguages: [en, fr]\n"})
    inner = write(
        outer / "drafts",
        {
            "content/speakers/ann-lee.yaml": "name: Ann Lee\nposition: Director\n",
        },
    )
    run = briefgen("build", "-f", "html", cwd=inner / "content/speakers")
    assert run.code == 0, run.stderr
    built = sorted(p.relative_to(inner).as_posix() for p in inner.rglob("*.html"))
    assert built == ["build/en/speakers/ann-lee.html"]
    assert not (outer / "build").exists()


# ---- country codes ----------------------------------------------------------------------


def _speaker_from(country: str) -> dict[str, str]:
    return {SPEAKER: f"name: Ann Lee\nposition: Director\ncountry: {country}\n"}


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("KYR", 'did you mean "KGZ" (Kyrgyzstan)?'),  # the name begins with what was typed
        ("KZA", 'did you mean "KAZ" (Kazakhstan)?'),  # two letters swapped
        ("GER", 'did you mean "DEU" (Germany)?'),
        ("KZ", 'did you mean "KAZ" (Kazakhstan)?'),  # an alpha-2 code
        ("UK", 'did you mean "GBR" (United Kingdom of Great Britain and Northern Ireland)?'),
        ("South Korea", 'did you mean "KOR" (Republic of Korea)?'),  # named as the UN does
        ("Kazakhstan", 'did you mean "KAZ" (Kazakhstan)?'),  # a name
    ],
)
def test_an_unknown_country_code_suggests_the_closest(check: Check, code: str, hint: str) -> None:
    code_, lines = check(_speaker_from(code))
    assert code_ == 1
    assert diagnostics_of(lines) == [
        f'{SPEAKER}:3:10: error: "{code}" is not an ISO 3166-1 alpha-3 country code; {hint} '
        "[country]"
    ]


def test_the_projects_own_countries_come_first(check: Check) -> None:
    """MAL begins Malawi, Malaysia, Maldives, Mali and Malta: the project's country wins."""
    without = diagnostics_of(check(_speaker_from("MAL"))[1])
    assert without == [
        f'{SPEAKER}:3:10: error: "MAL" is not an ISO 3166-1 alpha-3 country '
        'code; did you mean "MDV" (Maldives)? [country]'
    ]
    malaysia = {"content/countries/MYS.yaml": "region: Asia\n"}
    with_file = diagnostics_of(check({**_speaker_from("MAL"), **malaysia})[1])
    assert with_file == [
        f'{SPEAKER}:3:10: error: "MAL" is not an ISO 3166-1 alpha-3 country '
        'code; did you mean "MYS" (Malaysia)? [country]'
    ]


def test_a_country_file_named_with_an_unknown_code(check: Check) -> None:
    _code, lines = check({"content/countries/KYR.yaml": "region: Central Asia\n"})
    assert diagnostics_of(lines) == [
        'content/countries/KYR.yaml:1:1: error: "KYR" is not an ISO 3166-1 alpha-3 country '
        'code; did you mean "KGZ" (Kyrgyzstan)? [country]'
    ]


def test_a_code_like_nothing_gives_an_example(check: Check) -> None:
    _code, lines = check(_speaker_from("XYZ"))
    assert diagnostics_of(lines) == [
        f'{SPEAKER}:3:10: error: "XYZ" is not an ISO 3166-1 alpha-3 country code (e.g. KAZ) '
        "[country]"
    ]


# ---- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2021-24-11", "2021-24-11 is not a date (YYYY-MM-DD); did you mean 2021-11-24?"),
        ("2021-13-01", "2021-13-01 is not a date (YYYY-MM-DD); did you mean 2021-01-13?"),
        ("2021-02-29", "2021-02-29 is not a date (YYYY-MM-DD): February 2021 has 28 days"),
        ("2021-04-31", "2021-04-31 is not a date (YYYY-MM-DD): April 2021 has 30 days"),
        ("2021-00-10", "2021-00-10 is not a date (YYYY-MM-DD)"),
    ],
)
def test_an_impossible_date_says_the_form_and_the_likely_swap(
    check: Check, value: str, message: str
) -> None:
    _code, lines = check({EVENT: f"title: T\nstart: {value}\n"})
    assert diagnostics_of(lines) == [f'{EVENT}:2:8: error: "start": {message} [date]']


# ---- YAML syntax ------------------------------------------------------------------------


def test_a_syntax_error_says_the_rest_of_the_file_was_not_checked(check: Check) -> None:
    _code, lines = check({SPEAKER: "name: Ann Lee\nposition: [Director\ncountry: XYZ\n"})
    assert diagnostics_of(lines) == [
        f"{SPEAKER}:3:8: error: invalid YAML: expected ',' or ']', but got ':' "
        "(in the list opened with [ at line 2, column 11); the rest of this file was not "
        "checked [yaml-syntax]"
    ]


# ---- font_family ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "Noto Sans, Arial",
            '2:16: error: "font_family" names one family per item: write a '
            "list, [Noto Sans, Arial] [font]",
        ),
        (
            "'x;y'",
            '2:16: error: font family "x;y" may hold letters, digits, spaces and hyphens '
            "only [font]",
        ),
        (
            "[Noto Sans, {a: b}]",
            '2:28: error: "font_family" must be a string, not a mapping [type]',
        ),
    ],
)
def test_font_family_mistakes(check: Check, value: str, message: str) -> None:
    code, lines = check({"briefgen.yaml": f"theme:\n  font_family: {value}\n"})
    assert (code, diagnostics_of(lines)) == (1, [f"briefgen.yaml:{message}"])


def _pdf_fonts(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return sorted({line.split()[0].split("+")[-1] for line in out.stdout.splitlines()[2:]})


SERIF = ["Noto-Sans", "Noto-Serif", "Noto-Serif-Bold", "Noto-Serif-Italic"]
"""Noto Sans stays only in the page number, which style.css sets in the page margin."""


@pytest.mark.parametrize(
    ("setting", "pdf_fonts", "word_font"),
    [
        (None, ["Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Italic"], "Noto Sans"),
        ("Noto Serif", SERIF, "Noto Serif"),
        ("[Not Installed Anywhere, Noto Serif]", SERIF, "Not Installed Anywhere"),
    ],
)
def test_font_family_one_name_or_a_list_reaches_both_writers(
    tmp_path: Path, setting: str | None, pdf_fonts: list[str], word_font: str
) -> None:
    """The PDF takes the whole list (a family not installed falls through to the next);
    Word takes the first family, as Word names one family per script."""
    theme = f"theme:\n  font_family: {setting}\n" if setting else ""
    root = write(
        tmp_path,
        {
            "briefgen.yaml": f"formats: [pdf, docx]\n{theme}",
            SPEAKER: "name: Ann Lee\nposition: Director\nbio: Works on *prevention*.\n",
        },
    )
    run = briefgen("build", cwd=root)
    assert run.code == 0, run.stderr
    assert _pdf_fonts(root / "build/en/speakers/ann-lee.pdf") == pdf_fonts
    with zipfile.ZipFile(root / "build/en/speakers/ann-lee.docx") as docx:
        styles = docx.read("word/styles.xml").decode()
    assert f'<w:rFonts w:ascii="{word_font}" w:hAnsi="{word_font}" w:cs="Noto Naskh Arabic" ' in (
        styles
    )

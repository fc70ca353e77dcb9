"""``briefgen doctor`` on this machine, and on the same machine with fewer fonts.

Fonts are taken away for real: fontconfig reads the configuration FONTCONFIG_FILE names,
in the subprocess that runs briefgen, so the doctor sees a machine with no fonts, or
with one Latin font.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from buildtools import REPO, briefgen, write

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  {dirs}
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
NOTO_SANS = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")


def fonts_conf(tmp_path: Path, *fonts: Path) -> dict[str, str]:
    """The environment of a machine whose only fonts are ``fonts`` (none: no font)."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    for font in fonts:
        (folder / font.name).symlink_to(font)
    conf = tmp_path / "fonts.conf"
    dirs = f"<dir>{folder}</dir>" if fonts else ""
    conf.write_text(FONTS_CONF.format(dirs=dirs, cache=tmp_path / "cache"))
    return {"FONTCONFIG_FILE": str(conf)}


def sections(stdout: str) -> dict[str, list[str]]:
    """The report's lines by section title (the lines that are not indented)."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in stdout.splitlines():
        if line and not line.startswith(" "):
            current = line
        found.setdefault(current, []).append(line)
    return found


def finding(stdout: str, subject: str) -> str:
    """The one line of the report about ``subject``."""
    lines = [line for line in stdout.splitlines() if line[11:].startswith(subject + ":")]
    assert len(lines) == 1, stdout
    return lines[0]


def test_this_machine_can_build(tmp_path: Path) -> None:
    """dev.sh installs everything: every script covered by the stylesheet's own family."""
    run = briefgen("doctor", cwd=tmp_path)  # outside any project: all six languages
    assert run.code == 0, run.output
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[0] == "fonts (no project here, so all six UN languages: en, fr, es, ru, ar, zh)"
    for subject, family in [
        ("Latin (en, es, fr)", "Noto Sans"),
        ("Cyrillic (ru)", "Noto Sans"),
        ("Arabic (ar)", "Noto Naskh Arabic"),
        ("Han (zh)", "Noto Sans CJK SC"),
    ]:
        line = finding(run.stdout, subject)
        assert re.fullmatch(
            rf"  ok       {re.escape(subject)}: {family}( \(and \d+ other famil(y|ies)\))?", line
        ), line
    weasyprint = subprocess.run(
        [sys.executable, "-c", "import weasyprint; print(weasyprint.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert finding(run.stdout, "WeasyPrint") == f"  ok       WeasyPrint: {weasyprint}"
    assert re.fullmatch(r"  ok       Pango: 1\.\d+\.\d+", finding(run.stdout, "Pango"))
    assert re.fullmatch(
        r"  ok       fast font subsetting: HarfBuzz \d+\.\d+\.\d+ with libharfbuzz-subset",
        finding(run.stdout, "fast font subsetting"),
    )
    soffice = subprocess.run(
        ["soffice", "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    assert finding(run.stdout, "LibreOffice").startswith(f"  ok       LibreOffice: {soffice} (")
    assert lines[-1] == "a build can succeed on this machine: 0 errors, 0 warnings"
    assert list(sections(run.stdout)) == [lines[0], "PDF renderer", "Word to PDF", lines[-1]]


def test_the_project_s_languages_are_the_ones_needed() -> None:
    run = briefgen("doctor", cwd=REPO / "content")  # found upwards, as every command does
    assert run.code == 0, run.output
    assert run.stdout.splitlines()[0] == (
        f"fonts (the languages of {REPO / 'briefgen.yaml'}: en, fr, ar)"
    )


def test_no_font_at_all_fails_naming_the_packages(tmp_path: Path) -> None:
    run = briefgen("doctor", cwd=tmp_path, env=fonts_conf(tmp_path))
    assert run.code == 1, run.output
    assert run.stderr == ""  # not even WeasyPrint's "no fonts configured" warning
    assert sections(run.stdout)[run.stdout.splitlines()[0]][1:] == [
        "  error    Latin (en, es, fr): no installed font covers Latin text (e.g. U+0041): "
        "install the Debian package fonts-noto-core",
        "  error    Cyrillic (ru): no installed font covers Cyrillic text (e.g. U+0410): "
        "install the Debian package fonts-noto-core",
        "  error    Arabic (ar): no installed font covers Arabic text (e.g. U+0627): install "
        "the Debian package fonts-noto-core",
        "  error    Han (zh): no installed font covers Chinese, Japanese and Korean text "
        "(e.g. U+4E2D): install the Debian package fonts-noto-cjk",
    ]
    assert run.stdout.splitlines()[-2:] == [
        "a build cannot succeed on this machine: 4 errors, 0 warnings",
        "to install what is missing: sudo apt-get install fonts-noto-core fonts-noto-cjk",
    ]


@pytest.mark.parametrize(
    ("languages", "code", "arabic", "verdict"),
    [
        ("[en, fr]", 0, "warning", "a build can succeed on this machine: 0 errors, 2 warnings"),
        ("[en, ar]", 1, "error", "a build cannot succeed on this machine: 1 error, 1 warning"),
    ],
)
def test_a_missing_script_fails_only_a_project_that_prints_it(
    tmp_path: Path, languages: str, code: int, arabic: str, verdict: str
) -> None:
    """One Latin font: Arabic is an error for a project in Arabic, a warning otherwise."""
    root = write(tmp_path / "p", {"briefgen.yaml": f"languages: {languages}\n"})
    run = briefgen("doctor", cwd=root, env=fonts_conf(tmp_path, NOTO_SANS))
    assert run.code == code, run.output
    assert finding(run.stdout, "Latin (en, es, fr)") == "  ok       Latin (en, es, fr): Noto Sans"
    unused = "" if arabic == "error" else "not needed by these languages, but "
    assert finding(run.stdout, "Arabic (ar)") == (
        f"  {arabic:<7}  Arabic (ar): {unused}no installed font covers Arabic text "
        "(e.g. U+0627): install the Debian package fonts-noto-core"
    )
    assert finding(run.stdout, "Han (zh)") == (
        "  warning  Han (zh): not needed by these languages, but no installed font covers "
        "Chinese, Japanese and Korean text (e.g. U+4E2D): install the Debian package "
        "fonts-noto-cjk"
    )
    assert run.stdout.splitlines()[-2:] == [
        verdict,
        "to install what is missing: sudo apt-get install fonts-noto-core fonts-noto-cjk",
    ]


def test_check_does_not_depend_on_the_fonts(tmp_path: Path) -> None:
    """A lint-only CI job has no fonts: check answers there as anywhere."""
    run = briefgen("check", cwd=REPO, env=fonts_conf(tmp_path))
    assert (run.code, run.stdout, run.stderr) == (0, "25 files, 0 errors, 0 warnings\n", "")

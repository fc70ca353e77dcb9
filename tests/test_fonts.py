"""Text in a script that no installed font covers fails, naming the Debian package."""

from __future__ import annotations

from pathlib import Path

import pytest

from buildtools import briefgen, write

LATIN_ONLY = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
NOTO_SANS = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")


def project(root: Path, position: str) -> Path:
    return write(
        root,
        {
            "briefgen.yaml": "formats: [pdf]\n",
            "content/speakers/ana.yaml": f'name: Ana Lima\nposition: "{position}"\n',
        },
    )


def latin_only(folder: Path) -> dict[str, str]:
    """An environment whose fontconfig knows Noto Sans alone (Latin, Greek, Cyrillic)."""
    fonts = folder / "fonts"
    fonts.mkdir()
    (fonts / NOTO_SANS.name).symlink_to(NOTO_SANS)
    conf = folder / "fonts.conf"
    conf.write_text(LATIN_ONLY.format(fonts=fonts, cache=folder / "cache"))
    return {"FONTCONFIG_FILE": str(conf)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "سفير",
            "no installed font covers Arabic text (e.g. U+0633): install the Debian "
            "package fonts-noto-core",
        ),
        (
            "大使",
            "no installed font covers Chinese, Japanese and Korean text (e.g. U+5927): "
            "install the Debian package fonts-noto-cjk",
        ),
    ],
)
def test_missing_script_names_the_package(tmp_path: Path, text: str, message: str) -> None:
    root = project(tmp_path / "p", f"Ambassador {text}")
    run = briefgen("build", cwd=root, env=latin_only(tmp_path))
    assert run.code == 1, run.output
    # Found by the validator, at the first character no font covers
    expected = f"content/speakers/ana.yaml:2:23: error: {message} [font]"
    assert expected in run.stderr.splitlines(), run.stderr
    assert not (root / "build/en/speakers/ana.pdf").exists()


def test_installed_scripts_build(tmp_path: Path) -> None:
    root = project(tmp_path, "Ambassador سفير 大使 посол")
    run = briefgen("build", cwd=root)
    assert run.code == 0, run.output


def test_private_use_characters_fail(tmp_path: Path) -> None:
    root = project(tmp_path, "Ambassador \ue000")
    run = briefgen("build", cwd=root)
    assert run.code == 1
    assert (
        "content/speakers/ana.yaml:2:23: error: no installed font covers U+E000 (a private-use "
        "or unassigned character): remove it from the content [font]"
    ) in run.stderr.splitlines()


def test_the_fonts_are_checked_when_something_is_rendered(tmp_path: Path) -> None:
    """A build with nothing to render reads no fonts: its outputs were checked when they
    were made. The next document it renders is checked against the fonts installed then."""
    root = project(tmp_path / "p", "Ambassador سفير")
    assert briefgen("build", cwd=root).code == 0
    env = latin_only(tmp_path)
    run = briefgen("build", cwd=root, env=env)
    assert run.code == 0, run.output
    assert run.stderr.splitlines()[-1].startswith("built 0, up to date 1, failed 0")
    speaker = root / "content/speakers/ana.yaml"
    speaker.write_text(speaker.read_text().replace("Ana Lima", "Ana Lima Costa"))
    run = briefgen("build", cwd=root, env=env)
    assert run.code == 1, run.output
    assert (
        "content/speakers/ana.yaml:2:23: error: no installed font covers Arabic text "
        "(e.g. U+0633): install the Debian package fonts-noto-core [font]"
    ) in run.stderr.splitlines()
    assert run.stderr.splitlines()[-1].startswith("built 0, up to date 0, failed 1")

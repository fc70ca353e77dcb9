"""The sample's house style (templates/, locale/): its own cover foot, over the built-in report."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from buildtools import briefgen, copy_sample, pdf_text

REPORT = "events/kyoto-2021-roadmap-children"
NAME = "United Nations Office on Drugs and Crime"
ADDRESS = "Vienna International Centre · PO Box 500 · 1400 Vienna · Austria"
PREPARED = {
    "en": "Prepared by UNODC Briefings",
    "fr": "Préparé par UNODC Briefings",
    "ar": "من إعداد \u2068UNODC Briefings\u2069",
}
ISOLATES = str.maketrans("", "", "\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2068\u2069")
"""Direction marks, embeddings and isolates (pdftotext and the Word runs of an RTL document)."""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("house") / "project")
    run = briefgen("build", REPORT, cwd=root)
    assert run.code == 0, run.output
    return root


def cover_lines(pdf: Path) -> list[str]:
    text = pdf_text(pdf).split("\f")[0]
    return [line.strip().translate(ISOLATES) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_pdf_cover_ends_with_the_office_name_block(sample: Path, lang: str) -> None:
    lines = cover_lines(sample / f"build/{lang}/{REPORT}.pdf")
    assert lines[-3:] == [NAME, ADDRESS, PREPARED[lang].translate(ISOLATES)]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_word_cover_has_the_same_name_block(sample: Path, lang: str) -> None:
    document = docx.Document(str(sample / f"build/{lang}/{REPORT}.docx"))
    publisher = [p for p in document.paragraphs if p.style.name == "Cover Publisher"]
    assert [p.text.translate(ISOLATES) for p in publisher] == [
        f"{NAME}\n{ADDRESS}\n{PREPARED[lang].translate(ISOLATES)}"
    ]


def test_the_house_style_is_inside_the_html_set(sample: Path) -> None:
    run = briefgen("check", "--strict", cwd=sample)
    assert (run.code, run.stdout) == (0, "25 files, 0 errors, 0 warnings\n")


def test_without_the_templates_the_cover_is_briefgens_own(tmp_path: Path) -> None:
    """The block the house style overrides changes nothing for a project without templates."""
    root = copy_sample(tmp_path / "plain")
    shutil.rmtree(root / "templates")
    shutil.rmtree(root / "locale")
    run = briefgen("build", REPORT, "--lang", "en", "--format", "pdf", cwd=root)
    assert run.code == 0, run.output
    lines = cover_lines(root / f"build/en/{REPORT}.pdf")
    assert lines[-2:] == ["10 March 2021 · Kyoto, Japan", NAME]

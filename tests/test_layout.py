"""Page layout of built PDFs: no near-empty page, no placeholder, one-page sheets.

The check itself is tests/layout.py; here it runs over the sample and over
tests/roots/stress (long and short content, speakers without statements,
countries without facts), each in English, French, Arabic and Chinese.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import weasyprint

from buildtools import briefgen, copy_sample
from layout import MIN_FILL, check_build, page_counts, placeholders_in, problems, read_pages

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr", "ar", "zh")


def _languages(root: Path, languages: tuple[str, ...]) -> None:
    """Set ``languages:`` in the project's briefgen.yaml (a block or a flow list)."""
    config = root / "briefgen.yaml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^languages:.*\n(?:  - .*\n)*", "", text)
    config.write_text(text + f"languages: [{', '.join(languages)}]\n", encoding="utf-8")


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample") / "project")
    _languages(root, LANGUAGES)
    run = briefgen("build", "--format", "pdf", cwd=root, env={"SOURCE_DATE_EPOCH": "0"})
    assert run.code == 0, run.output
    return root / "build"


@pytest.fixture(scope="module")
def stress_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stress") / "project"
    shutil.copytree(REPO / "tests/roots/stress", root)
    run = briefgen("build", "--format", "pdf", cwd=root, env={"SOURCE_DATE_EPOCH": "0"})
    assert run.code == 0, run.output
    return root / "build"


@pytest.fixture(scope="module")
def real_event_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/roots/cnd-62: a real ministerial meeting from its press release, six speakers,
    five of them without a recorded statement."""
    root = tmp_path_factory.mktemp("real") / "project"
    shutil.copytree(REPO / "tests/roots/cnd-62", root)
    run = briefgen("build", "--format", "pdf", cwd=root, env={"SOURCE_DATE_EPOCH": "0"})
    assert run.code == 0, run.output
    return root / "build"


def test_sample_pages_are_full_and_without_placeholders(sample_build: Path) -> None:
    built = {p.relative_to(sample_build).parts[0] for p in sample_build.glob("*/*/*.pdf")}
    assert sorted(built) == sorted(LANGUAGES)
    assert check_build(sample_build) == {}


def test_stress_pages_are_full_and_without_placeholders(stress_build: Path) -> None:
    counts = page_counts(stress_build)
    assert len(counts) == 4 * 21  # 2 events, 5 countries, 12 speakers, 2 packs, in 4 languages
    assert counts["en/events/long-congress"] >= 8  # long enough to test page breaks
    assert max(n for k, n in counts.items() if "/speakers/" in k) >= 2
    assert check_build(stress_build) == {}


def test_real_event_pages_are_full_and_speakers_without_statements_say_where(
    real_event_build: Path,
) -> None:
    assert len(page_counts(real_event_build)) == 4 * (1 + 4 + 6 + 1)  # and the pack
    assert check_build(real_event_build) == {}
    morales = read_pages(real_event_build / "en/speakers/evo-morales.pdf")
    assert len(morales) == 1
    lines = morales[0].text.splitlines()
    assert lines[1:5] == [
        "Evo Morales",
        "President of Bolivia",
        "Participation",
        "Took part in one session at one event.",
    ]
    assert lines[-4:] == ["15 March 2019", "CND 62nd session", "Ministerial segment", "Speaker"]
    bolivia = read_pages(real_event_build / "en/countries/BOL.pdf")[0].text
    assert "Delegation: one speaker\nEvo Morales, President of Bolivia" in bolivia


def test_sample_sheets_and_summaries_fit_one_page(sample_build: Path) -> None:
    counts = page_counts(sample_build)
    sheets = {k: n for k, n in counts.items() if "/countries/" in k or "/speakers/" in k}
    assert len(sheets) == 4 * (6 + 8)
    assert {k: n for k, n in sheets.items() if n != 1} == {}


def test_report_contents_shares_its_page_with_the_summary(sample_build: Path) -> None:
    """Twelve contents entries or fewer: no page of its own (docs/templates.md)."""
    page = read_pages(sample_build / "en/events/kyoto-2021-roadmap-children.pdf")[1]
    assert page.text.startswith("Contents\n")
    assert "\nSummary\nIn the margins of the 14th United Nations Congress" in page.text


def test_long_contents_gets_a_page_of_its_own(stress_build: Path) -> None:
    """The stress report lists 8 sessions and 8 chapters: its contents has its page."""
    pages = read_pages(stress_build / "en/events/long-congress.pdf")
    assert pages[1].text.startswith("Contents\n")
    assert pages[2].text.startswith("Summary\n")


# -- the check itself -----------------------------------------------------------------


def _pdf(tmp_path: Path, body: str) -> Path:
    page_css = "@page { size: A4; margin: 24mm 20mm 22mm 20mm; @bottom-right { content: 'Page' } }"
    html = (
        f"<html><head><style>{page_css} p {{ margin: 0 }}</style></head><body>{body}</body></html>"
    )
    path = tmp_path / "doc.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def test_the_check_measures_fill_and_ignores_the_footer(tmp_path: Path) -> None:
    lines = "".join(f"<p>Line {i}</p>" for i in range(40))
    pdf = _pdf(tmp_path, lines + '<p style="break-before: page">Lonely line</p>')
    pages = read_pages(pdf)
    assert len(pages) == 2
    assert 0.6 < pages[0].fill < 0.95
    assert pages[1].fill < 0.1
    assert pages[1].text == "Lonely line"  # the footer "Page" is outside the text area
    assert problems(pdf, "countries") == [
        f"doc.pdf: page 2 of 2 is {pages[1].fill:.0%} full (at least {MIN_FILL:.0%})"
    ]


def test_the_check_finds_placeholders_in_any_language(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path, "<p>Contacts</p><p>Aucune donnée enregistrée.</p>")
    assert problems(pdf, "countries") == ["doc.pdf: page 1 prints 'Aucune donnée enregistrée'"]


def test_the_check_finds_placeholders_as_words_not_inside_addresses() -> None:
    assert placeholders_in("Budget: N/A") == ["N/A"]
    assert placeholders_in("tbd.") == ["TBD"]
    assert placeholders_in("unodc.org/roca/en/About-us.html and www.n/about") == []
    assert placeholders_in("STBDX, none.org") == []
    assert placeholders_in("会议暂无记录。") == ["暂无记录"]


def test_the_check_exempts_cover_contents_and_a_one_page_document(tmp_path: Path) -> None:
    one = _pdf(tmp_path, "<p>Short</p>")
    assert problems(one, "speakers") == []
    report = _pdf(
        tmp_path,
        '<p>Cover</p><p style="break-before: page">Contents</p>'
        + '<div style="break-before: page">'
        + "<p>x</p>" * 40
        + "</div>",
    )
    assert [round(p.fill, 1) for p in read_pages(report)][:2] == [0.0, 0.0]
    assert problems(report, "events") == []
    assert len(problems(report, "countries")) == 2

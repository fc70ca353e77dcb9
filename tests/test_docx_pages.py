"""Word's pages are the PDF's: checked through LibreOffice, page by page.

The report's contents in Word is a TOC field whose page numbers are filled in
when the document is written. These tests convert the .docx files with the
real LibreOffice and read its PDF back (its bookmarks give the page of every
heading; pypdf counts its pages): every contents entry must give the page
LibreOffice puts the heading on, and every document must have as many pages
in Word as in the PDF. They also look at the cover LibreOffice draws, and at
the keep rules the Word document carries.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from buildtools import write
from conftest import copy_root
from docx_helpers import (
    NS,
    build_project,
    contents_entries,
    copy_sample,
    heading_pages,
    outline_pages,
    page_count,
    page_starts,
    q,
    soffice_to_pdf,
    xml_part,
)

REPORT = "events/kyoto-2021-roadmap-children"
SAMPLE_PRIMARY = (0x0B, 0x5E, 0xA8)
"""The sample's theme.primary_color, #0b5ea8."""
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def convert_all(root: Path, outdir: Path) -> dict[Path, Path]:
    """Every .docx under root/build converted by LibreOffice: .docx -> its PDF. One soffice
    run for them all (each run starts LibreOffice again, seconds on a slow machine): the
    files are staged under names that say their folder, since names repeat across
    languages."""
    build = root / "build"
    files = sorted(build.rglob("*.docx"))
    staged = outdir / "staged"
    staged.mkdir(parents=True)
    names = []
    for path in files:
        name = staged / "__".join(path.relative_to(build).parts)
        shutil.copyfile(path, name)
        names.append(name)
    pdfs = soffice_to_pdf(names, outdir / "pdf", outdir / "profile")
    assert [p.stem for p in pdfs] == [p.stem for p in names]  # soffice exits 0 on failure
    return dict(zip(files, pdfs, strict=True))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, Path]]:
    """The sample project (en, fr, ar), built as PDF and DOCX, every .docx converted."""
    base = tmp_path_factory.mktemp("pages")
    root = copy_sample(base)
    built = build_project(root, "pdf", "docx")
    assert not built.failed, built.output
    return root, convert_all(root, base / "lo")


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, Path]]:
    """The stress project's reports (long and short, in en, fr, ar and zh), as PDF and DOCX."""
    base = tmp_path_factory.mktemp("stress")
    root = copy_root("stress", base)
    built = build_project(
        root, "pdf", "docx", targets=("events/long-congress", "events/short-briefing")
    )
    assert not built.failed, built.output
    return root, convert_all(root, base / "lo")


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_every_contents_entry_gives_the_page_libreoffice_puts_its_heading_on(
    sample: tuple[Path, dict[Path, Path]], lang: str
) -> None:
    root, converted = sample
    docx_path = root / "build" / lang / f"{REPORT}.docx"
    entries = contents_entries(docx_path)
    assert len(entries) >= 8 and all(page is not None for _, page in entries)
    assert heading_pages(entries, outline_pages(converted[docx_path])) == entries


@pytest.mark.parametrize("lang", ["en", "fr", "ar", "zh"])
def test_a_long_report_of_the_stress_project_too(
    stress: tuple[Path, dict[Path, Path]], lang: str
) -> None:
    root, converted = stress
    for name in ("long-congress", "short-briefing"):
        docx_path = root / "build" / lang / "events" / f"{name}.docx"
        entries = contents_entries(docx_path)
        assert entries and all(page is not None for _, page in entries)
        assert heading_pages(entries, outline_pages(converted[docx_path])) == entries
        assert page_count(converted[docx_path]) == page_count(docx_path.with_suffix(".pdf"))
    # The long report's agenda runs over a page: in Word it is cut where the PDF cuts it,
    # each piece under the header row, as Word would repeat it.
    tables = list(
        xml_part(root / "build" / lang / "events" / "long-congress.docx", "word/document.xml").iter(
            q("w:tbl")
        )
    )
    assert len(tables) == 4  # three tables in the HTML, one of them over two pages
    for tbl in tables:
        rows = tbl.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_of_the_report_begins_where_the_pdfs_does(
    sample: tuple[Path, dict[Path, Path]], stress: tuple[Path, dict[Path, Path]], lang: str
) -> None:
    """Not only the headings: each page of Word begins with the words the PDF's page begins
    with (left-to-right languages: pdftotext reads Arabic in drawing order)."""
    for root, converted, target in ((*sample, REPORT), (*stress, "events/long-congress")):
        docx_path = root / "build" / lang / f"{target}.docx"
        expected = page_starts(docx_path.with_suffix(".pdf"))
        assert len(expected) >= 6
        assert page_starts(converted[docx_path]) == expected


def test_every_document_has_as_many_pages_in_word_as_in_the_pdf(
    sample: tuple[Path, dict[Path, Path]],
) -> None:
    root, converted = sample
    counts = {}
    for path, pdf in converted.items():
        name = str(path.relative_to(root / "build"))
        counts[name] = (page_count(path.with_suffix(".pdf")), page_count(pdf))
    assert len(counts) == 48  # 15 documents and a pack, in three languages
    assert {name: c for name, c in counts.items() if c[0] != c[1]} == {}
    # Fact sheets and speaker summaries are one page in the PDF, and so in Word.
    assert {c for name, c in counts.items() if "/countries/" in name or "/speakers/" in name} == {
        (1, 1)
    }


def test_contents_numbers_without_a_pdf_in_the_same_build(tmp_path: Path) -> None:
    """Word lays the document out itself: a Word-only build has the same numbers."""
    root = copy_sample(tmp_path)
    assert not build_project(root, "docx", targets=(REPORT,)).failed
    alone = contents_entries(root / "build" / "en" / f"{REPORT}.docx")
    assert not build_project(root, "pdf", "docx", targets=(REPORT,)).failed
    with_pdf = contents_entries(root / "build" / "en" / f"{REPORT}.docx")
    assert alone == with_pdf and all(page is not None for _, page in alone)


def _pixels(pdf: Path, page: int, tmp_path: Path) -> Image.Image:
    stem = tmp_path / f"page{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "20",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return Image.open(stem.with_suffix(".png")).convert("RGB")


def _close(color: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(color, expected, strict=True))


def test_word_cover_is_the_theme_colour_with_white_text(
    sample: tuple[Path, dict[Path, Path]], tmp_path: Path
) -> None:
    root, converted = sample
    docx_path = root / "build" / "en" / f"{REPORT}.docx"
    cover = _pixels(converted[docx_path], 1, tmp_path)
    width, height = cover.size
    # The colour covers the page to its edges, as the PDF's cover does...
    # (Two pixels in: at 20 dpi the page's last column of pixels is partly off the page.)
    for x, y in (
        (2, 2),
        (width - 3, 2),
        (2, height - 3),
        (width - 3, height - 3),
        (width // 2, height // 8),
    ):
        assert _close(cover.getpixel((x, y)), SAMPLE_PRIMARY), (x, y)
    # ...the text on it is white (the title and cover lines), and no dark text is left.
    colours = cover.getcolors(maxcolors=width * height) or []
    white = sum(n for n, c in colours if min(c) > 235)
    dark = sum(n for n, c in colours if max(c) < 90)
    assert white > 200 and dark == 0
    # The next page is white paper again.
    assert _pixels(converted[docx_path], 2, tmp_path).getpixel((0, 0)) == (255, 255, 255)
    # Only the report has a cover.
    sheet = root / "build" / "en" / "countries" / "KAZ.docx"
    assert _pixels(converted[sheet], 1, tmp_path).getpixel((0, 0)) == (255, 255, 255)


def test_cover_shape_takes_the_project_theme_colour(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    config = (root / "briefgen.yaml").read_text(encoding="utf-8")
    write(root, {"briefgen.yaml": config.replace('"#0b5ea8"', '"#7a1f3d"')})
    assert not build_project(root, "docx", targets=(REPORT,)).failed
    path = root / "build" / "en" / f"{REPORT}.docx"
    header = xml_part(path, _first_page_header(path))
    shapes = list(header.iter(f"{{{WPS}}}wsp"))
    assert len(shapes) == 1
    fill = shapes[0].find(f"{{{WPS}}}spPr/{{{A}}}solidFill/{{{A}}}srgbClr")
    assert fill is not None and fill.get("val") == "7A1F3D"
    anchor = shapes[0].getparent().getparent().getparent()
    assert anchor.get("behindDoc") == "1"
    extent = anchor.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
    )
    assert (extent.get("cx"), extent.get("cy")) == ("7560310", "10692130")  # A4, in EMU


def _first_page_header(path: Path) -> str:
    """The part name of the first page's header (the cover's)."""
    document = xml_part(path, "word/document.xml")
    ref = next(r for r in document.iter(q("w:headerReference")) if r.get(q("w:type")) == "first")
    rels = xml_part(path, "word/_rels/document.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == ref.get(q("r:id")))
    return f"word/{target}"


def test_headings_keep_with_next_quotes_stay_whole_rows_do_not_stand_alone(
    sample: tuple[Path, dict[Path, Path]],
) -> None:
    root, _ = sample
    path = root / "build" / "en" / f"{REPORT}.docx"
    styles = xml_part(path, "word/styles.xml")
    by_name = {
        s.find("w:name", NS).get(q("w:val")).lower(): s for s in styles.findall("w:style", NS)
    }

    def has(style: str, tag: str) -> bool:
        return by_name[style].find(f"w:pPr/{tag}", NS) is not None

    for name in ("title", "heading 1", "heading 2", "heading 3", "heading 4", "meta"):
        assert has(name, "w:keepNext"), name
    for name in ("quote", "reported"):  # a statement stays whole, with its attribution
        assert has(name, "w:keepNext") and has(name, "w:keepLines"), name
    assert has("attribution", "w:keepLines") and not has("attribution", "w:keepNext")
    document = xml_part(path, "word/document.xml")
    for tbl in document.iter(q("w:tbl")):
        if tbl.find("w:tblPr/w:tblStyle", NS) is None:
            continue  # a band: blocks side by side
        rows = tbl.findall("w:tr", NS)
        kept = [
            all(p.find("w:pPr/w:keepNext", NS) is not None for p in r.iter(q("w:p"))) for r in rows
        ]
        body = len(rows) - 1
        keep = {0, body - 2} if body > 1 else set()
        assert kept == [True] + [i in keep for i in range(body)]

"""The Word documents look as the PDFs do where an office editor saw them differ.

- A heading (any paragraph) directly after a table has the space above it that the PDF
  gives it: the table's bottom margin and the heading's top margin collapse into the
  larger of the two. Word had only the heading's space as it stands after a body
  paragraph (whose space after Word adds to it): after a table, almost none.
- The cover's publisher block lies at the foot of the page (``position: absolute`` in
  the stylesheet), in Word as in the PDF, and in LibreOffice: a frame at the PDF's
  place on the page. It followed the cover's other text.
- The contents' group lines of a briefing pack ("Event report", "Country fact sheets")
  are in capitals, as the stylesheet's ``text-transform: uppercase`` sets them in the
  PDF (``w:caps``: the text keeps its own case, for an editor and for search).
- The lines of the cover's publisher block that the house style sets lighter (its
  ``span``: 9 pt, weight 400, in a bold 11 pt block) are so in Word: their boxes sit
  inside the block's absolutely positioned box, which the layout reader now enters.
- The house style's publisher band (a dark background and a gold top rule, drawn by the
  block across the foot of the cover) is in Word too, as rectangles behind the text where
  the PDF paints them; Word had a white rule over the cover's colour.
- A cover's logo (``position: absolute`` in the stylesheet) is anchored on the page where
  the PDF places it, out of the text's flow: whole (it was an inline picture in a
  paragraph of exact line height, which showed a strip of it) and not pushing the cover's
  title down.
- The rule above the cover's kind line ("Special Event") is as long as the line's text,
  as in the PDF (a paragraph laid out as an inline-block): Word's ran the column's width.
- The pack's contents entries have the weight, colour, size and space above that the
  PDF gives them: group lines small, bold and in the theme's colour, with space above
  all but the first; each part's entry bold; a report's sections plain. Word had every
  entry in the TOC styles' plain text.

The sample (its house style: templates/, locale/) is built through the real command line
in English and Arabic; the .docx files are read back with lxml, laid out by LibreOffice,
and set beside the PDFs with pdftotext.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from buildtools import briefgen, copy_sample
from docx_helpers import NS, plain, q, soffice_to_pdf, styles_by_id, xml_part
from ooxml import invalid, needs_validator

EVENT = "kyoto-2021-roadmap-children"
SPEAKER = "mairo-abbas"
TARGETS = (f"events/{EVENT}", f"packs/{EVENT}", f"speakers/{SPEAKER}")
LANGS = ("en", "ar")
TWIPS_MM = 1440 / 25.4
PT_MM = 72 / 25.4
TABLE_MARGIN_MM = 5.0
"""style.css: ``table { margin: 2mm 0 5mm }``; what follows a table is at least this far."""
SHEET_H2_MM = 4.0
"""style.css: a sheet's first heading of a section (``.countries h2:first-of-type``), which
follows a band of sections side by side (a layout table in Word, with no margin of its own)."""
REPORT_H2_MM = 9.0
"""style.css: ``h2 { margin: 9mm 0 3mm }`` (a report's chapter heading)."""
PUBLISHER = "Drugs"
"""A word of the publisher's name (not translated), which only its block has on a cover."""
GROUPS = {"Event report", "Country fact sheets", "Speaker summaries"}
_HTML = "{http://www.w3.org/1999/xhtml}"
with_covers = pytest.mark.parametrize("target", [f"events/{EVENT}", f"packs/{EVENT}"])
"""A test of the cover of each document that has one: the report and the pack."""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with the report, the pack and a speaker's summary built as PDF and Word,
    in English and Arabic."""
    root = copy_sample(tmp_path_factory.mktemp("parity") / "sample")
    langs = [arg for lang in LANGS for arg in ("-l", lang)]
    run = briefgen("build", *langs, "-f", "pdf", "-f", "docx", *TARGETS, cwd=root)
    assert run.code == 0, run.output
    return root


def built(root: Path, lang: str, target: str, fmt: str) -> Path:
    return root / "build" / lang / f"{target}.{fmt}"


@pytest.fixture(scope="module")
def office(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The Word documents as LibreOffice lays them out (PDF), by (lang, target)."""
    base = tmp_path_factory.mktemp("office")
    out: dict[tuple[str, str], Path] = {}
    for lang in LANGS:
        for target in TARGETS:
            docx = built(sample, lang, target, "docx")
            made = soffice_to_pdf([docx], base / lang / target.split("/")[0], base / "profile")
            assert made, f"LibreOffice did not convert {docx}"
            out[(lang, target)] = made[0]
    return out


# -- reading the .docx back ------------------------------------------------------------


def _style_spacing(root: etree._Element, style_id: str) -> dict[str, int]:
    """A paragraph style's spacing, its own over the styles it is based on."""
    styles = {s.get(q("w:styleId")): s for s in root.findall("w:style", NS)}
    chain: list[etree._Element] = []
    current = styles.get(style_id)
    while current is not None and current not in chain:
        chain.append(current)
        based = current.find("w:basedOn", NS)
        current = styles.get(based.get(q("w:val"))) if based is not None else None
    spacing: dict[str, int] = {}
    for style in reversed(chain):
        node = style.find("w:pPr/w:spacing", NS)
        if node is not None:
            spacing.update(
                {
                    etree.QName(k).localname: int(v)
                    for k, v in node.attrib.items()
                    if etree.QName(k).localname in ("before", "after")
                }
            )
    return spacing


def space_before(docx: Path, p: etree._Element) -> int:
    """A paragraph's space before (twips): its own, else its style's."""
    own = p.find("w:pPr/w:spacing", NS)
    if own is not None and own.get(q("w:before")) is not None:
        return int(own.get(q("w:before")))
    style = p.find("w:pPr/w:pStyle", NS)
    styles = xml_part(docx, "word/styles.xml")
    style_id = style.get(q("w:val")) if style is not None else "Normal"
    return _style_spacing(styles, style_id).get("before", 0)


def text_of(p: etree._Element) -> str:
    return plain("".join(t.text or "" for t in p.iter(q("w:t"))))


def after_tables(docx: Path) -> list[tuple[str, str, int, bool]]:
    """(style name, text, space before in twips, whether the table is a band) of each
    heading that directly follows a table in the body, but those that begin a page (whose
    top margin the PDF drops). A band (``div.band``: sections side by side) is a table
    without a table style."""
    names = styles_by_id(docx)
    body = xml_part(docx, "word/document.xml").find("w:body", NS)
    found = []
    children = list(body)
    for before, node in itertools.pairwise(children):
        if before.tag != q("w:tbl") or node.tag != q("w:p"):
            continue
        if node.find("w:pPr/w:pageBreakBefore", NS) is not None:
            continue
        style = node.find("w:pPr/w:pStyle", NS)
        name = names.get(style.get(q("w:val")), "") if style is not None else "Normal"
        if name.lower().startswith("heading"):
            band = before.find("w:tblPr/w:tblStyle", NS) is None
            found.append((name, text_of(node), space_before(docx, node), band))
    return found


def cover_publisher(docx: Path) -> etree._Element:
    names = styles_by_id(docx)
    for p in xml_part(docx, "word/document.xml").iter(q("w:p")):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and names.get(style.get(q("w:val"))) == "Cover Publisher":
            return p
    raise AssertionError(f"{docx.name}: no paragraph in the Cover Publisher style")


# -- reading PDFs back -------------------------------------------------------------------


def line_tops(pdf: Path, page: int) -> list[tuple[str, float]]:
    """(text, top in mm) of each line of one page (pdftotext's real glyph boxes)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = ET.fromstring(xml)
    return [
        (
            " ".join(w.text or "" for w in line.iter(f"{_HTML}word")),
            float(line.get("yMin", 0)) / PT_MM,
        )
        for line in root.iter(f"{_HTML}line")
    ]


def publisher_top(pdf: Path) -> float:
    """The top (mm) of the publisher's name on the first page."""
    for text, top in line_tops(pdf, 1):
        if PUBLISHER in plain(text).split():
            return top
    raise AssertionError(f"{pdf}: the publisher's name is not on the cover page")


# -- 1. space above a heading that follows a table -------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", TARGETS)
def test_heading_after_table_has_the_pdfs_space(sample: Path, lang: str, target: str) -> None:
    docx = built(sample, lang, target, "docx")
    headings = after_tables(docx)
    assert headings, f"{docx.name}: no heading follows a table"
    short = [
        (name, text, before)
        for name, text, before, band in headings
        if before < (SHEET_H2_MM if band else TABLE_MARGIN_MM) * TWIPS_MM - 1
    ]
    assert not short, f"{lang}/{target}: less than {TABLE_MARGIN_MM} mm above {short}"


@pytest.mark.parametrize("lang", LANGS)
def test_report_chapter_after_table_has_its_own_margin(sample: Path, lang: str) -> None:
    """A report's chapter heading (h2, 9 mm above it) after a table keeps its 9 mm: the larger
    of the two margins, not the table's."""
    docx = built(sample, lang, f"events/{EVENT}", "docx")
    chapters = [
        (text, before)
        for name, text, before, band in after_tables(docx)
        if name.lower() == "heading 1" and not band
    ]
    assert chapters, "no chapter heading follows a table in the report"
    least = REPORT_H2_MM * TWIPS_MM - 1
    assert all(before >= least for _, before in chapters), chapters


@pytest.mark.parametrize("lang", LANGS)
def test_heading_after_a_paragraph_is_unchanged(sample: Path, lang: str) -> None:
    """Only what follows a table gets a space of its own: the other headings keep their
    style's (which counts the space after the paragraph before them)."""
    docx = built(sample, lang, f"events/{EVENT}", "docx")
    names = styles_by_id(docx)
    body = xml_part(docx, "word/document.xml").find("w:body", NS)
    children = list(body)
    own = []
    for before, node in itertools.pairwise(children):
        style = node.find("w:pPr/w:pStyle", NS)
        name = names.get(style.get(q("w:val")), "") if style is not None else ""
        spacing = node.find("w:pPr/w:spacing", NS)
        if (
            before.tag == q("w:p")
            and name.lower().startswith("heading")
            and spacing is not None
            and spacing.get(q("w:before")) is not None
        ):
            own.append(text_of(node))
    assert not own, own


@pytest.mark.parametrize("lang", LANGS)
def test_heading_after_table_in_libreoffice(
    sample: Path, office: dict[tuple[str, str], Path], lang: str
) -> None:
    """As LibreOffice lays the speaker's summary out, the gap between the table's last line
    and the heading after it ("Statements") is the PDF's, within 1.5 mm."""
    target = f"speakers/{SPEAKER}"
    heading = {"en": "Statements", "ar": "البيانات"}[lang]

    def gap(pdf: Path) -> float:
        lines = line_tops(pdf, 1)
        # pdftotext's boxes give Arabic in visual order
        top = next(top for text, top in lines if plain(text) in (heading, heading[::-1]))
        # the lowest line above the heading: the table's last row's
        return top - max(other for _, other in lines if other < top - 0.1)

    word, pdf = gap(office[(lang, target)]), gap(built(sample, lang, target, "pdf"))
    assert abs(word - pdf) <= 1.5, f"{lang}: {word:.1f} mm in Word, {pdf:.1f} mm in the PDF"


# -- 2. the cover's publisher block at the foot of the page ----------------------------


@pytest.mark.parametrize("lang", LANGS)
@with_covers
def test_cover_publisher_is_framed_on_the_page(sample: Path, lang: str, target: str) -> None:
    """The publisher paragraph is in a frame placed on the page, with a paragraph after it on
    the cover (LibreOffice anchors a frame to the paragraph that follows it)."""
    docx = built(sample, lang, target, "docx")
    p = cover_publisher(docx)
    frame = p.find("w:pPr/w:framePr", NS)
    assert frame is not None, f"{lang}/{target}: the publisher block is not in a frame"
    assert (frame.get(q("w:hAnchor")), frame.get(q("w:vAnchor"))) == ("page", "page")
    assert int(frame.get(q("w:y"))) > 200 * TWIPS_MM  # in the lower part of an A4 page
    after = p.getnext()
    assert after is not None and after.tag == q("w:p")
    assert after.find("w:pPr/w:pageBreakBefore", NS) is None
    assert after.find("w:pPr/w:framePr", NS) is None


@pytest.mark.parametrize("lang", LANGS)
@with_covers
def test_cover_publisher_at_the_foot_in_libreoffice(
    sample: Path, office: dict[tuple[str, str], Path], lang: str, target: str
) -> None:
    """LibreOffice prints the publisher's name on the cover where the PDF does (within 8 mm:
    the rule above it and its padding are drawn a little differently), not under the
    cover's other text."""
    word = publisher_top(office[(lang, target)])
    pdf = publisher_top(built(sample, lang, target, "pdf"))
    assert abs(word - pdf) <= 8, f"{lang}/{target}: at {word:.0f} mm in Word, {pdf:.0f} in the PDF"


def is_gold(pixel: tuple[int, int, int]) -> bool:
    """#f0b323 (the band's rule), as rasterised at 50 dpi."""
    red, green, blue = pixel
    return red > 200 and 140 < green < 210 and blue < 90


def first_page(pdf: Path, tmp_path: Path, dpi: int) -> Any:
    """Page 1 of ``pdf`` rasterised at ``dpi`` (pdftoppm), as an RGB image (PIL)."""
    from PIL import Image

    stem = tmp_path / f"{pdf.stem}-{dpi}"
    pages = ["-f", "1", "-l", "1", "-singlefile"]
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *pages, str(pdf), str(stem)], check=True)
    with Image.open(stem.with_suffix(".png")) as page:
        return page.convert("RGB")


def gold_rule_top(pdf: Path, tmp_path: Path) -> float | None:
    """The top (mm) of the first pixel row of page 1 that is mostly the band's gold."""
    image = first_page(pdf, tmp_path, 50)
    width, height = image.size
    for y in range(height):
        gold = sum(1 for x in range(0, width, 4) if is_gold(image.getpixel((x, y))))
        if gold > 0.8 * (width / 4):
            return y * 25.4 / 50
    return None


@pytest.mark.parametrize("lang", LANGS)
@with_covers
def test_cover_band_as_in_the_pdf(
    sample: Path,
    office: dict[tuple[str, str], Path],
    lang: str,
    target: str,
    tmp_path: Path,
) -> None:
    """templates/style.css paints the publisher block dark blue (#063a6e) under a 2.5 mm gold
    rule (#f0b323), across the page's foot. In Word: two rectangles behind the text, in the
    cover's header, and no rule of the paragraph's own; LibreOffice draws the gold rule
    across the page where the PDF does (within 1 mm)."""
    docx = built(sample, lang, target, "docx")
    fills = [
        clr.get("val")
        for part in ("word/header1.xml", "word/header2.xml", "word/header3.xml")
        if part_exists(docx, part)
        for clr in xml_part(docx, part).iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr"
        )
    ]
    assert "063A6E" in fills and "F0B323" in fills, fills
    top = cover_publisher(docx).find("w:pPr/w:pBdr/w:top", NS)
    assert top is not None and top.get(q("w:val")) == "nil"
    word = gold_rule_top(office[(lang, target)], tmp_path)
    pdf = gold_rule_top(built(sample, lang, target, "pdf"), tmp_path)
    assert word is not None and pdf is not None, (word, pdf)
    assert abs(word - pdf) <= 1.0, (word, pdf)


def kind_rule(pdf: Path, tmp_path: Path) -> tuple[float, float, float] | None:
    """Where (mm from the page's top, then from its left: start, end) the cover's white rule
    above its kind line lies: the first pixel row of page 1's upper half with a white run of
    10 mm or more (the text's letters make no run so long)."""
    image = first_page(pdf, tmp_path, 100)
    width, height = image.size
    per_mm = 100 / 25.4
    for y in range(height // 2):
        start = None
        for x in range(width + 1):
            white = x < width and min(image.getpixel((x, y))) > 225
            if white and start is None:
                start = x
            elif not white and start is not None:
                if x - start >= 10 * per_mm:
                    return y / per_mm, start / per_mm, x / per_mm
                start = None
    return None


@pytest.mark.parametrize("lang", LANGS)
@with_covers
def test_cover_kind_rule_as_long_as_in_the_pdf(
    sample: Path,
    office: dict[tuple[str, str], Path],
    lang: str,
    target: str,
    tmp_path: Path,
) -> None:
    """style.css draws the rule above the cover's kind line ("Special Event") as its top
    border, on a paragraph laid out as an inline-block: the rule is as long as the text
    (about 32 mm), at the start side. Word's paragraph spans the column, and so did its
    rule (166 mm); its end indent now narrows it to the PDF's width. LibreOffice draws it
    within 2 mm of the PDF's length, beginning where the PDF's begins (within 1 mm: the
    cover's text stands 22 mm from the page's side, the Word section's margin is 20 mm),
    and as far down the page as the PDF (within 1 mm): the pack's was 4 mm higher, its
    pages' top margin being narrower than the report's while the cover style's space above
    was one figure."""
    word = kind_rule(office[(lang, target)], tmp_path)
    pdf = kind_rule(built(sample, lang, target, "pdf"), tmp_path)
    assert word is not None and pdf is not None, (word, pdf)
    (word_top, *word_x), (pdf_top, *pdf_x) = word, pdf
    assert pdf_x[1] - pdf_x[0] < 60, pdf  # the PDF's rule is short: the measure is of it
    assert abs((word_x[1] - word_x[0]) - (pdf_x[1] - pdf_x[0])) <= 2.0, (word, pdf)
    start = 1 if lang == "ar" else 0  # the rule's start: its right end in Arabic
    assert abs(word_x[start] - pdf_x[start]) <= 1.0, (word, pdf)
    assert abs(word_top - pdf_top) <= 1.0, (word, pdf)


def part_exists(docx: Path, name: str) -> bool:
    import zipfile

    with zipfile.ZipFile(docx) as archive:
        return name in archive.namelist()


# -- 3. the contents' group lines in capitals ------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pack_contents_groups_in_capitals(sample: Path, lang: str) -> None:
    """Each group line of the pack's contents has ``w:caps`` on its text (the stylesheet's
    ``text-transform: uppercase``), and no other entry of the contents has."""
    docx = built(sample, lang, f"packs/{EVENT}", "docx")
    names = styles_by_id(docx)
    groups, others = [], []
    for p in xml_part(docx, "word/document.xml").iter(q("w:p")):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is None or not re.fullmatch(
            r"toc \d", names.get(style.get(q("w:val")), "").lower()
        ):
            continue
        runs = [r for r in p.iter(q("w:r")) if (r.findtext("w:t", "", NS) or "").strip()]
        caps = [r.find("w:rPr/w:caps", NS) is not None for r in runs]
        entry = text_of(p)
        (groups if p.find(".//w:hyperlink", NS) is None else others).append((entry, caps))
    assert len(groups) == 3, groups
    assert all(caps and all(caps) for _, caps in groups), groups
    assert not any(any(caps) for _, caps in others), others
    if lang == "en":
        assert {entry for entry, _ in groups} == GROUPS  # the text keeps its own case


def test_pack_contents_groups_print_in_capitals(
    sample: Path, office: dict[tuple[str, str], Path]
) -> None:
    """LibreOffice prints the English group lines in capitals, as the PDF does."""
    word = " ".join(text for text, _ in line_tops(office[("en", f"packs/{EVENT}")], 2))
    pdf = " ".join(text for text, _ in line_tops(built(sample, "en", f"packs/{EVENT}", "pdf"), 2))
    for group in GROUPS:
        assert group.upper() in pdf, group
        assert group.upper() in word, f"{group!r} is not in capitals in Word"


@pytest.mark.parametrize("lang", LANGS)
def test_cover_publisher_lighter_lines(sample: Path, lang: str) -> None:
    """templates/event.html (the sample's house style) writes the address and "Prepared
    by" line as ``span``s that templates/style.css sets at 9 pt and weight 400 in the
    block's bold 11 pt: in Word, their runs are 9 pt and not bold; the name keeps the
    style's weight and size."""
    marks = " \u200e\u200f\u2066\u2067\u2068\u2069"  # direction marks: no glyph to weigh
    runs = [
        r
        for r in cover_publisher(built(sample, lang, f"events/{EVENT}", "docx")).iter(q("w:r"))
        if (r.findtext("w:t", "", NS) or "").strip(marks)
    ]
    name = [r for r in runs if PUBLISHER in (r.findtext("w:t", "", NS) or "")]
    lighter = [r for r in runs if r not in name]
    assert name and lighter, [r.findtext("w:t", "", NS) for r in runs]
    for run in name:
        assert run.find("w:rPr/w:sz", NS) is None and run.find("w:rPr/w:b", NS) is None
    for run in lighter:
        bold = run.find("w:rPr/w:b", NS)
        size = run.find("w:rPr/w:sz", NS)
        assert bold is not None and bold.get(q("w:val")) == "0", etree.tostring(run)
        assert size is not None and size.get(q("w:val")) == "18", etree.tostring(run)


@pytest.mark.parametrize("lang", LANGS)
def test_cover_logo_is_placed_as_in_the_pdf(tmp_path: Path, lang: str) -> None:
    """With a logo (``theme.logo``), which style.css places on the cover
    (``position: absolute``, 22 mm from the top and the start side), Word has it anchored
    on the page out of the text's flow: at the PDF's place in English, against the right
    margin in Arabic (LibreOffice measures a page offset from the right there, Word from
    the left). LibreOffice then draws it whole (the white of the logo spans the picture's
    height; an inline logo in a paragraph of exact line height showed a 5 mm strip), on
    the start side, and the cover's title where the PDF has it, not pushed down by the
    logo."""
    root = copy_sample(tmp_path / "logo")
    (root / "content" / "assets").mkdir(exist_ok=True)
    (root / "content" / "assets" / "logo.png").write_bytes(_logo_png())
    config = root / "briefgen.yaml"
    text = config.read_text(encoding="utf-8")
    assert "theme:\n" in text
    config.write_text(text.replace("theme:\n", "theme:\n  logo: logo.png\n", 1), encoding="utf-8")
    run = briefgen("build", "-l", lang, "-f", "pdf", "-f", "docx", f"events/{EVENT}", cwd=root)
    assert run.code == 0, run.output
    docx = built(root, lang, f"events/{EVENT}", "docx")
    wp = {"wp": WP}
    anchors = [
        a
        for a in xml_part(docx, "word/document.xml").iter(f"{{{WP}}}anchor")
        if a.find("wp:docPr", wp) is not None
    ]
    assert len(anchors) == 1, "the logo is not anchored on the page"
    (logo,) = anchors
    horizontal, vertical = logo.find("wp:positionH", wp), logo.find("wp:positionV", wp)
    assert vertical.get("relativeFrom") == "page"
    assert abs(int(vertical.findtext("wp:posOffset", "0", wp)) / 36000 - 22) < 1
    if lang == "ar":
        assert horizontal.get("relativeFrom") == "margin"
        assert horizontal.findtext("wp:align", "", wp) == "right"
    else:
        assert horizontal.get("relativeFrom") == "page"
        assert abs(int(horizontal.findtext("wp:posOffset", "0", wp)) / 36000 - 22) < 1
    assert logo.find("wp:wrapNone", wp) is not None
    (office,) = soffice_to_pdf([docx], tmp_path / "office", tmp_path / "profile")
    image = first_page(office, tmp_path, 50)
    width, height = image.size
    # The logo is the only white in the cover's top fifth (its title begins lower).
    white = [
        (x, y)
        for y in range(height // 5)
        for x in range(0, width, 2)
        if min(image.getpixel((x, y))) > 230
    ]
    assert white, "LibreOffice drew no logo"
    rows = sorted({y for _, y in white})
    drawn_mm = (rows[-1] - rows[0] + 1) * 25.4 / 50
    picture_mm = int(logo.find("wp:extent", wp).get("cy")) / 36000
    assert drawn_mm > 0.8 * picture_mm, (drawn_mm, picture_mm)
    middle = sum(x for x, _ in white) / len(white)
    assert (middle > width / 2) == (lang == "ar"), (middle, width)
    # The cover's meta line ("10 March 2021 · Kyoto, Japan"): its Latin word is read back
    # alike from either PDF, in Arabic too.
    word_meta = line_top(office, "Kyoto")
    pdf_meta = line_top(built(root, lang, f"events/{EVENT}", "pdf"), "Kyoto")
    assert abs(word_meta - pdf_meta) <= 6, (word_meta, pdf_meta)


def line_top(pdf: Path, word: str) -> float:
    """The top (mm) of the first line of page 1 holding ``word``."""
    for text, top in line_tops(pdf, 1):
        if word in text:
            return top
    raise AssertionError(f"{pdf}: {word!r} is not on the first page")


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _logo_png() -> bytes:
    """A 640 x 200 white logo on a transparent ground, as an office's logo is."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (640, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), outline=(255, 255, 255, 255), width=12)
    draw.rectangle((220, 60, 620, 140), fill=(255, 255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# -- 4. the contents' entries look as in the PDF ----------------------------------------

PRIMARY = "0B5EA8"
"""briefgen.yaml's ``theme.primary_color``, which the group lines print in."""
GROUP_SPACE_MM = 4.0
"""style.css: ``.pack-toc li.toc-group { margin: 4mm 0 1.5mm }`` (none on the first)."""


def run_look(run: etree._Element, style: etree._Element) -> tuple[bool, str | None, str | None]:
    """(bold, colour, size in half-points) of a run: its own properties, else its paragraph
    style's (what Word shows, and what F9 keeps: it drops the run's own)."""

    def own_or_style(tag: str) -> etree._Element | None:
        found = run.find(f"w:rPr/{tag}", NS)
        return found if found is not None else style.find(f"w:rPr/{tag}", NS)

    color, size = own_or_style("w:color"), own_or_style("w:sz")
    return (
        own_or_style("w:b") is not None,
        None if color is None else color.get(q("w:val")),
        None if size is None else size.get(q("w:val")),
    )


@pytest.mark.parametrize("lang", LANGS)
def test_pack_contents_entries_look_as_in_the_pdf(sample: Path, lang: str) -> None:
    """Group lines in the theme colour, bold, 8.5 pt, with the space above them but for the
    first; parts bold; a report's sections not, and smaller: each kind on its own TOC level,
    the look in that level's style."""
    docx = built(sample, lang, f"packs/{EVENT}", "docx")
    names = styles_by_id(docx)
    styles = {
        s.get(q("w:styleId")): s for s in xml_part(docx, "word/styles.xml").iter(q("w:style"))
    }
    looks: dict[str, list[tuple[set[tuple[bool, str | None, str | None]], int]]] = {
        "group": [],
        "part": [],
        "section": [],
    }
    kinds = {"toc 1": "group", "toc 2": "part", "toc 3": "section"}
    for p in xml_part(docx, "word/document.xml").iter(q("w:p")):
        style = p.find("w:pPr/w:pStyle", NS)
        style_id = None if style is None else style.get(q("w:val"))
        kind = kinds.get(names.get(style_id or "", "").lower())
        if kind is None:
            continue
        runs = [r for r in p.iter(q("w:r")) if (r.findtext("w:t", "", NS) or "").strip()]
        spacing = p.find("w:pPr/w:spacing", NS)
        if spacing is None or spacing.get(q("w:before")) is None:
            spacing = styles[style_id].find("w:pPr/w:spacing", NS)
        before = 0 if spacing is None else int(spacing.get(q("w:before"), "0"))
        assert (p.find(".//w:hyperlink", NS) is None) == (kind == "group")
        looks[kind].append(({run_look(r, styles[style_id]) for r in runs}, before))
    assert len(looks["group"]) == 3 and len(looks["part"]) == 15 and looks["section"]
    assert all(look == {(True, PRIMARY, "17")} for look, _ in looks["group"]), looks["group"]
    spaces = [before for _, before in looks["group"]]
    assert spaces[0] == 0 and all(
        abs(before - GROUP_SPACE_MM * TWIPS_MM) < 2 for before in spaces[1:]
    ), spaces
    [part] = {frozenset(look) for look, _ in looks["part"]}
    [section] = {frozenset(look) for look, _ in looks["section"]}
    [(part_bold, _, part_size)] = part
    [(section_bold, _, section_size)] = section
    assert part_bold and not section_bold
    assert section_size == "19" and int(part_size or 0) > 19  # 9.5 pt, as style.css sets it


# -- the files stay valid -----------------------------------------------------------------


@needs_validator
def test_valid_ooxml(sample: Path) -> None:
    files = [built(sample, lang, target, "docx") for lang in LANGS for target in TARGETS]
    assert not invalid(files)


# -- 8. a link painted apart from links ---------------------------------------------------


def test_a_source_address_keeps_the_pdfs_grey(tmp_path: Path) -> None:
    """style.css paints a source's web address (``a.url``) grey (#5b6670) and smaller, where
    other links have the theme's colour. In Word the address's runs carry that grey over the
    Hyperlink style (whose navy they showed); a session's title in the agenda, a link of the
    theme's colour, keeps the Hyperlink style's own colour and no colour of its own."""
    root = copy_sample(tmp_path / "sample")
    event = root / "content" / "events" / f"{EVENT}.yaml"
    url = "https://www.unodc.org/unodc/en/frontpage/2021/March/roadmap.html"
    text = event.read_text(encoding="utf-8").replace(
        "    date: 2021-03-10\n", f"    date: 2021-03-10\n    url: {url}\n"
    )
    assert url in text
    event.write_text(text, encoding="utf-8")
    run = briefgen("build", "-l", "en", "-f", "pdf", "-f", "docx", f"events/{EVENT}", cwd=root)
    assert run.code == 0, run.output
    document = xml_part(built(root, "en", f"events/{EVENT}", "docx"), "word/document.xml")
    links = {
        "".join(t.text or "" for t in link.iter(q("w:t"))): link
        for link in document.iter(q("w:hyperlink"))
    }
    colours = [c.get(q("w:val")) for c in links[url].iter(q("w:color"))]
    assert colours and set(colours) == {"5B6670"}, colours
    session = links["Opening of the event"]
    assert session.find(".//w:color", NS) is None

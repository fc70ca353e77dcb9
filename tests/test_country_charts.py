"""Charts in the country fact sheet: a fact series drawn in the PDF, the HTML and Word,
with its alt text, its latest value as a headline, mirrored in Arabic, same bytes."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest

from briefgen.content.values import Number, Text
from briefgen.render import charts
from buildtools import pdf_text as layout_text
from conftest import copy_root
from docx_helpers import build_project, pdf_text, xml_part
from ooxml import invalid, needs_validator

ALT = {
    "en": "Children repatriated, 2019–2022: 156, 201, 279, 310",
    "ar": "الأطفال العائدون، 2019–2022: 156، 201، 279، 310",
}
FORMATS = ("pdf", "docx", "html")
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root("charts", tmp_path_factory.mktemp("charts"))
    result = build_project(root, *FORMATS)
    assert result.code == 0, result.output
    return root / "build"


def _series(lang: str) -> charts.Series:
    label = "Children repatriated" if lang == "en" else "الأطفال العائدون"
    points = ((2019, "156"), (2020, "201"), (2021, "279"), (2022, "310"))
    return charts.Series(Text.of(label), None, tuple((y, Number(v, Decimal(v))) for y, v in points))


def _figure_alts(pdf: Path) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

    with pikepdf.open(pdf) as document:
        walk(document.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pdf_shows_the_chart_as_a_figure_with_its_alt_text(built: Path, lang: str) -> None:
    pdf = built / lang / "countries" / "IRQ.pdf"
    assert _figure_alts(pdf) == [ALT[lang]]
    with pikepdf.open(pdf) as document:
        assert len(document.pages) == 1


def test_the_pdf_keeps_the_numbers_in_the_table_and_heads_the_chart_with_the_latest(
    built: Path,
) -> None:
    table = layout_text(built / "en" / "countries" / "IRQ.pdf")
    for value in ("156 (2019)", "201 (2020)", "279 (2021)", "310 (2022)"):
        assert re.search(rf"^ *Children repatriated +{re.escape(value)}$", table, re.M)
    (page,) = pdf_text(built / "en" / "countries" / "IRQ.pdf")
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    trends = lines.index("Trends")
    assert lines[trends + 1 : trends + 3] == ["Children repatriated", "310 (2022)"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_html_carries_the_svg_inline_with_its_alt_text(built: Path, lang: str) -> None:
    html = (built / lang / "countries" / "IRQ.html").read_text(encoding="utf-8")
    pattern = r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"'
    (img,) = re.findall(pattern, html)
    svg = charts.render(_series(lang), lang, "#0b5ea8", "Noto Sans", "svg")
    assert base64.b64decode(img[0]) == svg
    assert img[1] == ALT[lang]
    latest = "\u2068310\u2069" if lang == "ar" else "310"  # isolated in right-to-left text
    assert f'<p class="headline"><strong>{latest}</strong> (2022)</p>' in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_word_places_the_png_at_print_resolution_floated_to_the_end(built: Path, lang: str) -> None:
    path = built / lang / "countries" / "IRQ.docx"
    body = xml_part(path, "word/document.xml")
    (anchor,) = body.iter(f"{WP}anchor")
    assert anchor.find(f"{WP}docPr").get("descr") == ALT[lang]
    assert anchor.find(f"{WP}positionH/{WP}align").text == ("left" if lang == "ar" else "right")
    extent = anchor.find(f"{WP}extent")
    assert int(extent.get("cx")) == round(62.0 * 36000)
    with zipfile.ZipFile(path) as package:
        (media,) = [n for n in package.namelist() if n.startswith("word/media/")]
        png = package.read(media)
    assert png == charts.render(_series(lang), lang, "#0b5ea8", "Noto Sans", "png")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_word_shows_the_headline_figure_large_in_the_theme_colour(built: Path, lang: str) -> None:
    """The stylesheet sets the latest value at 22 pt in the theme colour with a line height
    of 1.1; Word's run takes that size and colour, and its line grows to hold it."""
    body = xml_part(built / lang / "countries" / "IRQ.docx", "word/document.xml")
    bold = [r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None]
    (run,) = [r for r in bold if "".join(r.itertext()).strip("\u200e\u200f") == "310"]
    rpr = run.find(f"{W}rPr")
    assert rpr.find(f"{W}sz").get(f"{W}val") == "44"
    assert rpr.find(f"{W}szCs").get(f"{W}val") == "44"
    assert rpr.find(f"{W}color").get(f"{W}val") == "0B5EA8"
    spacing = run.getparent().find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact"
    assert int(spacing.get(f"{W}line")) == round(22 * 1.1 * 20)


def test_the_chart_is_mirrored_in_arabic(built: Path) -> None:
    def year_x(lang: str) -> dict[str, float]:
        html = (built / lang / "countries" / "IRQ.html").read_text(encoding="utf-8")
        (data,) = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
        svg = base64.b64decode(data).decode()
        found = re.findall(r'translate\(([-0-9.]+),[-0-9.]+\)"[^>]*>(20\d\d)</text>', svg)
        return {year: float(x) for x, year in found}

    assert year_x("en")["2019"] < year_x("en")["2022"]
    assert year_x("ar")["2019"] > year_x("ar")["2022"]


def test_two_clean_builds_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    root = copy_root("charts", tmp_path)
    assert build_project(root, *FORMATS).code == 0

    def digests(folder: Path) -> dict[str, str]:
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*/countries/*"))
        }

    first = digests(built)
    assert len(first) == 6
    assert digests(root / "build") == first


def test_an_edited_value_redraws_the_chart(tmp_path: Path) -> None:
    root = copy_root("charts", tmp_path)
    assert build_project(root, "html").code == 0
    content = root / "content" / "countries" / "IRQ.yaml"
    content.write_text(
        content.read_text(encoding="utf-8").replace("value: 310", "value: 320"), encoding="utf-8"
    )
    result = build_project(root, "html")
    assert result.code == 0, result.output
    html = (root / "build" / "en" / "countries" / "IRQ.html").read_text(encoding="utf-8")
    assert 'alt="Children repatriated, 2019–2022: 156, 201, 279, 320"' in html
    assert '<p class="headline"><strong>320</strong> (2022)</p>' in html
    shutil.rmtree(root / "build")


@needs_validator
def test_the_sheet_with_a_floating_chart_passes_the_open_xml_validator(built: Path) -> None:
    assert invalid(built / lang / "countries" / "IRQ.docx" for lang in ("en", "ar")) == {}

"""A layout check of built PDFs: how full each page is, and no placeholder text.

Reads each page's text boxes with poppler's ``pdftotext -bbox-layout`` (the PDF's
real glyph positions) and measures a page's fill as the share of the text area,
from its top down to the lowest line of body text, that the page uses. The
running header and footer lie outside the text area and do not count.

Rules (docs/templates.md, "Pages"): no page is less than a quarter full, except
the cover and the contents of an event report, and the only page of a one-page
document; no page prints a placeholder such as "None recorded", in any language.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
TEXT_TOP = 20 * MM
"""The top of the text area: the smallest top margin of any document kind (sheets);
the running header ends above it."""
TEXT_BOTTOM = (297 - 18) * MM
"""The bottom of the text area on A4: the smallest bottom margin (sheets); the footer
lies below it."""
MIN_FILL = 0.25

PLACEHOLDERS = (
    "None recorded",
    "Aucune donnée enregistrée",
    "No se ha registrado información",
    "Сведения отсутствуют",
    "لا توجد معلومات مسجلة",
    "暂无记录",
    "Not available",
    "N/A",
    "TBD",
    "None.",
)
"""Placeholders that an empty section used to print (every language of the built-in
catalogs), and the usual ones of templates."""

_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Page:
    number: int
    fill: float
    """Share of the text area used, from its top to the lowest line of body text."""
    text: str
    """The page's body text, line by line."""


def read_pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its fill and body text."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = ET.fromstring(xml)
    pages: list[Page] = []
    for number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        lowest = TEXT_TOP
        lines: list[str] = []
        for line in page.iter(f"{_NS}line"):
            top, bottom = float(line.get("yMin", 0)), float(line.get("yMax", 0))
            if top < TEXT_TOP or bottom > TEXT_BOTTOM:
                continue  # running header or footer
            lowest = max(lowest, bottom)
            lines.append(" ".join(w.text or "" for w in line.iter(f"{_NS}word")))
        fill = (lowest - TEXT_TOP) / (TEXT_BOTTOM - TEXT_TOP)
        pages.append(Page(number, round(fill, 3), "\n".join(lines)))
    return pages


def placeholders_in(text: str) -> list[str]:
    """The placeholders ``text`` prints as words of their own: "N/A" in a sentence, not the
    letters of an address such as ``roca/en/About``. A placeholder in a script without spaces
    between words (Chinese) is found anywhere."""
    found = []
    for placeholder in PLACEHOLDERS:
        pattern = re.escape(placeholder)
        if placeholder.isascii():
            pattern = rf"(?<![\w/]){pattern}(?![\w/])"
        if re.search(pattern, text, re.IGNORECASE):
            found.append(placeholder)
    return found


def problems(pdf: Path, kind: str) -> list[str]:
    """What breaks the layout rules in ``pdf``, a document of ``kind`` (events,
    countries, speakers, packs): one message per problem, empty when the layout is right."""
    pages = read_pages(pdf)
    found: list[str] = []
    exempt: set[int] = set()
    if len(pages) == 1:
        exempt.add(1)
    if kind == "events":
        exempt.update({1, 2})  # the cover, and the contents (with the summary under it)
    if kind == "packs":
        exempt.update(pack_exempt(pdf))
    for page in pages:
        for placeholder in placeholders_in(page.text):
            found.append(f"{pdf.name}: page {page.number} prints {placeholder!r}")
        if page.number not in exempt and page.fill < MIN_FILL:
            found.append(
                f"{pdf.name}: page {page.number} of {len(pages)} is {page.fill:.0%} full "
                f"(at least {MIN_FILL:.0%})"
            )
    return found


def pack_exempt(pdf: Path) -> set[int]:
    """The pages of a briefing pack that its parts exempt: the pack's cover and contents (the
    pages before its first part; the report in a pack has neither), and the page of each
    part that is a one-page document on a page of its own (a country's sheet; the speakers'
    summaries follow one another, and their pages are held to the rule). The parts' first
    pages come from the PDF's outline: the contents, then each part, at its top level."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    starts = [
        reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    ][1:]
    exempt = set(range(1, starts[0]))
    for start, end in zip(starts, [*starts[1:], len(reader.pages) + 1], strict=True):
        if end - start == 1:
            exempt.add(start)
    return exempt


def check_build(build: Path) -> dict[Path, list[str]]:
    """The problems of every PDF under ``build`` (``<lang>/<kind>/<id>.pdf``), by file."""
    report: dict[Path, list[str]] = {}
    for pdf in sorted(build.glob("*/*/*.pdf")):
        found = problems(pdf, pdf.parent.name)
        if found:
            report[pdf.relative_to(build)] = found
    return report


def page_counts(build: Path) -> dict[str, int]:
    """``lang/kind/id`` -> number of pages, for every PDF under ``build``."""
    return {
        pdf.relative_to(build).with_suffix("").as_posix(): len(read_pages(pdf))
        for pdf in sorted(build.glob("*/*/*.pdf"))
    }


if __name__ == "__main__":  # python tests/layout.py BUILD_DIR: print every page's fill
    import sys

    for pdf in sorted(Path(sys.argv[1]).glob("*/*/*.pdf")):
        fills = " ".join(f"{p.fill:.0%}" for p in read_pages(pdf))
        print(f"{pdf.relative_to(sys.argv[1])}: {fills}")
        for problem in problems(pdf, pdf.parent.name):
            print(f"  {problem}")

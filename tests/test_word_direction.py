"""Word puts a block's indent and a quote's bar on the side the PDF does, whatever the
direction of the text inside.

The stylesheet indents a statement (``div.reported``), a list (``ul``/``ol``) and a quote
(``blockquote.quote``) at the container's start (``padding-inline-start``) and draws a
quote's bar there (``border-inline-start``): on the right in an Arabic document, whatever
the direction of the paragraph inside (an English statement kept in its language). A
blockquote with a ``dir`` of its own has its bar and indent at its own start.

In Word, ``w:ind`` is logical (``w:left`` is a right-to-left paragraph's start, its right
side) and borders are not (``w:bidi`` turns indents, alignment and tabs round, not
borders: ISO/IEC 29500-1, 17.3.1.6). A small project in English and Arabic is built
through the real command line; the .docx files are read back with lxml and the sides
computed from the paragraphs' own properties, their numbering's and their style's; the
PDF says where the same text stands on the page.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from lxml import etree

from docx_helpers import NS, built_project, out, q, xml_part

STATEMENT = "Kazakhstan values its partnership with the Office."
MESSAGE = "Children must come first in every response."
OWN_QUOTE = {"ar": "An English quotation set apart.", "en": "اقتباس عربي في وثيقة إنكليزية."}
"""The quote each language's speaker summary adds in a blockquote of the other direction."""

FILES = {
    "briefgen.yaml": "title: Briefings\nlanguages: [en, ar]\nformats: [pdf, docx]\n",
    "content/speakers/talgat-kaliyev.yaml": """\
name: Talgat Kaliyev
position: {en: Ambassador-at-large, ar: "سفير متجول"}
country: KAZ
""",
    "content/events/roadmap.yaml": f"""\
title: {{en: The Roadmap, ar: "خارطة الطريق"}}
kind: {{en: Special Event, ar: "حدث خاص"}}
start: 2021-03-10
venue: {{city: {{en: Kyoto, ar: "كيوتو"}}, country: JPN}}
sessions:
  - id: opening
    title: {{en: Opening, ar: "الافتتاح"}}
    speakers: [talgat-kaliyev]
statements:
  - speaker: talgat-kaliyev
    session: opening
    verbatim: false
    quote: {{en: "{STATEMENT}"}}
key_messages:
  - {{en: "{MESSAGE}"}}
""",
    # A blockquote of the other direction than the document's, as a template may write
    # one (and as Markdown's are marked in a right-to-left document).
    "templates/speaker.html": """\
{% extends "!builtin/speaker.html" %}
{% block body %}
{{ super() }}
{% if doc.dir == "rtl" %}
<blockquote class="quote" dir="ltr"><p>An English quotation set apart.</p></blockquote>
{% else %}
<blockquote class="quote" dir="rtl"><p>اقتباس عربي في وثيقة إنكليزية.</p></blockquote>
{% endif %}
{% endblock %}
""",
}
REPORT, SPEAKER = "events/roadmap", "speakers/talgat-kaliyev"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_project(tmp_path_factory, "word-direction", FILES)


class Word:
    """One .docx read back: its paragraphs, styles and numbering."""

    def __init__(self, path: Path) -> None:
        self.body = xml_part(path, "word/document.xml").find("w:body", NS)
        self.styles = xml_part(path, "word/styles.xml")
        self.numbering = xml_part(path, "word/numbering.xml")
        defaults = self.styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:bidi", NS)
        self.rtl = _on(defaults)

    def paragraph(self, text: str) -> etree._Element:
        found = [p for p in self.body.iter(q("w:p")) if text in "".join(p.itertext())]
        assert len(found) == 1, (text, len(found))
        return found[0]

    def _style(self, p: etree._Element) -> etree._Element | None:
        style = p.find("w:pPr/w:pStyle", NS)
        if style is None:
            return None
        return self.styles.find(f"w:style[@w:styleId='{style.get(q('w:val'))}']", NS)

    def _numbered(self, p: etree._Element, name: str) -> etree._Element | None:
        """``w:NAME`` of the level of the list the paragraph is an item of, or None."""
        num = p.find("w:pPr/w:numPr", NS)
        if num is None:
            return None
        num_id = num.find("w:numId", NS).get(q("w:val"))
        level = num.find("w:ilvl", NS).get(q("w:val"))
        abstract = self.numbering.find(f"w:num[@w:numId='{num_id}']/w:abstractNumId", NS)
        return self.numbering.find(
            f"w:abstractNum[@w:abstractNumId='{abstract.get(q('w:val'))}']"
            f"/w:lvl[@w:ilvl='{level}']/w:pPr/w:{name}",
            NS,
        )

    def effective(self, p: etree._Element, name: str) -> etree._Element | None:
        """The paragraph's own ``w:pPr/w:NAME``, else its list level's, else its style's."""
        own = p.find(f"w:pPr/w:{name}", NS)
        if own is None:
            own = self._numbered(p, name)
        style = self._style(p)
        if own is None and style is not None:
            own = style.find(f"w:pPr/w:{name}", NS)
        return own

    def is_rtl(self, p: etree._Element) -> bool:
        bidi = p.find("w:pPr/w:bidi", NS)
        return self.rtl if bidi is None else _on(bidi)

    def indents(self, p: etree._Element) -> tuple[int, int]:
        """(left, right) on the page, in twips: ``w:left``/``w:start`` is the paragraph's
        start, on the right of a right-to-left paragraph."""
        ind = self.effective(p, "ind")
        start = end = 0
        if ind is not None:
            start = int(ind.get(q("w:left"), ind.get(q("w:start"), "0")))
            end = int(ind.get(q("w:right"), ind.get(q("w:end"), "0")))
        return (end, start) if self.is_rtl(p) else (start, end)

    def bar(self, p: etree._Element) -> list[str]:
        """The sides the paragraph's borders stand on (they are not mirrored by w:bidi): its
        style's, each side replaced by the paragraph's own (Word and LibreOffice merge them
        side by side), a cleared side (``nil``, ``none``) left out."""
        sides: dict[str, str | None] = {}
        style = self._style(p)
        for borders in (
            style.find("w:pPr/w:pBdr", NS) if style is not None else None,
            p.find("w:pPr/w:pBdr", NS),
        ):
            for side in borders if borders is not None else []:
                sides[etree.QName(side).localname] = side.get(q("w:val"))
        return [side for side, val in sides.items() if val not in (None, "nil", "none")]


def _on(toggle: etree._Element | None) -> bool:
    return toggle is not None and toggle.get(q("w:val"), "1") not in ("0", "false", "off")


def pdf_lines(pdf: Path, text: str) -> tuple[float, float, float]:
    """(page width, left, right) of the line of ``pdf`` that holds ``text``'s first word, in
    points: its words' (pdftotext gives Arabic words in visual order), not its bullet's."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = etree.fromstring(xml.encode(), etree.XMLParser(recover=True))
    first = text.split()[0]
    for page in root.iter("{*}page"):
        words = list(page.iter("{*}word"))
        for word in words:
            if word.text in (first, first[::-1]):
                top = float(word.get("yMin"))
                line = [
                    w
                    for w in words
                    if abs(float(w.get("yMin")) - top) < 2 and any(c.isalpha() for c in w.text)
                ]
                return (
                    float(page.get("width")),
                    min(float(w.get("xMin")) for w in line),
                    max(float(w.get("xMax")) for w in line),
                )
    raise AssertionError(f"{first!r} is not in {pdf}")


def test_an_english_statement_in_an_arabic_report_is_indented_on_the_right(built: Path) -> None:
    """``div.reported`` is indented at its start, the right in an Arabic document; the
    statement inside it, kept in English, is a left-to-right paragraph. Word indented it on
    the left (the Reported style's start indent, which is the left of a left-to-right
    paragraph); it is indented on the right, as in the PDF."""
    word = Word(out(built, "ar", REPORT))
    p = word.paragraph(STATEMENT)
    assert not word.is_rtl(p)
    left, right = word.indents(p)
    assert left == 0 < right
    # The PDF: the statement's line starts at the left margin (the same as the heading's
    # rule, 20 mm) and the indent is on the right.
    _, start, _ = pdf_lines(out(built, "ar", REPORT, "pdf"), STATEMENT)
    assert start == pytest.approx(20 / 25.4 * 72, abs=1)
    # In English nothing changes: the indent is on the left.
    english = Word(out(built, "en", REPORT))
    left, right = english.indents(english.paragraph(STATEMENT))
    assert left > 0 == right


def test_an_english_item_of_an_arabic_list_is_indented_on_the_right(built: Path) -> None:
    """A key message kept in English is a left-to-right item of a right-to-left list: the
    PDF indents the list at its start (the right), the bullet at the item's start (the
    left, in the margin). Word took the list level's indent on the left."""
    word = Word(out(built, "ar", REPORT))
    item = word.paragraph(MESSAGE)
    assert item.find("w:pPr/w:numPr", NS) is not None  # still a real list item
    assert not word.is_rtl(item)
    left, right = word.indents(item)
    assert left == 0 < right
    _, start, _ = pdf_lines(out(built, "ar", REPORT, "pdf"), MESSAGE)
    assert start == pytest.approx(20 / 25.4 * 72, abs=1)
    english = Word(out(built, "en", REPORT))
    left, right = english.indents(english.paragraph(MESSAGE))
    assert left > 0 == right


@pytest.mark.parametrize(
    ("lang", "bar", "indented_left"),
    [("ar", "left", True), ("en", "right", False)],
    ids=["ltr-quote-in-arabic", "rtl-quote-in-english"],
)
def test_a_blockquote_of_the_other_direction_has_its_bar_at_its_own_start(
    built: Path, lang: str, bar: str, indented_left: bool
) -> None:
    """``blockquote dir="ltr"`` in an Arabic document: the PDF draws its bar at its start,
    the left (``border-inline-start``); Word drew it on the document's side (the Quote
    style's bar, moved to the right in a right-to-left document). The same the other way
    round: ``dir="rtl"`` in English has its bar on the right. The text is indented from the
    bar, on its side."""
    word = Word(out(built, lang, SPEAKER))
    p = word.paragraph(OWN_QUOTE[lang])
    assert word.is_rtl(p) == (lang == "en")
    assert word.bar(p) == [bar]
    left, right = word.indents(p)
    assert (left > 0 == right) if indented_left else (left == 0 < right)
    # The document's own quotes keep the document's side.
    styles_bar = word.styles.find("w:style[@w:styleId='Quote']/w:pPr/w:pBdr", NS)
    assert [etree.QName(side).localname for side in styles_bar] == [
        "right" if lang == "ar" else "left"
    ]


def test_the_pdf_indents_a_quote_from_its_bar(built: Path) -> None:
    """The PDF's quote has its space between bar and text at its start, as its bar
    (``padding-inline-start``): an English blockquote in an Arabic summary starts 6 mm in
    from the left margin, plus the bar; an Arabic one in an English summary ends 6 mm in
    from the right margin."""
    margin = 20 / 25.4 * 72
    six_mm = 6 / 25.4 * 72
    _, start, _ = pdf_lines(out(built, "ar", SPEAKER, "pdf"), OWN_QUOTE["ar"])
    assert start == pytest.approx(margin + six_mm + 2.5, abs=1.5)
    width, _, end = pdf_lines(out(built, "en", SPEAKER, "pdf"), OWN_QUOTE["en"])
    assert end == pytest.approx(width - margin - six_mm - 2.5, abs=1.5)

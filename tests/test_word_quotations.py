"""A quotation written in a Markdown field, and a statement's topic tags in a right-to-left
document: the same in Word as in the PDF.

- ``> quoted text`` in a biography or a summary is a ``blockquote`` without a class. The
  stylesheet sets it in the text's own type, indented at its start with a grey bar there
  (``blockquote:not(.quote)``); Word sets it in the Block Text style, which has that indent
  and bar, not in the Quote style of a statement's pull-quote (italic serif, whose metrics
  it would also have given to the statements after it).
- Topic tags (``span.tag``, ``inline-block``) are each one neutral character to the bidi
  algorithm in the PDF: in an Arabic document, English tags follow one another from the
  right. Word ran them together left to right; it isolates each, and LibreOffice lays them
  out from the right.

A small project in English and Arabic is built through the real command line; the .docx
files are read back with lxml (and laid out by LibreOffice), the PDFs with pdftotext and
pdftoppm.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pytest
from lxml import etree
from PIL import Image

from briefgen.render.template_files import BUILTIN_DIR
from conftest import make_project
from docx_helpers import NS, build_project, built_project, out, q, soffice_to_pdf
from ooxml import invalid, needs_validator
from test_word_direction import Word, pdf_lines

QUOTED = {
    "en": "Every child returned is a child given back a future.",
    "ar": "كل طفل يعود هو طفل يُمنح مستقبلاً من جديد.",
}
"""The quotation in the speaker's biography (a Markdown blockquote)."""
BIO_TEXT = {"en": "He leads the national programme.", "ar": "وهو يقود برنامج كازاخستان."}
ENGLISH_IN_ARABIC = "Children first, as the Roadmap says."
"""A quotation kept in English in the Arabic biography: a left-to-right blockquote."""
SUMMARY_QUOTE = "No child is born a terrorist."
TOPICS = ["repatriation", "rehabilitation", "reintegration"]

FILES = {
    "briefgen.yaml": "title: Briefings\nlanguages: [en, ar]\nformats: [pdf, docx]\n",
    "content/speakers/talgat-kaliyev.yaml": f"""\
name: Talgat Kaliyev
position: {{en: Ambassador-at-large, ar: "سفير متجول"}}
country: KAZ
bio:
  en: |-
    Talgat Kaliyev has worked on the return of children.

    > {QUOTED["en"]}

    {BIO_TEXT["en"]}
  ar: |-
    عمل طلعت كالييف على إعادة الأطفال.

    > {QUOTED["ar"]}

    {BIO_TEXT["ar"]}

    > {ENGLISH_IN_ARABIC}
""",
    "content/events/roadmap.yaml": f"""\
title: {{en: The Roadmap, ar: "خارطة الطريق"}}
start: 2021-03-10
summary:
  en: |-
    The event opened with a reminder.

    > {SUMMARY_QUOTE}
sessions:
  - id: opening
    title: {{en: Opening, ar: "الافتتاح"}}
    speakers: [talgat-kaliyev]
statements:
  - speaker: talgat-kaliyev
    session: opening
    quote: {{en: "We bring our children home.", ar: "نعيد أطفالنا إلى الوطن."}}
    topics: [{", ".join(TOPICS)}]
""",
}
REPORT, SPEAKER = "events/roadmap", "speakers/talgat-kaliyev"
MARGIN = 20 / 25.4 * 72
"""A sheet's side margins, in points."""
INDENT = 6 / 25.4 * 72 + 2.5
"""Where a quote's text starts from its side margin: the 6 mm padding and the 2.5 pt bar."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_project(tmp_path_factory, "word-quotations", FILES)


def style_of(word: Word, p: etree._Element) -> etree._Element:
    style_id = p.find("w:pPr/w:pStyle", NS).get(q("w:val"))
    return word.styles.find(f"w:style[@w:styleId='{style_id}']", NS)


def name_of(style: etree._Element) -> str:
    return str(style.find("w:name", NS).get(q("w:val")))


def words_bbox(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of the first page's words, in points."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = etree.fromstring(xml.encode(), etree.XMLParser(recover=True))
    return [
        (str(w.text), *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
        for w in root.iter("{*}word")
    ]


def find(words: list[tuple[str, float, float, float, float]], text: str) -> tuple[float, ...]:
    """The box of ``text`` (pdftotext gives an Arabic word in visual order: reversed)."""
    found = [w[1:] for w in words if w[0] in (text, text[::-1])]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_markdown_quotation_is_block_text_in_word_with_the_bar_at_its_start(
    built: Path, lang: str
) -> None:
    """Word: the biography's quotation is in Block Text (the text's own type, upright),
    indented and with a grey bar at its start: the left in English, the right in Arabic.
    The statement's quote stays in the Quote style."""
    word = Word(out(built, lang, SPEAKER))
    p = word.paragraph(QUOTED[lang])
    style = style_of(word, p)
    assert name_of(style) == "Block Text"
    assert style.find("w:rPr/w:i", NS) is None and style.find("w:rPr/w:rFonts", NS) is None
    left, right = word.indents(p)
    assert (left > 0 == right) if lang == "en" else (left == 0 < right)
    assert word.bar(p) == ["left" if lang == "en" else "right"]
    assert word.effective(p, "pBdr")[0].get(q("w:color")) == "D5DBE1"
    # The paragraphs around it are plain text, without a bar.
    around = word.paragraph(BIO_TEXT[lang])
    assert word.bar(around) == [] and word.indents(around) == (0, 0)
    quote = word.paragraph("نعيد أطفالنا" if lang == "ar" else "We bring our children home")
    assert name_of(style_of(word, quote)) == "Quote"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pdf_indents_a_markdown_quotation_from_a_grey_bar_at_its_start(
    built: Path, lang: str
) -> None:
    """The PDF: the quotation's text starts 6 mm and the bar in from the margin, on the
    document's start side, in the text's own size; the bar is drawn at the margin, grey.
    (WeasyPrint's default for a blockquote indented it 40 px on both sides, without a bar.)"""
    pdf = out(built, lang, SPEAKER, "pdf")
    width, start, end = pdf_lines(pdf, QUOTED[lang])
    if lang == "en":
        assert start == pytest.approx(MARGIN + INDENT, abs=1.5)
    else:
        assert end == pytest.approx(width - MARGIN - INDENT, abs=1.5)
    words = words_bbox(pdf)
    first = QUOTED[lang].split()[0]
    body = BIO_TEXT[lang].split()[0]
    quoted, plain = find(words, first), find(words, body)
    assert quoted[3] - quoted[1] == pytest.approx(plain[3] - plain[1], abs=0.2)
    # The bar: a grey (#d5dbe1) stroke 2.5 pt wide at the margin, beside the quoted line.
    dpi = 144
    png = pdf.parent / f"{pdf.stem}-{lang}-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", pdf, png],
        check=True,
    )
    page = Image.open(f"{png}.png").convert("RGB")
    x = MARGIN + 1.25 if lang == "en" else width - MARGIN - 1.25
    y = (quoted[1] + quoted[3]) / 2
    red, green, blue = page.getpixel((round(x * dpi / 72), round(y * dpi / 72)))
    assert (red, green, blue) == pytest.approx((0xD5, 0xDB, 0xE1), abs=12)


def test_an_english_quotation_in_an_arabic_biography_has_one_bar_on_the_left(
    built: Path,
) -> None:
    """A quotation kept in English is a left-to-right blockquote (``dir="ltr"``, as Markdown
    blocks are marked): the PDF draws its bar and indent at its start, the left. Word puts
    its bar there and clears the Block Text style's, which stands on the right in an Arabic
    document (Word and LibreOffice drew both)."""
    word = Word(out(built, "ar", SPEAKER))
    p = word.paragraph(ENGLISH_IN_ARABIC)
    assert name_of(style_of(word, p)) == "Block Text"
    assert not word.is_rtl(p)
    assert word.bar(p) == ["left"]
    left, right = word.indents(p)
    assert left > 0 == right
    _, start, _ = pdf_lines(out(built, "ar", SPEAKER, "pdf"), ENGLISH_IN_ARABIC)
    assert start == pytest.approx(MARGIN + INDENT, abs=1.5)


def test_a_quotation_in_a_summary_leaves_the_statements_quotes_their_size(built: Path) -> None:
    """The report's summary holds a quotation before the statements: the Quote style keeps
    the size of the statements' quotes in the PDF (11 pt), where it took the summary
    quotation's (10 pt) when both were in it."""
    word = Word(out(built, "en", REPORT))
    assert name_of(style_of(word, word.paragraph(SUMMARY_QUOTE))) == "Block Text"
    quote = word.styles.find("w:style[@w:styleId='Quote']", NS)
    assert quote.find("w:rPr/w:sz", NS).get(q("w:val")) == "22"


def test_a_document_without_a_quotation_has_no_block_text_style(built: Path) -> None:
    """Block Text is added to the documents that use it: the others' styles stay the
    reference's."""
    word = Word(out(built, "en", "countries/KAZ"))
    assert word.styles.find("w:style[@w:styleId='BlockText']", NS) is None


@needs_validator
def test_the_documents_with_block_text_are_valid(built: Path) -> None:
    files = [out(built, lang, target) for lang in ("en", "ar") for target in (REPORT, SPEAKER)]
    assert invalid(files) == {}


def test_a_reference_with_its_own_block_text_keeps_it(tmp_path: Path) -> None:
    """A project's reference.docx that defines Block Text (an office's own look for a
    quotation) has it used as it is: briefgen adds none of its own."""
    document = docx.Document(str(BUILTIN_DIR / "reference.docx"))
    document.styles.add_style("Block Text", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    document.styles["Block Text"].paragraph_format.left_indent = docx.shared.Mm(15)
    buffer = io.BytesIO()
    document.save(buffer)
    files = {**FILES, "templates/reference.docx": buffer.getvalue()}
    root = make_project(tmp_path, files)
    report = build_project(root, "docx", targets=(SPEAKER,))
    assert not report.failed, report.output
    word = Word(out(root, "en", SPEAKER))
    p = word.paragraph(QUOTED["en"])
    style = style_of(word, p)
    assert name_of(style) == "Block Text"
    assert word.indents(p) == (850, 0)  # 15 mm, the office's; no bar of briefgen's
    assert word.bar(p) == []
    names = [name_of(s) for s in word.styles.iterfind("w:style", NS)]
    assert names.count("Block Text") == 1


def test_english_topics_run_from_the_right_in_an_arabic_summary(
    built: Path, tmp_path: Path
) -> None:
    """The PDF lays the tags out from the right, in their order; Word isolates each (its
    text between right-to-left marks, the spaces between them right to left), and
    LibreOffice lays them out from the right too. English keeps them from the left."""
    for lang in ("ar", "en"):
        words = words_bbox(out(built, lang, SPEAKER, "pdf"))
        xs = [find(words, topic)[0] for topic in TOPICS]
        assert xs == sorted(xs, reverse=lang == "ar"), (lang, xs)
    word = Word(out(built, "ar", SPEAKER))
    p = word.paragraph(TOPICS[0])
    assert word.is_rtl(p)
    text = "".join(t.text or "" for t in p.iter(q("w:t")))
    tags = " ".join(f"\u200f\u200e{topic}\u200e\u200f" for topic in TOPICS)
    assert text == tags
    (converted,) = soffice_to_pdf(
        [out(built, "ar", SPEAKER)], tmp_path / "lo", tmp_path / "profile"
    )
    words = words_bbox(converted)
    xs = [find(words, topic)[0] for topic in TOPICS]
    assert xs == sorted(xs, reverse=True), xs
